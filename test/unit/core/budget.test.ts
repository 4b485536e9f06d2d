import { strict as assert } from 'node:assert';
import { callBound } from '../../../src/core/budget';
import { runConsensus, type Execute } from '../../../src/core';

/** An agent answer the engine reads as free text (no final-answer line), different each call. */
function freeText(participant: string, round: number): string {
  const flavours = ['plain', 'careful', 'bold', 'quiet'];
  return `Agent ${participant} weighed the options.\nIt prefers the ${flavours[round] ?? 'last'} approach it came up with, for reasons of its own.`;
}

describe('app: the bound on model calls', () => {
  it('covers a write-up that only the last synthesis candidate manages', async () => {
    let synthesisCalls = 0;
    const execute: Execute = async (participant, _prompt, context) => {
      if (context.phase === 'synthesize') {
        synthesisCalls += 1;
        return synthesisCalls < 3
          ? { id: participant, output: '', ok: false, error: 'overloaded' }
          : { id: participant, output: 'Merged.\nAnswer: 1', ok: true };
      }
      return { id: participant, output: `${participant} worked it out its own way.\nAnswer: 1`, ok: true };
    };
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 1, rounds: 0 });
    assert.equal(state.synthesisSource, 'model');
    assert.equal(state.calls, 6);
    assert.ok(
      state.calls <= callBound('consensus', 3, { rounds: 0 }),
      `${state.calls} calls, bound ${callBound('consensus', 3, { rounds: 0 })}`,
    );
  });

  it("covers the judge's calls with equivalence: judge", async () => {
    const execute: Execute = async (participant, _prompt, context) => {
      if (context.phase === 'judge') return { id: participant, output: 'DIFFERENT', ok: true };
      return { id: participant, output: freeText(participant, context.round), ok: true };
    };
    const settings = { rounds: 1, equivalence: 'judge' as const };
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 1, ...settings });
    assert.ok(state.judgeCalls > 0, 'the judge was never asked');
    assert.ok(state.calls > callBound('consensus', 3, { rounds: 1 }), 'the run made no more calls than a run without a judge may');
    assert.ok(state.calls <= callBound('consensus', 3, settings), `${state.calls} calls, bound ${callBound('consensus', 3, settings)}`);
  });

  it('holds the engine to the bound when it is given as the budget', async () => {
    const execute: Execute = async (participant, _prompt, context) => ({
      id: participant,
      output: context.phase === 'judge' ? 'DIFFERENT' : freeText(participant, context.round),
      ok: true,
    });
    const settings = { rounds: 3, equivalence: 'judge' as const };
    const bound = callBound('consensus', 3, settings);
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 2, ...settings, maxCalls: bound });
    assert.ok(state.calls <= bound);
    assert.equal(callBound('consensus', 3, { ...settings, maxCalls: 10 }), 10);
    assert.equal(callBound('review', 3, settings), 12, 'a review has neither a write-up nor a judge');
  });
});
