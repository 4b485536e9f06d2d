/**
 * The panel as a person sees it, driven the way the extension drives it: a snapshot of the run,
 * then the engine's events one message at a time. Elements are found by role and accessible name,
 * as a screen reader would find them, so the tests hold while the layout changes.
 */
import { strict as assert } from 'node:assert';
import { within } from '@testing-library/dom';
import type { ConsensusEvent } from '../../../src/core/events';
import { applyEvent, createRunView, type RunView } from '../../../src/shared/runView';
import { openPage, textOf, visibleText, type Page } from './page';
import {
  agreedRunEvents,
  agreeingRound,
  ANSWER,
  answered,
  FINDINGS,
  RUN_ID,
  runInit,
  START,
  streaming,
  TIED,
  tiedRunEvents,
  viewOf,
} from './runs';

describe('panel page', () => {
  let page: Page<'panel'>;
  beforeEach(() => {
    page = openPage('panel');
  });
  afterEach(() => page.close());

  /** Starts showing a run as the extension does: its empty view, then its events as they happen. */
  function showRun(events: ConsensusEvent[], init = runInit()): void {
    page.send({ type: 'snapshot', view: createRunView(init) });
    for (const event of events) page.send({ type: 'event', runId: init.runId, event });
  }

  /** One agent's lane in one round, found by the agent's name. */
  function lane(agentName: string, round: number): HTMLElement {
    return page.screen.getByRole('article', { name: new RegExp(`${agentName}\\b.*round ${round}`) });
  }

  /** The text of a lane's answer (its streamed markdown, as rendered). */
  function laneAnswer(agentName: string, round: number): string {
    return textOf(within(lane(agentName, round)).getByRole('region', { name: new RegExp(agentName) }));
  }

  function button(name: RegExp): HTMLButtonElement {
    return page.screen.getByRole('button', { name }) as HTMLButtonElement;
  }

  /** The live status lines at the top (the run's state, the outcome banner). */
  function statusText(): string {
    return page.screen.getAllByRole('status').map(visibleText).join(' | ');
  }

  function clicked(name: RegExp): unknown[] {
    page.takePosted();
    button(name).click();
    return page.takePosted();
  }

  it('tells the extension it is ready and shows an empty page until a run arrives', () => {
    assert.deepEqual(page.posted, [{ type: 'ready' }]);
    page.send({ type: 'snapshot', view: null });
    assert.match(visibleText(page.document.body), /No run yet/);
    assert.equal(page.screen.queryByRole('button', { name: /insert/i }), null);
  });

  it("streams each agent's text into its own lane while the run is in progress", () => {
    showRun([
      START,
      { type: 'round-start', round: 0, phase: 'propose', participants: ['gpt', 'claude', 'local'] },
      ...streaming(0, 'propose', 'claude', 'The bound ', '`n - 1` stops'),
      ...streaming(0, 'propose', 'gpt', 'Use i'),
      { type: 'agent-start', round: 0, phase: 'propose', participant: 'local' },
    ]);
    assert.equal(laneAnswer('claude-sonnet', 0), 'The bound n - 1 stops');
    assert.equal(laneAnswer('gpt-4o', 0), 'Use i');
    assert.equal(laneAnswer('llama3', 0), '');
    assert.match(visibleText(lane('llama3', 0)), /Thinking/);
    assert.match(statusText(), /Running — round 0 of 3/);
    assert.match(statusText(), /3 agents/);

    // More text arrives: it is added to what the lane shows, and only to that lane.
    page.send({
      type: 'event',
      runId: RUN_ID,
      event: { type: 'agent-text', round: 0, phase: 'propose', participant: 'claude', delta: ' one short.' },
    });
    assert.equal(laneAnswer('claude-sonnet', 0), 'The bound n - 1 stops one short.');
    assert.equal(laneAnswer('gpt-4o', 0), 'Use i');

    assert.match(visibleText(page.screen.getByRole('region', { name: /^answer$/i })), /appears here once the agents agree/);
    assert.equal(button(/^insert/i).disabled, true, 'nothing to insert while the agents are still answering');
    assert.deepEqual(clicked(/cancel/i), [{ type: 'cancel', runId: RUN_ID }]);
    assert.equal(page.screen.queryByRole('button', { name: /run .*again/i }), null);
  });

  it('shows after each round who sampled whom, whom each endorsed, and how confident each is', () => {
    showRun([START, ...agreeingRound()]);
    const table = page.screen.getByRole('table', { name: /poll after round 0/i });
    const rows = pollRows(table);
    assert.deepEqual(Object.keys(rows), ['A claude-sonnet', 'B gpt-4o', 'C llama3']);
    assert.equal(rows['A claude-sonnet']?.Sampled, 'B, C');
    assert.equal(rows['B gpt-4o']?.Sampled, 'A, C');
    assert.equal(rows['A claude-sonnet']?.Endorses, 'B');
    assert.equal(rows['B gpt-4o']?.Endorses, 'A');
    assert.match(rows['C llama3']?.Endorses ?? '', /^C\b.*own/, 'an agent that endorsed itself is marked so');
    assert.match(rows['A claude-sonnet']?.Confidence ?? '', /0\.75/);
    assert.match(rows['C llama3']?.Confidence ?? '', /0\.40/);
    // The meters say in words whether each agent is confident (beta1 is 0.5 in this run).
    assert.ok(within(table).getByRole('img', { name: /^Confidence 0\.75\b.*: confident$/ }));
    assert.ok(within(table).getByRole('img', { name: /^Confidence 0\.40\b.*not confident/ }));
    const shares = page.screen.getByRole('list', { name: /answers and their confident share/i });
    assert.match(visibleText(shares), /held by A, B, C.*3 of 3 confident/);
  });

  it('shows the final answer with Insert, Replace and Diff, each posting its request for this run', () => {
    showRun(agreedRunEvents());
    assert.match(statusText(), /Agreed after round 0 — share 3 of 3/);
    assert.match(statusText(), /Final/);
    const answer = page.screen.getByRole('region', { name: /agreed answer/i });
    // Markdown is rendered: the code block is a code block, not backticks.
    assert.equal(textOf(answer.querySelector('pre code')), 'for (let i = 0; i < n; i++) {}');
    assert.doesNotMatch(textOf(answer), /```/);

    for (const name of [/^insert/i, /^replace/i, /^diff|diff/i, /^copy/i])
      assert.equal(button(name).disabled, false, `${String(name)} is usable`);
    assert.deepEqual(clicked(/^insert/i), [{ type: 'insert', runId: RUN_ID }]);
    assert.deepEqual(clicked(/^replace/i), [{ type: 'replace', runId: RUN_ID }]);
    assert.deepEqual(clicked(/diff/i), [{ type: 'diff', runId: RUN_ID }]);
    assert.deepEqual(clicked(/^copy/i), [{ type: 'copy', text: ANSWER }]);
    assert.deepEqual(clicked(/run .*again/i), [{ type: 'rerun', runId: RUN_ID }]);
    assert.equal(page.screen.queryByRole('button', { name: /cancel/i }), null, 'a finished run cannot be cancelled');
  });

  it('offers no Replace or Diff for a question asked without code', () => {
    const init = runInit();
    delete init.code;
    showRun(agreedRunEvents(), init);
    assert.equal(button(/^insert/i).disabled, false);
    assert.equal(page.screen.queryByRole('button', { name: /^replace/i }), null);
    assert.equal(page.screen.queryByRole('button', { name: /diff/i }), null);
  });

  it('lets the user insert either answer of a tie, and offers no answer of its own', () => {
    showRun(tiedRunEvents());
    assert.match(statusText(), /tie between 2 answers/i);
    const tied = within(page.screen.getByRole('list', { name: /tied answers/i })).getAllByRole('listitem');
    assert.equal(tied.length, 2);
    assert.match(visibleText(tied[0] as HTMLElement), /held by A\b.*Answer one: use i <= n - 1/);
    assert.match(visibleText(tied[1] as HTMLElement), /held by B\b.*Answer two: use i < n/);
    // Only the tied answers' own buttons insert: no button inserts "the" answer.
    const inserts = page.screen.getAllByRole('button', { name: /^insert/i });
    assert.equal(inserts.length, 2);
    page.takePosted();
    within(tied[1] as HTMLElement)
      .getByRole('button', { name: /^insert/i })
      .click();
    within(tied[0] as HTMLElement)
      .getByRole('button', { name: /^insert/i })
      .click();
    assert.deepEqual(page.takePosted(), [
      { type: 'insert', runId: RUN_ID, option: 'o2' },
      { type: 'insert', runId: RUN_ID, option: 'o1' },
    ]);
    within(tied[1] as HTMLElement)
      .getByRole('button', { name: /^copy/i })
      .click();
    assert.deepEqual(page.takePosted(), [{ type: 'copy', text: TIED[1] }]);
  });

  it("shows a failed run with each agent's error and the kind of failure", () => {
    showRun([
      START,
      { type: 'round-start', round: 0, phase: 'propose', participants: ['gpt', 'claude', 'local'] },
      {
        type: 'agent-result',
        round: 0,
        phase: 'propose',
        participant: 'claude',
        ok: false,
        ms: 40,
        output: '',
        error: 'HTTP 401: the API key was rejected',
        errorKind: 'auth',
      },
      {
        type: 'agent-result',
        round: 0,
        phase: 'propose',
        participant: 'gpt',
        ok: false,
        ms: 180_000,
        output: '',
        error: 'No answer within 180 s',
        errorKind: 'timeout',
      },
      {
        type: 'agent-result',
        round: 0,
        phase: 'propose',
        participant: 'local',
        ok: false,
        ms: 5,
        output: '',
        error: 'Cannot connect to 127.0.0.1:11434',
        errorKind: 'connection',
      },
      { type: 'done', finalized: false, reason: 'all-failed', synthesis: '', calls: 3, roundsRun: 1 },
    ]);
    assert.match(statusText(), /Failed: every agent failed/);
    const failures: Array<[string, RegExp, RegExp, string]> = [
      ['claude-sonnet', /Failed/, /HTTP 401: the API key was rejected/, 'auth'],
      ['gpt-4o', /Timed out/, /No answer within 180 s/, 'timeout'],
      ['llama3', /Failed/, /Cannot connect to 127\.0\.0\.1:11434/, 'connection'],
    ];
    for (const [agent, status, error, kind] of failures) {
      const element = lane(agent, 0);
      assert.match(visibleText(element), status, agent);
      assert.match(visibleText(within(element).getByRole('note')), error, agent);
      assert.equal(element.dataset.errorKind, kind, agent);
    }
    assert.equal(button(/^insert/i).disabled, true);
  });

  it('shows why a run failed before any agent answered', () => {
    const view = applyEvent(createRunView(runInit()), { type: 'run-error', message: 'The judge agent "referee" is not among the agents' });
    page.send({ type: 'snapshot', view });
    assert.match(statusText(), /Failed: The judge agent "referee" is not among the agents/);
  });

  it('shows a cancelled run as stopped, not failed, and keeps what was streamed', () => {
    showRun([
      START,
      { type: 'round-start', round: 0, phase: 'propose', participants: ['gpt', 'claude', 'local'] },
      ...answered(0, 'propose', 'claude', 'A whole answer.'),
      ...streaming(0, 'propose', 'gpt', 'Half an ans'),
      { type: 'done', finalized: false, reason: 'cancelled', synthesis: '', calls: 2, roundsRun: 1 },
    ]);
    assert.match(statusText(), /Cancelled/);
    assert.doesNotMatch(statusText(), /Failed/);
    assert.match(visibleText(lane('gpt-4o', 0)), /Cancelled/);
    assert.equal(laneAnswer('gpt-4o', 0), 'Half an ans');
    assert.equal(within(lane('gpt-4o', 0)).queryByRole('note'), null, 'a stopped lane shows no error');
    assert.equal(page.screen.queryByRole('button', { name: /cancel/i }), null);
    assert.ok(button(/run .*again/i));
  });

  it("lists a review's findings with their state, and reveals one when it is chosen", () => {
    const init = runInit({ mode: 'review', title: 'Review loop.ts' });
    showRun([START, ...agreeingRound()], init);
    page.send({ type: 'review', runId: RUN_ID, findings: FINDINGS });
    page.send({
      type: 'event',
      runId: RUN_ID,
      event: { type: 'done', finalized: true, reason: 'final', synthesis: '', calls: 3, roundsRun: 1 },
    });

    assert.match(statusText(), /Review: 1 accepted, 1 disputed, 1 rejected/);
    const findings = within(page.screen.getByRole('region', { name: /findings/i }))
      .getAllByRole('listitem')
      .map(visibleText);
    assert.equal(findings.length, 3);
    assert.match(findings[0] ?? '', /error.*Loop skips the last item.*line 1\b.*Accepted.*supported by A, B, C \(3 of 3\)/);
    assert.match(findings[1] ?? '', /info.*Variable name is vague.*lines 3–5.*Disputed.*opposed by B/);
    assert.match(findings[2] ?? '', /warning.*Possible null dereference.*Rejected/);
    assert.match(findings[0] ?? '', /The bound n - 1 stops one short\./, 'the explanation is shown');

    page.takePosted();
    page.screen.getByRole('button', { name: /Variable name is vague/ }).click();
    assert.deepEqual(page.takePosted(), [{ type: 'revealFinding', runId: RUN_ID, findingId: 'F2' }]);
  });

  it('labels a run of the demo agents as a demo, and only such a run', () => {
    showRun(agreedRunEvents(), runInit({ demo: true }));
    assert.match(visibleText(page.document.body), /\bDemo\b/);
    assert.match(statusText(), /scripted demo agents/);
    assert.deepEqual(clicked(/stop using the demo|leave demo/i), [{ type: 'leaveDemo' }]);

    showRun(agreedRunEvents(), runInit({ runId: 'run-2' }));
    assert.doesNotMatch(visibleText(page.document.body), /\bDemo\b/);
    assert.equal(page.screen.queryByRole('button', { name: /stop using the demo|leave demo/i }), null);
  });

  it("never lets markup in a model's answer reach the page as live markup", () => {
    const hostile = [
      'Try this: <script>window.pwned = 1</script>',
      '<img src="x" onerror="window.pwned = 2">',
      '[docs](javascript:window.pwned=3) <a href="javascript:window.pwned=4" onclick="window.pwned=5">here</a>',
      '<iframe srcdoc="<script>window.pwned=6</script>"></iframe><svg onload="window.pwned=7"></svg>',
    ].join('\n\n');
    showRun(
      [
        START,
        { type: 'round-start', round: 0, phase: 'propose', participants: ['gpt', 'claude', 'local'] },
        // Split inside a tag, as a stream may split it.
        ...streaming(0, 'propose', 'claude', hostile.slice(0, 14), hostile.slice(14, 40), hostile.slice(40)),
        { type: 'agent-result', round: 0, phase: 'propose', participant: 'claude', ok: true, ms: 900, output: hostile },
        { type: 'done', finalized: true, reason: 'final', winner: 'claude', synthesis: hostile, calls: 3, roundsRun: 1 },
      ],
      runInit({ title: '<img src=x onerror="window.pwned=8">' }),
    );
    const tieView = viewOf(
      runInit({ runId: 'run-tie' }),
      tiedRunEvents().map((event) =>
        event.type === 'done' && event.tie ? { ...event, tie: event.tie.map((tied) => ({ ...tied, answer: hostile })) } : event,
      ),
    );
    const app = page.document.getElementById('app');
    assert.ok(app);
    assertInert(app);
    // Shown as the model wrote it, so the user sees what it tried.
    assert.match(laneAnswer('claude-sonnet', 0), /<script>window\.pwned = 1<\/script>/);
    assert.match(textOf(page.screen.getByRole('region', { name: /agreed answer/i })), /<img src="x" onerror="window\.pwned = 2">/);
    assert.match(visibleText(page.document.body), /<img src=x onerror="window\.pwned=8">/, 'the title is text');

    page.send({ type: 'snapshot', view: tieView });
    assert.equal(within(page.screen.getByRole('list', { name: /tied answers/i })).getAllByRole('listitem').length, 2);
    assertInert(app);
    page.send({
      type: 'snapshot',
      view: {
        ...viewOf(runInit({ runId: 'run-review', mode: 'review' }), []),
        findings: FINDINGS.map((finding) => ({ ...finding, title: hostile, explanation: hostile })),
      },
    });
    assertInert(app);
    assert.equal(page.window.eval('window.pwned'), undefined);
  });

  it('ignores events of a run it does not show', () => {
    showRun([START, { type: 'round-start', round: 0, phase: 'propose', participants: ['gpt', 'claude', 'local'] }]);
    page.send({
      type: 'event',
      runId: 'some-other-run',
      event: { type: 'agent-text', round: 0, phase: 'propose', participant: 'claude', delta: 'from another run' },
    });
    assert.equal(laneAnswer('claude-sonnet', 0), '');
    assert.doesNotMatch(visibleText(page.document.body), /from another run/);
  });

  it("shows the extension's status messages", () => {
    showRun(agreedRunEvents());
    page.send({ type: 'status', level: 'error', text: 'Inserting failed: the editor was closed' });
    assert.match(statusText(), /Inserting failed: the editor was closed/);
  });

  it('keeps the run across hide and restore, and shows a restored run before the extension answers', () => {
    // A past run is shown from its snapshot alone, with no event after it.
    page.send({ type: 'snapshot', view: viewOf(runInit(), agreedRunEvents()) });
    const saved = page.saved() as { view?: RunView };
    assert.equal(saved.view?.runId, RUN_ID);
    const restored = openPage('panel', { saved });
    try {
      assert.ok(restored.screen.getByRole('region', { name: /agreed answer/i }));
      assert.match(visibleText(restored.document.body), /Fix the off-by-one/);
      assert.deepEqual(restored.posted, [{ type: 'ready' }]);
    } finally {
      restored.close();
    }
  });
});

/** The poll table as rows of { column title: cell text }, keyed by the row's agent. */
function pollRows(table: HTMLElement): Record<string, Record<string, string>> {
  const columns = within(table).getAllByRole('columnheader').map(textOf);
  const rows: Record<string, Record<string, string>> = {};
  for (const row of within(table).getAllByRole('row').slice(1)) {
    const cells = Array.from(row.children).map((cell) => textOf(cell));
    rows[cells[0] ?? ''] = Object.fromEntries(columns.map((column, index) => [column, cells[index] ?? '']));
  }
  return rows;
}

/** Nothing in `root` can run: no script, frame, embedded image or SVG, handler or script URL. */
function assertInert(root: Element): void {
  assert.deepEqual(
    Array.from(root.querySelectorAll('script, iframe, img, svg, object, embed')).map((element) => element.outerHTML),
    [],
  );
  const live = Array.from(root.querySelectorAll('*')).flatMap((element) =>
    Array.from(element.attributes)
      .filter((attribute) => /^on/i.test(attribute.name) || /^\s*javascript:/i.test(attribute.value))
      .map((attribute) => `${element.tagName.toLowerCase()} ${attribute.name}="${attribute.value}"`),
  );
  assert.deepEqual(live, []);
}
