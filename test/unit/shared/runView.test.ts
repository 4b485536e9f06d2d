import { strict as assert } from 'node:assert';
import type { ConsensusEvent, PollEntry } from '../../../src/core/events';
import {
  applyEvent,
  bannerText,
  createRunView,
  replayEvents,
  type RunView,
  type RunViewInit,
  type ViewEvent,
} from '../../../src/shared/runView';
import { summarizeRun, toPastRun } from '../../../src/shared/summary';

const init: RunViewInit = {
  runId: 'run-1',
  title: 'Fix the off-by-one',
  prompt: 'Why does this loop skip the last item?',
  code: { text: 'for (let i = 0; i < n - 1; i++) {}', languageId: 'typescript' },
  createdAt: 1_700_000_000_000,
  agents: [
    { id: 'gpt', name: 'gpt-4o' },
    { id: 'claude', name: 'claude-sonnet' },
    { id: 'local', name: 'llama3' },
  ],
  params: { beta1: 0.5, beta2: 0.8 },
};

const start: ConsensusEvent = {
  type: 'start',
  participants: ['gpt', 'claude', 'local'],
  labels: { gpt: 'B', claude: 'A', local: 'C' },
  seed: 7,
  mode: 'consensus',
  rounds: 3,
};

function entry(sample: string[], preference: string, confidence: number, endorsed?: string): PollEntry {
  const value: PollEntry = { sample, agreement: 1, success: true, confidence, luminance: 1, preference };
  if (endorsed !== undefined) value.endorsed = endorsed;
  return value;
}

function proposals(texts: Record<string, string>): ConsensusEvent[] {
  const events: ConsensusEvent[] = [{ type: 'round-start', round: 0, phase: 'propose', participants: Object.keys(texts) }];
  for (const [id, text] of Object.entries(texts)) {
    events.push({ type: 'agent-start', round: 0, phase: 'propose', participant: id });
    // Stream in two pieces, as a provider would.
    events.push({ type: 'agent-text', round: 0, phase: 'propose', participant: id, delta: text.slice(0, 3) });
    events.push({ type: 'agent-text', round: 0, phase: 'propose', participant: id, delta: text.slice(3) });
    events.push({
      type: 'agent-result',
      round: 0,
      phase: 'propose',
      participant: id,
      ok: true,
      ms: 1200,
      output: text,
      usage: { inputTokens: 50, outputTokens: 20 },
    });
  }
  return events;
}

/** A run where all three agree at once. */
function agreedRun(): ViewEvent[] {
  return [
    start,
    ...proposals({ gpt: 'Use i < n.', claude: 'Use i < n.', local: 'Use i < n.' }),
    {
      type: 'poll',
      round: 0,
      live: ['gpt', 'claude', 'local'],
      shares: { 'use i < n': 1 },
      entries: {
        gpt: entry(['claude', 'local'], 'use i < n', 0.5),
        claude: entry(['gpt', 'local'], 'use i < n', 0.5),
        local: entry(['gpt', 'claude'], 'use i < n', 0.5),
      },
    },
    { type: 'final', round: 0, option: 'use i < n', share: 1 },
    { type: 'done', finalized: true, reason: 'final', winner: 'claude', synthesis: 'Use i < n.', calls: 3, roundsRun: 1 },
  ];
}

