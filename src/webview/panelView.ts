/**
 * Draws a RunView into the panel and keeps it up to date. `render` compares the new view with
 * the one last drawn by object identity (the reducer copies only what changed), so a frame in
 * which ten agents streamed touches ten lanes and nothing else.
 */
import type { FromPanel } from '../shared/messages';
import {
  agentTitle,
  bannerText,
  currentRound,
  holdersText,
  type AgentView,
  type RoundView,
  type RunView,
  type TiedAnswer,
} from '../shared/runView';
import { formatMs, h, setAttr, setText } from './dom';
import { findingCounts, renderFindings } from './findings';
import { LaneElement } from './lane';
import { renderMarkdown, StreamingMarkdown } from './markdown';
import { renderPoll } from './poll';
import { SetupPage } from './setupPage';
import type { SetupView } from '../shared/setup';

const PHASE_TEXT: Record<RoundView['phase'], string> = {
  propose: 'proposals',
  refine: 'refinement',
  discuss: 'discussion',
  synthesize: 'synthesis',
  judge: 'judging',
};

/** One round's section: its lanes and its poll. */
interface RoundElement {
  root: HTMLElement;
  lanes: HTMLElement;
  laneElements: Map<string, LaneElement>;
  pollHolder: HTMLElement;
  poll: RoundView['poll'];
  /** The round object whose lanes were all drawn (a later frame may finish a round halfway). */
  drawn: RoundView | undefined;
}

