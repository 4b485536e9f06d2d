import { strict as assert } from 'node:assert';
import type { ConsensusEvent } from '../../../src/core/events';
import { toFindingView } from '../../../src/editor/findings';
import { renderTranscript } from '../../../src/editor/transcript';
import type { ReviewFinding } from '../../../src/review/types';
import { livenessShortfall } from '../../../src/shared/finality';
import {
  applyEvent,
  bannerText,
  createRunView,
  holdersText,
  outcomeWords,
  replayEvents,
  type RunViewInit,
  type ViewEvent,
} from '../../../src/shared/runView';
import { summarizeRun, toPastRun } from '../../../src/shared/summary';

const init: RunViewInit = {
  runId: 'run-1',
  title: 'Pick a colour',
  prompt: 'Which colour?',
  createdAt: 1_700_000_000_000,
  agents: [
    { id: 'a', name: 'alpha' },
    { id: 'b', name: 'beta' },
    { id: 'c', name: 'gamma' },
  ],
};
const start: ConsensusEvent = {
  type: 'start',
  participants: ['a', 'b', 'c'],
  labels: { a: 'A', b: 'B', c: 'C' },
  seed: 1,
  mode: 'consensus',
  rounds: 1,
};
const round0: ConsensusEvent = { type: 'round-start', round: 0, phase: 'propose', participants: ['a', 'b', 'c'] };

function tiedRun(): ViewEvent[] {
  const tie = [
    { option: 'a', answer: 'Red', by: 'a', supporters: ['a'] },
    { option: 'b', answer: 'Blue', by: 'b', supporters: ['b'] },
    { option: 'c', answer: 'Green', by: 'c', supporters: ['c'] },
  ];
  return [
    start,
    round0,
    {
      type: 'done',
      finalized: false,
      reason: 'rounds-exhausted',
      winner: 'a',
      synthesis: 'Red',
      calls: 6,
      roundsRun: 1,
      synthesisSource: 'verbatim',
      tie,
    },
  ];
}