describe('run view', () => {
  it('starts empty and running, with the agents the extension listed', () => {
    const view = createRunView(init);
    assert.equal(view.status, 'running');
    assert.deepEqual(
      view.agents.map((agent) => agent.name),
      ['gpt-4o', 'claude-sonnet', 'llama3'],
    );
    assert.equal(view.rounds.length, 0);
    assert.equal(view.params.beta1, 0.5);
    assert.equal(view.params.rounds, 3);
    assert.equal(bannerText(view), undefined);
  });

  it('labels agents and estimates the calls when the run starts', () => {
    const view = applyEvent(createRunView(init), { ...start, maxCalls: 8 });
    assert.deepEqual(
      view.agents.map((agent) => `${agent.label}=${agent.name}`),
      ['B=gpt-4o', 'A=claude-sonnet', 'C=llama3'],
    );
    // 3 agents x 4 rounds + up to 3 synthesis candidates = 15, capped by the budget of 8.
    assert.equal(view.estimatedMaxCalls, 8);
    assert.equal(applyEvent(createRunView(init), start).estimatedMaxCalls, 15);
  });

  it('accumulates streamed text per lane and records latency and tokens', () => {
    let view = applyEvent(createRunView(init), start);
    view = applyEvent(view, { type: 'round-start', round: 0, phase: 'propose', participants: ['gpt', 'claude', 'local'] });
    view = applyEvent(view, { type: 'agent-start', round: 0, phase: 'propose', participant: 'gpt' });
    view = applyEvent(view, { type: 'agent-text', round: 0, phase: 'propose', participant: 'gpt', delta: 'Hel' });
    view = applyEvent(view, { type: 'agent-text', round: 0, phase: 'propose', participant: 'gpt', delta: 'lo' });
    const streaming = view.rounds[0]?.lanes.gpt;
    assert.equal(streaming?.text, 'Hello');
    assert.equal(streaming?.status, 'thinking');
    assert.equal(view.rounds[0]?.lanes.claude?.status, 'waiting');
    view = applyEvent(view, {
      type: 'agent-result',
      round: 0,
      phase: 'propose',
      participant: 'gpt',
      ok: true,
      ms: 842,
      output: 'Hello.',
      usage: { outputTokens: 2 },
    });
    const done = view.rounds[0]?.lanes.gpt;
    assert.equal(done?.status, 'done');
    assert.equal(done?.text, 'Hello.', 'the final output replaces the streamed text (endorsement line removed)');
    assert.equal(done?.ms, 842);
    assert.equal(done?.usage?.outputTokens, 2);
  });

  it('never changes the view it was given and keeps untouched lanes as they were', () => {
    let view = applyEvent(createRunView(init), start);
    view = applyEvent(view, { type: 'round-start', round: 0, phase: 'propose', participants: ['gpt', 'claude', 'local'] });
    const before = JSON.stringify(view);
    const next = applyEvent(view, { type: 'agent-text', round: 0, phase: 'propose', participant: 'gpt', delta: 'x' });
    assert.equal(JSON.stringify(view), before);
    assert.notEqual(next.rounds[0]?.lanes.gpt, view.rounds[0]?.lanes.gpt);
    // The renderer relies on identity to skip lanes that did not change.
    assert.equal(next.rounds[0]?.lanes.claude, view.rounds[0]?.lanes.claude);
  });

  it('tells failures, time-outs and dropped agents apart, keeping the reason', () => {
    let view = replayEvents(init, [start, { type: 'round-start', round: 0, phase: 'propose', participants: ['gpt', 'claude', 'local'] }]);
    view = applyEvent(view, {
      type: 'agent-result',
      round: 0,
      phase: 'propose',
      participant: 'gpt',
      ok: false,
      ms: 30000,
      output: '',
      error: 'timed out after 30000 ms',
      errorKind: 'timeout',
    });
    view = applyEvent(view, {
      type: 'agent-result',
      round: 0,
      phase: 'propose',
      participant: 'claude',
      ok: false,
      ms: 20,
      output: '',
      error: '401 invalid API key',
      errorKind: 'auth',
    });
    view = applyEvent(view, {
      type: 'agent-result',
      round: 0,
      phase: 'propose',
      participant: 'local',
      ok: false,
      ms: 5,
      output: '',
      error: 'connection refused',
      dropped: true,
    });
    const lanes = view.rounds[0]?.lanes;
    assert.equal(lanes?.gpt?.status, 'timed-out');
    assert.equal(lanes?.claude?.status, 'failed');
    assert.equal(lanes?.claude?.error, '401 invalid API key');
    assert.equal(lanes?.local?.status, 'dropped');
    // A dropped agent still shows in later rounds, as dropped.
    view = applyEvent(view, { type: 'round-start', round: 1, phase: 'refine', participants: ['gpt', 'claude'] });
    assert.equal(view.rounds[1]?.lanes.local?.status, 'dropped');
  });

  it('reaches a final banner that counts the confident share', () => {
    const view = replayEvents(init, agreedRun());
    assert.equal(view.status, 'final');
    assert.equal(view.synthesis.text, 'Use i < n.');
    assert.equal(bannerText(view), 'Agreed after round 0 — share 3 of 3');
    assert.equal(view.calls, 3);
    assert.deepEqual(view.rounds[0]?.poll?.entries.gpt?.sample, ['claude', 'local']);
  });

  it('says a run that ran out of rounds is not final and points at the plurality answer', () => {
    const events: ViewEvent[] = [
      start,
      ...proposals({ gpt: 'Answer: 4', claude: 'Answer: 5', local: 'Answer: 4' }),
      {
        type: 'poll',
        round: 0,
        live: ['gpt', 'claude', 'local'],
        shares: { '4': 0.33, '5': 0 },
        entries: { gpt: entry(['local'], '4', 0.5), claude: entry(['gpt'], '5', 0), local: entry(['claude'], '4', 0) },
      },
      { type: 'done', finalized: false, reason: 'rounds-exhausted', winner: 'gpt', synthesis: 'Answer: 4', calls: 12, roundsRun: 3 },
    ];
    const view = replayEvents(init, events);
    assert.equal(view.status, 'not-final');
    assert.equal(view.finality?.finalized, false);
    assert.equal(view.finality?.option, '4');
    assert.equal(bannerText(view), 'Not final after 3 rounds — showing the plurality answer');
  });

  it('says a stalemate is one, and names a tie as a tie', () => {
    const poll: ViewEvent = {
      type: 'poll',
      round: 1,
      live: ['gpt', 'claude', 'local'],
      shares: { gpt: 0, claude: 0, local: 0 },
      entries: { gpt: entry(['local'], 'gpt', 0), claude: entry(['gpt'], 'claude', 0), local: entry(['claude'], 'local', 0) },
    };
    const plurality = replayEvents(init, [
      start,
      ...proposals({ gpt: 'Answer: 4', claude: 'Answer: 5', local: 'Answer: 4' }),
      poll,
      { type: 'done', finalized: false, reason: 'stalemate', winner: 'gpt', synthesis: 'Answer: 4', calls: 6, roundsRun: 1 },
    ]);
    assert.equal(plurality.status, 'not-final');
    assert.equal(bannerText(plurality), 'Stalemate: agents held their positions — showing the plurality answer');
    const tie = replayEvents(init, [
      start,
      ...proposals({ gpt: 'Answer: 4', claude: 'Answer: 5', local: 'Answer: 6' }),
      poll,
      {
        type: 'done',
        finalized: false,
        reason: 'stalemate',
        winner: 'gpt',
        synthesis: 'Answer: 4',
        calls: 6,
        roundsRun: 1,
        tie: ['gpt', 'claude', 'local'].map((id, index) => ({ option: id, answer: `Answer: ${4 + index}`, by: id, supporters: [id] })),
      },
    ]);
    assert.equal(
      bannerText(tie),
      'Stalemate: agents held their positions — tie between 3 answers (1 agent each); no answer was agreed, choose one',
    );
  });

  it('marks a cancelled run and stops lanes that were still streaming', () => {
    let view = replayEvents(init, [start, { type: 'round-start', round: 0, phase: 'propose', participants: ['gpt', 'claude', 'local'] }]);
    view = applyEvent(view, { type: 'agent-text', round: 0, phase: 'propose', participant: 'gpt', delta: 'half an answ' });
    view = applyEvent(view, { type: 'done', finalized: false, reason: 'cancelled', synthesis: '', calls: 0, roundsRun: 0 });
    assert.equal(view.status, 'cancelled');
    assert.equal(bannerText(view), 'Cancelled');
    assert.equal(view.rounds[0]?.lanes.gpt?.status, 'cancelled');
    assert.equal(view.rounds[0]?.lanes.gpt?.text, 'half an answ');
  });

  it('reports a run where every agent failed as failed', () => {
    const view = replayEvents(init, [
      start,
      { type: 'done', finalized: false, reason: 'all-failed', synthesis: '', calls: 3, roundsRun: 1 },
    ]);
    assert.equal(view.status, 'failed');
    assert.match(bannerText(view) ?? '', /^Failed/);
  });

  it('streams the synthesis and keeps the final text of done', () => {
    let view = replayEvents(init, agreedRun().slice(0, -1));
    view = applyEvent(view, { type: 'synthesis-start', by: 'claude' });
    view = applyEvent(view, { type: 'synthesis-text', by: 'claude', delta: 'Use ' });
    assert.equal(view.synthesis.status, 'running');
    assert.equal(view.synthesis.text, 'Use ');
    view = applyEvent(view, { type: 'synthesis-result', by: 'claude', ok: true, ms: 900, source: 'model' });
    view = applyEvent(view, {
      type: 'done',
      finalized: true,
      reason: 'final',
      winner: 'claude',
      synthesis: 'Use `i < n`.',
      calls: 4,
      roundsRun: 1,
    });
    assert.equal(view.synthesis.status, 'done');
    assert.equal(view.synthesis.source, 'model');
    assert.equal(view.synthesis.text, 'Use `i < n`.');
  });

  it('creates a round it never saw start, so a late snapshot can continue', () => {
    const view = applyEvent(createRunView(init), { type: 'agent-text', round: 2, phase: 'refine', participant: 'gpt', delta: 'late' });
    assert.equal(view.rounds[0]?.round, 2);
    assert.equal(view.rounds[0]?.lanes.gpt?.text, 'late');
  });

  it('holds review findings and errors from outside the engine', () => {
    let view = createRunView({ ...init, mode: 'review' });
    view = applyEvent(view, {
      type: 'review',
      findings: [
        {
          id: 'f1',
          title: 'Off by one',
          severity: 'error',
          startLine: 0,
          endLine: 0,
          state: 'accepted',
          support: ['A', 'B'],
          explanation: 'n - 1 skips the last item',
          replacement: 'i < n',
        },
      ],
    });
    assert.equal(view.findings[0]?.state, 'accepted');
    assert.deepEqual(view.findings[0]?.support, ['A', 'B']);
    const reviewed = applyEvent(view, { type: 'done', finalized: true, reason: 'final', synthesis: '', calls: 3, roundsRun: 1 });
    assert.equal(bannerText(reviewed), 'Review: 1 accepted, 0 disputed, 0 rejected');
    view = applyEvent(view, { type: 'run-error', message: 'consensus.beta2 must be in (0.5, 1]' });
    assert.equal(view.status, 'failed');
    assert.equal(bannerText(view), 'Failed: consensus.beta2 must be in (0.5, 1]');
  });

  it('survives a JSON round trip (snapshots and past runs are stored as JSON)', () => {
    const view = replayEvents(init, agreedRun());
    const copy = JSON.parse(JSON.stringify(view)) as RunView;
    assert.deepEqual(copy, view);
    assert.equal(bannerText(copy), bannerText(view));
  });

  it('summarises the run for the sidebar', () => {
    const running = replayEvents(init, [start, ...proposals({ gpt: 'a', claude: 'b', local: 'c' }).slice(0, 3)]);
    const summary = summarizeRun(running);
    assert.equal(summary.round, 0);
    assert.equal(summary.rounds, 3);
    assert.equal(summary.answer, undefined, 'no answer while running');
    assert.deepEqual(
      summary.agents.map((agent) => `${agent.title}:${agent.status}`),
      ['A · claude-sonnet:waiting', 'B · gpt-4o:thinking', 'C · llama3:waiting'],
    );
    const final = summarizeRun(replayEvents(init, agreedRun()));
    assert.equal(final.answer, 'Use i < n.');
    assert.equal(final.banner, 'Agreed after round 0 — share 3 of 3');
    assert.deepEqual(toPastRun(replayEvents(init, agreedRun())), {
      id: 'run-1',
      title: 'Fix the off-by-one',
      date: 1_700_000_000_000,
      finalized: true,
      outcome: 'agreed',
      outcomeText: 'agreed',
    });
  });
});