/** The panel's DOM and what it last showed. */
export class PanelView {
  private readonly title = h('h1', { className: 'run-title' });
  private readonly demoBadge = h('span', {
    className: 'demo-badge',
    text: 'Demo',
    attrs: { title: 'Scripted demo agents answered this run, not real models' },
  });
  private readonly leaveDemo: HTMLButtonElement;
  private readonly setupPage: SetupPage;
  private readonly state = h('p', { className: 'run-state', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly cancel: HTMLButtonElement;
  private readonly rerun: HTMLButtonElement;
  private readonly statusLine = h('p', { className: 'status-line', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly prompt = h('div', { className: 'prompt-text' });
  private readonly code = h('code');
  private readonly codeBlock = h('details', { className: 'code-block', attrs: { open: '' } });
  private readonly banner = h('div', { className: 'banner', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly findings = h('section', { className: 'findings-section', attrs: { 'aria-labelledby': 'findings-heading' } });
  private readonly answer = h('section', { className: 'answer', attrs: { 'aria-labelledby': 'answer-heading' } });
  private readonly answerMeta = h('p', { className: 'answer-meta' });
  private readonly answerBody = h('div', {
    className: 'answer-body markdown',
    attrs: { tabindex: '0', role: 'region', 'aria-label': 'Agreed answer' },
  });
  private readonly answerMarkdown = new StreamingMarkdown(this.answerBody);
  private readonly answerPlaceholder = h('p', { className: 'answer-placeholder' });
  private readonly answerHeading = h('h2', { text: 'Answer', attrs: { id: 'answer-heading' } });
  /** After a tie: the tied answers side by side, each with its own Insert. */
  private readonly tieAnswers = h('ul', { className: 'tie-answers', attrs: { 'aria-label': 'Tied answers' } });
  private readonly toolbar: HTMLElement;
  private readonly actions: HTMLButtonElement[];
  private readonly replaceButtons: HTMLButtonElement[];
  private readonly rounds = h('div', { className: 'rounds' });
  private readonly empty = h(
    'main',
    { className: 'no-run' },
    h('h1', { className: 'visually-hidden', text: 'Consensus' }),
    h('p', {
      className: 'empty',
      text: 'No run yet. Select code and run “Consensus: Run Consensus”, or ask a question in the Consensus sidebar.',
    }),
  );
  private readonly main: HTMLElement;
  private readonly roundElements = new Map<number, RoundElement>();
  private last: RunView | null = null;
  /** Round-robin start, so a frame that runs out of time does not always skip the same lanes. */
  private laneCursor = 0;

  constructor(
    root: HTMLElement,
    private readonly post: (message: FromPanel) => void,
  ) {
    this.cancel = button('Cancel', 'secondary', () => this.withRun((runId) => this.post({ type: 'cancel', runId })), 'Cancel this run');
    this.rerun = button(
      'Run Again',
      'secondary',
      () => this.withRun((runId) => this.post({ type: 'rerun', runId })),
      'Run the same question again',
    );
    const insert = button(
      'Insert',
      'primary',
      () => this.withRun((runId) => this.post({ type: 'insert', runId })),
      'Insert the answer below the selected code, after a blank line (at the cursor when nothing was selected)',
    );
    const replace = button(
      'Replace Selection',
      'secondary',
      () => this.withRun((runId) => this.post({ type: 'replace', runId })),
      'Replace the selection the run started on with the answer',
    );
    const diff = button(
      'Diff',
      'secondary',
      () => this.withRun((runId) => this.post({ type: 'diff', runId })),
      'Preview the answer as a diff of the selection',
    );
    const copy = button('Copy', 'secondary', () => this.post({ type: 'copy', text: this.last?.synthesis.text ?? '' }), 'Copy the answer');
    this.actions = [insert, replace, diff, copy];
    this.replaceButtons = [replace, diff];
    // The code scrolls sideways in its own box, which the keyboard can focus to scroll it.
    this.codeBlock.append(h('summary', { text: 'Code' }), h('pre', { attrs: { tabindex: '0', 'aria-label': 'Code' } }, this.code));
    this.findings.append(h('h2', { text: 'Findings', attrs: { id: 'findings-heading' } }));
    this.toolbar = h('div', { className: 'actions', attrs: { role: 'toolbar', 'aria-label': 'Use the answer' } }, ...this.actions);
    this.answer.append(this.answerHeading, this.answerMeta, this.answerPlaceholder, this.answerBody, this.tieAnswers, this.toolbar);
    const settings = button('Settings', 'icon', () => this.post({ type: 'openSettings' }), 'Open Consensus settings');
    this.leaveDemo = button('Leave Demo', 'secondary', () => this.post({ type: 'leaveDemo' }), 'Stop using the demo agents');
    this.setupPage = new SetupPage(post);
    this.main = h(
      'main',
      {},
      h(
        'header',
        { className: 'run-header' },
        h(
          'div',
          { className: 'run-heading' },
          h('div', { className: 'run-name' }, this.demoBadge, this.title),
          h('div', { className: 'run-controls' }, this.cancel, this.rerun, this.leaveDemo, settings),
        ),
        this.state,
        this.statusLine,
      ),
      h(
        'section',
        { className: 'question', attrs: { 'aria-labelledby': 'question-heading' } },
        h('h2', { text: 'Question', attrs: { id: 'question-heading' } }),
        this.prompt,
        this.codeBlock,
      ),
      this.banner,
      this.findings,
      this.answer,
      h(
        'section',
        { className: 'discussion', attrs: { 'aria-labelledby': 'discussion-heading' } },
        h('h2', { text: 'Discussion', attrs: { id: 'discussion-heading' } }),
        this.rounds,
      ),
    );
    root.replaceChildren(this.empty, this.main, this.setupPage.root);
    this.main.hidden = true;
    this.statusLine.hidden = true;
  }

  /** Shows the setup page instead of a run, until the next `render`. */
  showSetup(setup: SetupView): void {
    // The setup page takes the place of whatever was shown: it opens at its top.
    if (this.setupPage.root.hidden) window.scrollTo(0, 0);
    this.setupPage.render(setup);
    this.empty.hidden = true;
    this.main.hidden = true;
    this.setupPage.root.hidden = false;
  }

  /** Shows a transient message from the extension. */
  showStatus(level: 'info' | 'warning' | 'error', text: string): void {
    this.statusLine.hidden = text === '';
    this.statusLine.dataset.level = level;
    setText(this.statusLine, text);
  }

  /**
   * Draws `view`. Lanes are drawn until `deadline` (a `performance.now()` time) passes; returns
   * false when some were left for the next frame.
   */
  render(view: RunView | null, deadline = Infinity): boolean {
    this.setupPage.root.hidden = true;
    const last = this.last;
    if (view === null) {
      this.last = null;
      this.empty.hidden = false;
      this.main.hidden = true;
      return true;
    }
    if (last === null || last.runId !== view.runId) this.rebuild(view);
    this.empty.hidden = true;
    this.main.hidden = false;
    const previous = this.last;
    this.last = view;
    if (previous !== view) this.renderSummary(view, previous);
    return this.renderRounds(view, deadline);
  }

  private rebuild(view: RunView): void {
    // Another run takes the page: it opens at its top, not where the last one was scrolled to.
    window.scrollTo(0, 0);
    this.roundElements.clear();
    this.rounds.replaceChildren();
    this.last = null;
    setText(this.title, view.title);
    this.demoBadge.hidden = !view.demo;
    this.leaveDemo.hidden = !view.demo;
    setText(this.prompt, view.prompt);
    this.codeBlock.hidden = view.code === undefined;
    setText(this.code, view.code?.text ?? '');
    this.code.className = view.code ? `language-${view.code.languageId}` : '';
    this.showStatus('info', '');
  }

  private renderSummary(view: RunView, previous: RunView | null): void {
    setText(this.state, runState(view));
    const running = view.status === 'running';
    this.cancel.hidden = !running;
    this.rerun.hidden = running;
    const banner = bannerText(view);
    this.banner.hidden = banner === undefined;
    this.banner.dataset.kind = view.tie && view.status === 'not-final' ? 'tie' : view.status;
    setText(this.banner, banner ?? '');

    this.findings.hidden = view.mode !== 'review';
    if (view.mode === 'review' && view.findings !== previous?.findings) {
      const list = renderFindings(view.findings, view.agents.length, (findingId) =>
        this.post({ type: 'revealFinding', runId: view.runId, findingId }),
      );
      this.findings.replaceChildren(this.findings.firstElementChild ?? h('h2'), list);
    }

    const synthesis = view.synthesis;
    if (synthesis !== previous?.synthesis || view.status !== previous.status || view.tie !== previous.tie) {
      const tie = view.tie;
      this.tieAnswers.hidden = tie === undefined;
      this.tieAnswers.replaceChildren(...(tie ?? []).map((tied, index) => this.tiedAnswer(view, tied, index)));
      setText(this.answerHeading, tie ? 'Tied answers' : 'Answer');
      // A tie has no answer to use by default: only each tied answer's own button places it.
      this.toolbar.hidden = tie !== undefined;
      const hasAnswer = synthesis.text !== '' && tie === undefined;
      this.answer.hidden = view.mode === 'review' ? !hasAnswer : false;
      this.answerMarkdown.update(hasAnswer ? synthesis.text : '');
      this.answerBody.hidden = !hasAnswer;
      this.answerPlaceholder.hidden = hasAnswer || tie !== undefined;
      setText(this.answerPlaceholder, running ? 'The answer appears here once the agents agree.' : 'No answer.');
      setText(this.answerMeta, answerMeta(view));
      const usable = !running && hasAnswer && view.mode === 'answer';
      for (const action of this.actions) action.disabled = !usable;
      for (const action of this.replaceButtons) action.hidden = view.code === undefined;
    }
  }

  private renderRounds(view: RunView, deadline: number): boolean {
    let complete = true;
    const dirty: Array<{ element: RoundElement; round: RoundView }> = [];
    for (const round of view.rounds) {
      let element = this.roundElements.get(round.round);
      if (!element) {
        element = this.createRound(round);
        this.roundElements.set(round.round, element);
        this.insertRoundElement(round.round, element.root);
      }
      if (element.drawn !== round) dirty.push({ element, round });
    }
    const followers: LaneElement[] = [];
    const pending: Array<() => void> = [];
    for (const { element, round } of dirty) {
      for (const agent of laneOrder(view, round)) {
        const lane = round.lanes[agent.id];
        if (!lane) continue;
        let laneElement = element.laneElements.get(agent.id);
        if (!laneElement) {
          laneElement = new LaneElement(agent, round.round);
          element.laneElements.set(agent.id, laneElement);
          element.lanes.append(laneElement.root);
        }
        const target = laneElement;
        if (target.isStale(lane)) {
          pending.push(() => {
            if (target.update(lane)) followers.push(target);
          });
        }
      }
      if (round.poll !== element.poll) {
        element.poll = round.poll;
        element.pollHolder.replaceChildren(round.poll ? renderPoll(view, round.round, round.poll) : '');
      }
    }
    // Draw the stale lanes, starting where the last short frame stopped, until the deadline.
    const start = pending.length ? this.laneCursor % pending.length : 0;
    let drawn = 0;
    for (; drawn < pending.length; drawn++) {
      if (drawn > 0 && performance.now() > deadline) break;
      pending[(start + drawn) % pending.length]?.();
    }
    if (drawn < pending.length) {
      complete = false;
      this.laneCursor = start + drawn;
    } else {
      for (const { element, round } of dirty) element.drawn = round;
    }
    // Reads after all writes: one layout for every lane that follows its stream.
    for (const lane of followers) lane.follow();
    return complete;
  }

  private createRound(round: RoundView): RoundElement {
    const heading = h('h3', { text: `Round ${round.round} — ${PHASE_TEXT[round.phase]}` });
    const lanes = h('div', { className: 'lanes' });
    const pollHolder = h('div', { className: 'poll-holder' });
    const root = h(
      'section',
      { className: 'round', attrs: { 'aria-label': `Round ${round.round}`, 'data-round': String(round.round) } },
      heading,
      lanes,
      pollHolder,
    );
    return { root, lanes, laneElements: new Map(), pollHolder, poll: undefined, drawn: undefined };
  }

  private insertRoundElement(roundNumber: number, root: HTMLElement): void {
    const after = [...this.roundElements.entries()].filter(([number]) => number > roundNumber).sort((a, b) => a[0] - b[0])[0];
    if (after) this.rounds.insertBefore(root, after[1].root);
    else this.rounds.append(root);
  }

  /** One tied answer: who holds it, the text, and the deliberate choice to insert or copy it. */
  private tiedAnswer(view: RunView, tied: TiedAnswer, index: number): HTMLElement {
    const holders = holdersText(view, tied.supporters) || holdersText(view, [tied.by]);
    const name = `Tied answer ${index + 1}`;
    const body = h('div', {
      className: 'tie-body markdown',
      attrs: { tabindex: '0', role: 'region', 'aria-label': `${name}, held by ${holders}` },
    });
    body.append(renderMarkdown(tied.text));
    const insert = button(
      'Insert this one',
      'secondary',
      () => this.withRun((runId) => this.post({ type: 'insert', runId, option: tied.option })),
      `Insert ${name} (held by ${holders}) below the selection the run started on`,
    );
    const copy = button('Copy', 'secondary', () => this.post({ type: 'copy', text: tied.text }), `Copy ${name}`);
    insert.disabled = view.mode !== 'answer';
    return h(
      'li',
      { className: 'tie-answer', attrs: { 'data-option': tied.option } },
      h(
        'header',
        { className: 'tie-head' },
        h('span', { className: 'tie-name', text: name }),
        h('span', { className: 'tie-holders', text: `held by ${holders}` }),
      ),
      body,
      h('div', { className: 'actions' }, insert, copy),
    );
  }

  private withRun(action: (runId: string) => void): void {
    if (this.last) action(this.last.runId);
  }
}

/** Agents in label order (A, B, C...), the order the other agents see them in. */
function laneOrder(view: RunView, round: RoundView): AgentView[] {
  const known = view.agents.filter((agent) => round.lanes[agent.id]);
  const unknown = Object.keys(round.lanes)
    .filter((id) => !view.agents.some((agent) => agent.id === id))
    .map((id) => ({ id, name: id, label: '' }));
  return [...known, ...unknown].sort((a, b) => (a.label || '~').localeCompare(b.label || '~'));
}

function runState(view: RunView): string {
  const parts: string[] = [];
  const round = currentRound(view);
  if (
    view.mode === 'review' &&
    view.status !== 'running' &&
    view.status !== 'failed' &&
    view.status !== 'cancelled' &&
    view.findings.length > 0
  ) {
    // A review decides each finding on its own: the header counts them as the list shows them.
    parts.push(reviewState(view));
  } else
    switch (view.status) {
      case 'running':
        parts.push(
          round < 0
            ? 'Starting…'
            : view.synthesis.status === 'running'
              ? 'Writing the final answer…'
              : `Running — round ${round} of ${view.params.rounds}`,
        );
        break;
      case 'final':
        parts.push('Final');
        break;
      case 'not-final':
        parts.push(view.tie ? 'Tie' : 'Not final');
        break;
      case 'cancelled':
        parts.push('Cancelled');
        break;
      case 'failed':
        parts.push('Failed');
        break;
    }
  parts.push(view.demo ? `${view.agents.length} scripted demo agents` : `${view.agents.length} agents`);
  if (view.calls !== undefined) parts.push(`${view.calls} model calls made`);
  else if (view.estimatedMaxCalls !== undefined) parts.push(`up to ${view.estimatedMaxCalls} model calls`);
  if (view.protocol === 'discussion') parts.push('discussion mode');
  return parts.join(' · ');
}

function reviewState(view: RunView): string {
  const counts = findingCounts(view.findings);
  const open = counts.disputed + counts.pending;
  if (open === 0) return view.status === 'final' ? 'Every finding decided' : 'Every finding decided, run not final';
  return `${open} of ${view.findings.length} ${view.findings.length === 1 ? 'finding' : 'findings'} not agreed`;
}

function answerMeta(view: RunView): string {
  if (view.tie) return 'The agents are tied: no answer was agreed. Read the tied answers and insert the one you choose.';
  const synthesis = view.synthesis;
  if (synthesis.status === 'running' && synthesis.by) return `${agentTitle(view, synthesis.by)} is writing the final answer…`;
  if (synthesis.status === 'failed')
    return `The synthesis failed (${synthesis.error ?? 'unknown error'}); showing the winning answer as it is.`;
  if (synthesis.source === 'model' && synthesis.by)
    return `Written by ${agentTitle(view, synthesis.by)} from the agreed answers${synthesis.ms !== undefined ? ` in ${formatMs(synthesis.ms)}` : ''}.`;
  if (view.winner && synthesis.text) return `The answer of ${agentTitle(view, view.winner)}, as its supporters gave it.`;
  return '';
}

/**
 * A button named by its visible text (what speech input users say, and what screen readers
 * speak); `description` says more, as its tooltip and accessible description.
 */
function button(text: string, kind: 'primary' | 'secondary' | 'icon', onClick: () => void, description: string): HTMLButtonElement {
  const element = h('button', { className: `button ${kind}`, text, attrs: { type: 'button', title: description }, onClick });
  setAttr(element, 'data-kind', kind);
  return element;
}
