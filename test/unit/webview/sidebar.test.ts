/**
 * The sidebar as a person sees it, driven by the state messages the extension sends (built with
 * the extension's own `summarizeRun` and `toPastRun` from the run's view).
 */
import { strict as assert } from 'node:assert';
import { within } from '@testing-library/dom';
import type { ConsensusEvent } from '../../../src/core/events';
import type { FromSidebar } from '../../../src/shared/messages';
import { summarizeRun, toPastRun, type ConfiguredAgent, type SidebarState } from '../../../src/shared/summary';
import { openPage, textOf, visibleText, type Page } from './page';
import { agreedRunEvents, answered, RUN_ID, runInit, START, streaming, tiedRunEvents, viewOf } from './runs';

const AGENTS: ConfiguredAgent[] = [
  { id: 'gpt', name: 'gpt-4o', detail: 'openai · gpt-4o', status: 'ready' },
  {
    id: 'claude',
    name: 'claude-sonnet',
    detail: 'anthropic · claude-sonnet',
    status: 'key-missing',
    reason: 'No API key is set for claude.',
  },
  { id: 'local', name: 'llama3', detail: 'openai · llama3', status: 'unreachable', reason: 'Nothing answers at 127.0.0.1:11434.' },
];

/** Round 1 under way: A has answered, B is streaming, C has not started. */
function runningEvents(): ConsensusEvent[] {
  return [
    START,
    { type: 'round-start', round: 0, phase: 'propose', participants: ['gpt', 'claude', 'local'] },
    ...answered(0, 'propose', 'claude', 'One.'),
    ...answered(0, 'propose', 'gpt', 'Two.'),
    ...answered(0, 'propose', 'local', 'Three.'),
    { type: 'round-start', round: 1, phase: 'refine', participants: ['gpt', 'claude', 'local'] },
    ...answered(1, 'refine', 'claude', 'One, again.'),
    ...streaming(1, 'refine', 'gpt', 'Tw'),
  ];
}

