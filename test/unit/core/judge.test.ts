import { strict as assert } from 'node:assert';
import { ConsensusConfigError, runConsensus } from '../../../src/core';
import { parseJudgeVerdict } from '../../../src/core/judge';
import { type Behaviour, scripted, stubborn } from './scripted';

/** Free-text answers (several lines, no final-answer line) naming a city. */
const paris = [
  'The capital of France is Paris.\nIt has been the seat of government for centuries.',
  'France is governed from Paris,\nwhich is therefore its capital.',
  'Paris.\nThe government, the parliament and the president all sit there.',
  'It is Paris:\nthe largest city and the political centre.',
];
const lyon = 'Lyon, I believe.\nIt is the old capital of Gaul.';

/** A judge that says SAME when both answers name the same city; it answers proposals with `own`. */
function cityJudge(own: string): Behaviour {
  return (call) => {
    if (call.phase !== 'judge') return own;
    const cities = [...call.prompt.matchAll(/<<< Answer \d\n([\s\S]*?)\n>>>/g)].map((m) => /Paris|Lyon/.exec(m[1] ?? '')?.[0]);
    return `Let me compare them.\n${cities[0] !== undefined && cities[0] === cities[1] ? 'SAME' : 'DIFFERENT'}`;
  };
}

describe('core: equivalence judged by an agent', () => {
  it('reads the last SAME or DIFFERENT of a reply', () => {
    assert.equal(parseJudgeVerdict('They differ in style only.\nSAME'), true);
    assert.equal(parseJudgeVerdict('Not the same at all: DIFFERENT.'), false);
    assert.equal(parseJudgeVerdict('I cannot tell'), undefined);
  });

  it('makes four wordings of one answer one option, final at round 0, each judge call counted', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const behaviours = {
      a: cityJudge(paris[0] as string),
      b: stubborn(paris[1] as string),
      c: stubborn(paris[2] as string),
      d: stubborn(paris[3] as string),
      e: stubborn(lyon),
    };
    const plain = await runConsensus({
      prompt: 'Capital of France?',
      participants: ids,
      execute: scripted(behaviours).execute,
      seed: 1,
      synthesize: false,
      rounds: 1,
    });
    assert.equal(plain.finalized, false);
    assert.equal(plain.judgeCalls, 0);

    const { execute, calls } = scripted(behaviours);
    const judged = await runConsensus({
      prompt: 'Capital of France?',
      participants: ids,
      execute,
      seed: 1,
      synthesize: false,
      equivalence: 'judge',
      judge: 'a',
    });
    assert.equal(judged.reason, 'final');
    assert.equal(judged.finalRound, 0);
    assert.ok(judged.answer.includes('Paris'));
    // b, c, d against a's answer (same), e against a's answer (different): 4 judge calls.
    assert.equal(judged.judgeCalls, 4);
    assert.equal(judged.calls, 5 + 4);
    assert.equal(calls.filter((call) => call.phase === 'judge').length, 4);
    assert.ok(calls.filter((call) => call.phase === 'judge').every((call) => call.id === 'a'));
  });

  it('asks about each pair once per run, and never about answers the rules settle', async () => {
    const { execute, calls } = scripted({
      a: cityJudge(paris[0] as string),
      b: stubborn(paris[1] as string),
      c: stubborn(lyon),
      d: stubborn('Answer: 4'),
      e: stubborn('Final answer: 5'),
    });
    const state = await runConsensus({
      prompt: 'q',
      participants: ['a', 'b', 'c', 'd', 'e'],
      execute,
      seed: 2,
      synthesize: false,
      equivalence: 'judge',
      rounds: 3,
    });
    // Round 0: b vs a (same); c vs a; d vs a, c; e vs a, c (different). d and e both state a final
    // answer, so the rules settle them without a call.
    const judged = calls.filter((call) => call.phase === 'judge');
    assert.equal(state.reason, 'stalemate');
    assert.equal(judged.length, 6);
    assert.equal(state.judgeCalls, 6);
    assert.equal(state.calls, 5 * 2 + 6);
    assert.equal(
      judged.every((call) => call.round === 0),
      true,
      'the refinement round repeats the same texts: no new calls',
    );
    assert.equal(
      judged.some((call) => call.prompt.includes('Answer: 4') && call.prompt.includes('Final answer: 5')),
      false,
    );
  });

  it('makes no judge call the budget has no room for', async () => {
    const { execute, calls } = scripted({ a: cityJudge(paris[0] as string), b: stubborn(paris[1] as string), c: stubborn(lyon) });
    const state = await runConsensus({
      prompt: 'q',
      participants: ['a', 'b', 'c'],
      execute,
      seed: 3,
      synthesize: false,
      equivalence: 'judge',
      maxCalls: 4,
    });
    assert.ok(state.calls <= 4);
    assert.equal(calls.length, state.calls);
    assert.equal(state.judgeCalls, 1);
  });

  it('rejects a judge that is not a participant, before any call', async () => {
    const { execute, calls } = scripted({ a: stubborn('x'), b: stubborn('y') });
    await assert.rejects(
      runConsensus({ prompt: 'q', participants: ['a', 'b'], execute, equivalence: 'judge', judge: 'zed' }),
      (error: unknown) =>
        error instanceof ConsensusConfigError && error.option === 'judge' && /one of the participant ids/.test(error.message),
    );
    assert.equal(calls.length, 0);
  });
});
