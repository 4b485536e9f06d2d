/**
 * One lane of the panel: an agent's streamed answer in one round, with its status, latency and
 * tokens. Keeps its last rendered state so an unchanged lane costs nothing.
 */
import type { AgentView, LaneStatus, LaneView } from '../shared/runView';
import { formatMs, h, setAttr, setText } from './dom';
import { StreamingMarkdown } from './markdown';

const STATUS_TEXT: Record<LaneStatus, string> = {
  waiting: 'Waiting',
  thinking: 'Thinking…',
  done: 'Done',
  failed: 'Failed',
  'timed-out': 'Timed out',
  cancelled: 'Cancelled',
  dropped: 'Dropped',
};

/** How close to the bottom (px) still counts as "following" the stream. */
const FOLLOW_SLACK = 24;

/** People who asked for less motion: a lane never scrolls by itself, they scroll it. */
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

/** The DOM of one lane. */
export class LaneElement {
  readonly root: HTMLElement;
  private readonly status: HTMLElement;
  private readonly meta: HTMLElement;
  private readonly body: HTMLElement;
  private readonly error: HTMLElement;
  private readonly markdown: StreamingMarkdown;
  private last: LaneView | undefined;
  /** Whether the body follows new text (until the user scrolls up; never with reduced motion). */
  private following = !reducedMotion.matches;
  /** Where `follow` last scrolled to. */
  private autoScrollTop = -1;

  constructor(agent: AgentView, round: number) {
    const who = agent.label ? `${agent.label} · ${agent.name}` : agent.name;
    this.status = h('span', { className: 'lane-status' });
    this.meta = h('span', { className: 'lane-meta' });
    this.body = h('div', {
      className: 'lane-body markdown',
      attrs: { tabindex: '0', role: 'region', 'aria-label': `Answer of ${who}, round ${round}` },
    });
    this.error = h('div', { className: 'lane-error', attrs: { role: 'note' } });
    this.error.hidden = true;
    const label = h('span', {
      className: 'agent-label',
      text: agent.label || '?',
      attrs: { title: 'Anonymous label the other agents see' },
    });
    const name = h('span', { className: 'agent-name', text: agent.name });
    this.root = h(
      'article',
      { className: 'lane', attrs: { 'aria-label': `${who}, round ${round}`, 'data-agent': agent.id } },
      h('header', { className: 'lane-head' }, label, name, this.status, this.meta),
      this.error,
      this.body,
    );
    this.markdown = new StreamingMarkdown(this.body);
    this.body.addEventListener(
      'scroll',
      () => {
        // Scroll events arrive a frame late, when more text may have come: only a move up from
        // where `follow` put the view is the user leaving the bottom; reaching it again resumes.
        const top = this.body.scrollTop;
        if (top < this.autoScrollTop - FOLLOW_SLACK) {
          this.following = false;
          this.trim(false);
        } else if (!reducedMotion.matches && top + this.body.clientHeight >= this.body.scrollHeight - FOLLOW_SLACK) {
          this.following = true;
        }
      },
      { passive: true },
    );
  }

  /** Whether `lane` differs from what is shown. */
  isStale(lane: LaneView): boolean {
    return lane !== this.last;
  }

  /** Writes the changes; returns true when the text changed (the caller then calls `follow`). */
  update(lane: LaneView): boolean {
    const previous = this.last;
    this.last = lane;
    if (previous?.status !== lane.status) {
      setText(this.status, STATUS_TEXT[lane.status]);
      this.root.dataset.status = lane.status;
      setAttr(this.root, 'aria-busy', lane.status === 'thinking' ? 'true' : undefined);
    }
    if (previous?.ms !== lane.ms || previous?.usage !== lane.usage) setText(this.meta, laneMeta(lane));
    if (previous?.error !== lane.error || previous?.status !== lane.status) {
      // A lane the run stopped did not fail: it says "Cancelled" and shows no error.
      const shown = lane.status === 'cancelled' ? undefined : lane.error;
      this.error.hidden = !shown;
      setText(this.error, shown ?? '');
      setAttr(this.root, 'data-error-kind', lane.errorKind);
    }
    const grew = this.markdown.update(lane.text);
    // Lets tests and the benchmark see how much text is on screen without reading the DOM text.
    if (grew) this.root.dataset.rendered = String(lane.text.length);
    const untrimmed = this.trim(this.following && lane.status === 'thinking');
    return grew || untrimmed;
  }

  /**
   * While a lane streams and follows its newest text, only the last few thousand characters stay
   * laid out (CSS hides the pieces marked old), so each frame's layout and paint cost stays the same however
   * long the answer grows. Returns true when the whole text was shown again.
   */
  private trim(on: boolean): boolean {
    if (this.body.classList.contains('trimmed') === on) return false;
    if (on) {
      this.body.classList.add('trimmed');
      return false;
    }
    // Keep the text under the user's eyes in place while the hidden pieces come back above it.
    const fromBottom = this.body.scrollHeight - this.body.scrollTop;
    this.body.classList.remove('trimmed');
    this.body.scrollTop = this.body.scrollHeight - fromBottom;
    this.autoScrollTop = this.body.scrollTop;
    return true;
  }

  /** Keeps the newest text in view while the user has not scrolled up. Call after all DOM writes. */
  follow(): void {
    if (!this.following || reducedMotion.matches) return;
    this.body.scrollTop = this.body.scrollHeight;
    this.autoScrollTop = this.body.scrollTop;
  }
}

function laneMeta(lane: LaneView): string {
  const parts: string[] = [];
  if (lane.ms !== undefined) parts.push(formatMs(lane.ms));
  const usage = lane.usage;
  const tokens: string[] = [];
  if (usage?.inputTokens !== undefined) tokens.push(`${usage.inputTokens} in`);
  if (usage?.outputTokens !== undefined) tokens.push(`${usage.outputTokens} out`);
  if (tokens.length) parts.push(`${tokens.join(' · ')} tokens`);
  return parts.join(' · ');
}