describe('sidebar page', () => {
  let page: Page<'sidebar'>;
  beforeEach(() => {
    page = openPage('sidebar');
  });
  afterEach(() => page.close());

  function state(value: Partial<SidebarState>): void {
    page.send({ type: 'state', state: { agents: AGENTS, pastRuns: [], ...value } });
  }

  function clicked(name: RegExp, container: HTMLElement = page.document.body): FromSidebar[] {
    page.takePosted();
    (within(container).getByRole('button', { name }) as HTMLButtonElement).click();
    return page.takePosted();
  }

  function currentRun(): HTMLElement {
    return page.screen.getByRole('region', { name: /current run/i });
  }

  it('tells the extension it is ready and says there is no run yet', () => {
    assert.deepEqual(page.posted, [{ type: 'ready' }]);
    state({ agents: [] });
    assert.match(visibleText(currentRun()), /No run yet/);
    assert.match(visibleText(page.screen.getByRole('region', { name: /past runs/i })), /Past runs appear here/);
    assert.match(visibleText(page.screen.getByRole('region', { name: /^agents$/i })), /No agents configured/);
  });

  it("shows the run in progress: its round, each agent's state, and a way to cancel it", () => {
    state({ current: summarizeRun(viewOf(runInit(), runningEvents())) });
    const run = currentRun();
    assert.match(visibleText(run), /Fix the off-by-one/);
    assert.match(visibleText(within(run).getByRole('status')), /Round 1 of 3/);
    const agents = within(within(run).getByRole('list', { name: /agents in this run/i }))
      .getAllByRole('listitem')
      .map(visibleText);
    assert.deepEqual(
      agents.map((text) => text.replace(/\s*(done|thinking|waiting)$/, '')),
      ['A · claude-sonnet', 'B · gpt-4o', 'C · llama3'],
    );
    assert.match(agents[0] ?? '', /done$/);
    assert.match(agents[1] ?? '', /thinking$/);
    assert.equal(within(run).queryByRole('region', { name: /answer/i }), null, 'no answer before the run ends');
    assert.deepEqual(clicked(/cancel/i, run), [{ type: 'cancel' }]);
    assert.deepEqual(clicked(/open panel/i, run), [{ type: 'openPanel' }]);
  });

  it("shows a finished run's outcome and its answer, rendered", () => {
    state({ current: summarizeRun(viewOf(runInit(), agreedRunEvents())) });
    const run = currentRun();
    assert.match(visibleText(within(run).getByRole('status')), /Agreed after round 0 — share 3 of 3/);
    const answer = within(run).getByRole('region', { name: /answer/i });
    assert.equal(textOf(answer.querySelector('pre code')), 'for (let i = 0; i < n; i++) {}');
    assert.equal(within(run).queryByRole('button', { name: /cancel/i }), null);
  });

  it('tells of a tie without choosing an answer', () => {
    state({ current: summarizeRun(viewOf(runInit(), tiedRunEvents())) });
    const run = currentRun();
    assert.match(visibleText(within(run).getByRole('status')), /tie between 2 answers/i);
    assert.equal(within(run).queryByRole('region', { name: /answer/i }), null);
  });

  it('lists past runs with their outcome, labels demo runs, and opens the one chosen', () => {
    const agreed = viewOf(runInit({ runId: 'run-agreed', title: 'Fix the off-by-one' }), agreedRunEvents());
    const tie = viewOf(runInit({ runId: 'run-tie', title: 'Pick a loop bound' }), tiedRunEvents());
    const demo = viewOf(runInit({ runId: 'run-demo', title: 'Try the demo', demo: true }), [
      START,
      { type: 'done', finalized: false, reason: 'cancelled', synthesis: '', calls: 0, roundsRun: 0 },
    ]);
    state({ pastRuns: [agreed, tie, demo].map(toPastRun) });
    const list = page.screen.getByRole('region', { name: /past runs/i });
    const runs = within(list).getAllByRole('button').map(visibleText);
    assert.equal(runs.length, 3);
    assert.match(runs[0] ?? '', /Fix the off-by-one.*2025.*agreed/);
    assert.doesNotMatch(runs[0] ?? '', /Demo/);
    assert.match(runs[1] ?? '', /Pick a loop bound.*tie/);
    assert.match(runs[2] ?? '', /Try the demo.*Demo.*cancelled/);
    assert.ok(
      within(list).getByRole('button', { name: /Try the demo.*Demo ·.*cancelled/i }),
      'a screen reader hears that it was a demo run',
    );
    assert.deepEqual(clicked(/Pick a loop bound/, list), [{ type: 'openRun', runId: 'run-tie' }]);
  });

  it('labels the demo agents and their runs as a demo, with a way to leave it', () => {
    state({ demo: true, current: summarizeRun(viewOf(runInit({ demo: true }), agreedRunEvents())) });
    assert.match(visibleText(currentRun()), /^Current run Demo Fix the off-by-one/);
    assert.match(visibleText(page.screen.getByRole('region', { name: /^agents$/i })), /Demo Scripted agents/);
    assert.deepEqual(clicked(/stop using the demo|leave demo/i), [{ type: 'leaveDemo' }]);

    state({ current: summarizeRun(viewOf(runInit(), agreedRunEvents())) });
    assert.doesNotMatch(visibleText(page.document.body), /\bDemo\b/);
    assert.equal(page.screen.queryByRole('button', { name: /stop using the demo|leave demo/i }), null);
  });

  it("shows each configured agent's problem with the fix for it", () => {
    state({});
    const agents = within(page.screen.getByRole('region', { name: /^agents$/i }))
      .getAllByRole('listitem')
      .map(visibleText);
    assert.match(agents[0] ?? '', /gpt-4o.*Ready/);
    assert.match(agents[1] ?? '', /claude-sonnet.*API key missing.*No API key is set for claude\./);
    assert.match(agents[2] ?? '', /llama3.*Unreachable.*Nothing answers at 127\.0\.0\.1:11434\./);
    assert.deepEqual(clicked(/set api key.*claude-sonnet/i), [{ type: 'agentAction', agentId: 'claude', action: 'setKey' }]);
    assert.deepEqual(clicked(/retry.*llama3/i), [{ type: 'agentAction', agentId: 'local', action: 'retry' }]);
    assert.equal(page.screen.queryByRole('button', { name: /gpt-4o/ }), null, 'a ready agent needs no fix');
    assert.deepEqual(clicked(/add agent/i), [{ type: 'addAgent' }]);
  });

  it('sends a question and keeps it in the box until the extension says its run started', () => {
    state({});
    const box = page.screen.getByRole('textbox', { name: /ask a question/i }) as HTMLTextAreaElement;
    box.value = '  Why is the build slow?  ';
    box.dispatchEvent(new page.window.Event('input', { bubbles: true }));
    page.takePosted();
    page.screen.getByRole('button', { name: /^ask$/i }).click();
    const [ask] = page.takePosted();
    assert.ok(ask?.type === 'ask');
    assert.equal(ask.question, 'Why is the build slow?');

    // The run could not start (say, a key is missing): nothing typed is lost, and it can be sent again.
    page.send({ type: 'asked', askId: ask.askId, started: false });
    assert.equal(box.value, '  Why is the build slow?  ');
    page.screen.getByRole('button', { name: /^ask$/i }).click();
    const [again] = page.takePosted();
    assert.ok(again?.type === 'ask');
    page.send({ type: 'asked', askId: again.askId, started: true, runId: RUN_ID });
    assert.equal(box.value, '');
  });

  it('never lets markup in an answer reach the page as live markup', () => {
    const hostile = 'Done <script>window.pwned = 1</script> <img src="x" onerror="window.pwned = 2"> [x](javascript:window.pwned=3)';
    const view = viewOf(
      runInit({ title: '<b onmouseover="window.pwned=4">title</b>' }),
      agreedRunEvents().map((event) => (event.type === 'done' ? { ...event, synthesis: hostile } : event)),
    );
    state({ current: summarizeRun(view), pastRuns: [toPastRun(view)] });
    const app = page.document.getElementById('app');
    assert.ok(app);
    assert.deepEqual(
      Array.from(app.querySelectorAll('script, img, iframe, svg, b')).map((element) => element.outerHTML),
      [],
    );
    const live = Array.from(app.querySelectorAll('*')).flatMap((element) =>
      Array.from(element.attributes)
        .filter((attribute) => /^on/i.test(attribute.name) || /^\s*javascript:/i.test(attribute.value))
        .map((attribute) => attribute.name),
    );
    assert.deepEqual(live, []);
    assert.match(textOf(within(currentRun()).getByRole('region', { name: /answer/i })), /<script>window\.pwned = 1<\/script>/);
    assert.equal(page.window.eval('window.pwned'), undefined);
  });
});