describe('views: what the screen says is true', () => {
  it('shows an agent\'s own time-out as timed out from its kind, and a message that merely says "timed out" as failed', () => {
    let view = replayEvents(init, [start, round0]);
    view = applyEvent(view, {
      type: 'agent-result',
      round: 0,
      phase: 'propose',
      participant: 'a',
      ok: false,
      ms: 30000,
      output: '',
      error: "Agent 'alpha' did not finish within 30 s (its timeoutSeconds); raise it for slow or thinking models.",
      errorKind: 'timeout',
    });
    view = applyEvent(view, {
      type: 'agent-result',
      round: 0,
      phase: 'propose',
      participant: 'b',
      ok: false,
      ms: 20,
      output: '',
      error: 'The server said: upstream timed out (HTTP 502).',
      errorKind: 'server',
    });
    assert.equal(view.rounds[0]?.lanes.a?.status, 'timed-out');
    assert.equal(view.rounds[0]?.lanes.a?.errorKind, 'timeout');
    assert.equal(view.rounds[0]?.lanes.b?.status, 'failed');
    assert.deepEqual(
      summarizeRun(view).agents.map((agent) => `${agent.status}:${agent.errorKind ?? ''}`),
      ['timed-out:timeout', 'failed:server', 'waiting:'],
    );
  });

  it('reports a 1-1-1 split as a tie, never as the plurality answer, in the banner, the sidebar, history and export', () => {
    const view = replayEvents(init, tiedRun());
    assert.deepEqual(
      view.tie?.map((tied) => tied.text),
      ['Red', 'Blue', 'Green'],
    );
    const banner = bannerText(view) ?? '';
    assert.equal(banner, 'Tie between 3 answers (1 agent each) after 1 round — no answer was agreed; choose one');
    assert.doesNotMatch(banner, /plurality/);
    const summary = summarizeRun(view);
    assert.equal(summary.answer, undefined, 'the sidebar shows no one answer for a tie');
    assert.equal(summary.tie, 3);
    assert.equal(toPastRun(view).outcome, 'tie');
    const transcript = renderTranscript(view);
    assert.match(transcript, /\*\*Tie between 3 answers/);
    // The agents holding each answer are named, not only labelled.
    assert.match(transcript, /### Tied answer 1 · held by A · alpha\n\nRed\n/);
    assert.match(transcript, /### Tied answer 3 · held by C · gamma\n\nGreen\n/);
    assert.equal(holdersText(view, ['c', 'a']), 'A · alpha, C · gamma');
  });

  it('says a run the call budget stopped was stopped by the budget, and tied', () => {
    const events = tiedRun();
    const done = events.at(-1);
    assert.ok(done?.type === 'done');
    const view = replayEvents(init, [...events.slice(0, -1), { ...done, reason: 'budget', roundsRun: 0 }]);
    assert.equal(
      bannerText(view),
      'Stopped by the call budget after round 0 — tie between 3 answers (1 agent each); no answer was agreed, choose one',
    );
  });

  it('shows a cancelled run as cancelled, not failed, in its lanes and in past runs', () => {
    let view = replayEvents(init, [start, round0, { type: 'agent-text', round: 0, phase: 'propose', participant: 'a', delta: 'Re' }]);
    view = applyEvent(view, { type: 'done', finalized: false, reason: 'cancelled', synthesis: '', calls: 3, roundsRun: 0 });
    assert.equal(view.rounds[0]?.lanes.a?.status, 'cancelled');
    assert.equal(view.rounds[0]?.lanes.a?.error, undefined);
    assert.equal(toPastRun(view).outcome, 'cancelled');
    assert.equal(bannerText(view), 'Cancelled');
  });

  it('says why a poll whose share reached beta2 is not final when too few agents are live', () => {
    assert.equal(
      livenessShortfall({ live: ['a'], shares: { a: 1 } }, 3, 0.8),
      'not final: only 1 of 3 agents live, finality needs at least half',
    );
    assert.equal(
      livenessShortfall({ live: ['a'], shares: { a: 1 } }, 2, 0.8),
      'not final: only 1 of 2 agents live, finality needs at least two',
    );
    assert.equal(livenessShortfall({ live: ['a', 'b'], shares: { a: 1 } }, 3, 0.8), undefined);
    assert.equal(livenessShortfall({ live: ['a'], shares: { a: 0.5 } }, 3, 0.8), undefined);
  });

  it('counts review findings as the list shows them, undecided ones as still open, with who opposes', () => {
    let view = createRunView({ ...init, mode: 'review' });
    view = applyEvent(view, {
      type: 'review',
      findings: [
        {
          id: 'F1',
          title: 'Off by one',
          severity: 'error',
          startLine: 0,
          endLine: 0,
          state: 'accepted',
          support: ['A', 'B'],
          explanation: '',
        },
        {
          id: 'F2',
          title: 'Unused',
          severity: 'info',
          startLine: 1,
          endLine: 1,
          state: 'pending',
          support: ['C'],
          oppose: ['A'],
          explanation: '',
        },
      ],
    });
    view = applyEvent(view, { type: 'done', finalized: false, reason: 'rounds-exhausted', synthesis: '', calls: 6, roundsRun: 1 });
    assert.equal(bannerText(view), 'Review: 1 accepted, 0 disputed, 0 rejected, 1 still open');
    const finding = {
      id: 'F3',
      startLine: 2,
      endLine: 2,
      severity: 'warning',
      title: 'Leak',
      explanation: 'x',
      replacements: [],
      raisedBy: ['a'],
      supporters: ['a'],
      opposers: ['b', 'c'],
      stances: { a: 'support', b: 'oppose', c: 'oppose' },
      confidence: {},
      support: 0,
      opposition: 1,
      state: 'rejected',
      round: 0,
      discussion: [],
      gist: '',
    } satisfies ReviewFinding;
    assert.deepEqual(toFindingView(finding, { a: 'A', b: 'B', c: 'C' }).oppose, ['B', 'C']);
  });

  it('calls a past review by its findings, never "not final" (the sidebar\'s past runs and the history picker)', () => {
    let view = createRunView({ ...init, mode: 'review' });
    view = applyEvent(view, {
      type: 'review',
      findings: [
        {
          id: 'F1',
          title: 'Off by one',
          severity: 'error',
          startLine: 0,
          endLine: 0,
          state: 'accepted',
          support: ['A', 'B', 'C'],
          explanation: '',
        },
        {
          id: 'F2',
          title: 'Unused',
          severity: 'info',
          startLine: 1,
          endLine: 1,
          state: 'disputed',
          support: ['C'],
          oppose: ['A'],
          explanation: '',
        },
      ],
    });
    view = applyEvent(view, { type: 'done', finalized: false, reason: 'rounds-exhausted', synthesis: '', calls: 6, roundsRun: 1 });
    assert.equal(view.status, 'not-final');
    const past = toPastRun(view);
    assert.equal(past.outcomeText, 'review · 1 accepted, 1 disputed, 0 rejected');
    assert.equal(outcomeWords(view), past.outcomeText);
    assert.equal(summarizeRun(view).banner, 'Review: 1 accepted, 1 disputed, 0 rejected');
    const clean = applyEvent(applyEvent(createRunView({ ...init, mode: 'review' }), { type: 'review', findings: [] }), {
      type: 'done',
      finalized: true,
      reason: 'final',
      synthesis: '',
      calls: 3,
      roundsRun: 0,
    });
    assert.equal(toPastRun(clean).outcomeText, 'review · no problems found');
    assert.equal(bannerText(clean), 'Review: no problems found');
    assert.equal(toPastRun(replayEvents(init, tiedRun())).outcomeText, 'tie');
  });

  it('says how many agents answered when some failed: a share of the answering agents is not a share of all', () => {
    const four: RunViewInit = { ...init, agents: [...(init.agents ?? []), { id: 'd', name: 'delta' }] };
    const events: ViewEvent[] = [
      { ...start, participants: ['a', 'b', 'c', 'd'], labels: { a: 'A', b: 'B', c: 'C', d: 'D' } },
      { type: 'round-start', round: 0, phase: 'propose', participants: ['a', 'b', 'c', 'd'] },
      { type: 'poll', round: 0, live: ['a', 'b'], entries: {}, shares: { x: 1 } },
      { type: 'final', round: 0, option: 'x', share: 1 },
      {
        type: 'done',
        finalized: true,
        reason: 'final',
        winner: 'a',
        synthesis: 'Blue',
        calls: 4,
        roundsRun: 0,
        synthesisSource: 'verbatim',
      },
    ];
    const view = replayEvents(four, events);
    assert.equal(bannerText(view), 'Agreed after round 0 — share 2 of 2 answering agents (2 of 4 failed)');
    assert.equal(
      bannerText(
        replayEvents(init, [
          start,
          round0,
          { type: 'poll', round: 0, live: ['a', 'b', 'c'], entries: {}, shares: { x: 1 } },
          { type: 'final', round: 0, option: 'x', share: 1 },
        ]),
      ),
      'Agreed after round 0 — share 3 of 3',
    );
  });
});
