import { strict as assert } from 'node:assert';
import type { ConsensusEvent } from '../../../src/core/events';
import type { ConsensusState } from '../../../src/core/types';
import { createRenderer } from '../../../src/cli/render';

const start: ConsensusEvent = {
  type: 'start',
  participants: ['a', 'b', 'c'],
  labels: { a: 'A', b: 'B', c: 'C' },
  seed: 1,
  mode: 'consensus',
  rounds: 2,
};
const names = { a: 'alpha', b: 'beta', c: 'gamma' };

function render(events: ConsensusEvent[], state?: Partial<ConsensusState>): string {
  let out = '';
  const renderer = createRenderer({ write: (text) => (out += text), names, beta2: 0.8 });
  for (const event of events) renderer.onEvent(event);
  if (state) {
    renderer.finish({
      prompt: 'q',
      participants: ['a', 'b', 'c'],
      mode: 'consensus',
      seed: 1,
      labels: { a: 'A', b: 'B', c: 'C' },
      answer: '',
      synthesis: '',
      synthesisSource: 'none',
      finalized: false,
      reason: 'rounds-exhausted',
      roundsRun: 1,
      calls: 6,
      judgeCalls: 0,
      confidence: {},
      luminance: {},
      preferences: {},
      options: [],
      errors: [],
      dropped: [],
      history: [],
      discussionHistory: [],
      ...state,
    });
  }
  return out;
}

const entry = (preference: string, confidence = 0.75) => ({
  sample: [],
  agreement: 1,
  success: true,
  confidence,
  luminance: 1,
  preference,
});

describe('cli: rendering', () => {
  it('labels an option founded by a revised answer (author@round) by its author and round', () => {
    const out = render([
      start,
      {
        type: 'poll',
        round: 1,
        live: ['a', 'b', 'c'],
        entries: { a: entry('b@1'), b: entry('b@1'), c: entry('c') },
        shares: { 'b@1': 0.67, c: 0.33 },
      },
    ]);
    assert.match(out, /A agree 1\.00 conf 0\.75 prefers B@1/);
    assert.match(out, /option B@1 67%, option C 33%/);
    assert.doesNotMatch(out, /\?/);
  });

  it('says why a poll at 100% is not final when fewer than half of the agents are live', () => {
    const out = render([start, { type: 'poll', round: 0, live: ['a'], entries: { a: entry('a') }, shares: { a: 1 } }]);
    assert.match(out, /option A 100% \(final at 80%\)\n\s+not final: only 1 of 3 agents live, finality needs at least half\n/);
  });

  it('names the kind of a failure from the event, whatever the message says', () => {
    const out = render([
      start,
      {
        type: 'agent-result',
        round: 0,
        phase: 'propose',
        participant: 'b',
        ok: false,
        ms: 30000,
        output: '',
        error: "Agent 'beta' did not finish within 30 s (its timeoutSeconds).",
        errorKind: 'timeout',
      },
    ]);
    assert.match(out, /B {2}beta +✗ *30000 ms {2}\[timed out\] Agent 'beta' did not finish within 30 s/);
  });

  it('prints a tie as a tie, with every tied answer and no winner', () => {
    const tie = [
      { option: 'a', answer: 'Red', by: 'a', supporters: ['a'] },
      { option: 'b', answer: 'Blue', by: 'b', supporters: ['b'] },
      { option: 'c@1', answer: 'Green', by: 'c', supporters: ['c'] },
    ];
    const out = render(
      [start, { type: 'done', finalized: false, reason: 'rounds-exhausted', winner: 'a', synthesis: 'Red', calls: 6, roundsRun: 1, tie }],
      { winner: 'a', answer: 'Red', synthesis: 'Red', tie: ['a', 'b', 'c@1'] },
    );
    assert.match(out, /══ NOT FINAL \(rounds-exhausted\) ══ tie between A alpha, B beta, C@1 gamma · 6 calls/);
    assert.doesNotMatch(out, /winner/);
    assert.match(out, /── option A · held by A ──\nRed\n/);
    assert.match(out, /── option C@1 · held by C ──\nGreen\n/);
  });

  it('prints a cancelled run as cancelled', () => {
    const out = render([start], { reason: 'cancelled', winner: 'a', answer: 'Red', synthesis: 'Red' });
    assert.match(out, /══ CANCELLED ══ winner A alpha/);
    assert.doesNotMatch(out, /NOT FINAL/);
  });
});
