import { strict as assert } from 'node:assert';
import { AgentError } from '../../../src/agents/errors';
import { type ConsensusEvent, runConsensus } from '../../../src/core';
import { ManualClock } from '../../fixtures/manualClock';
import { scripted, stubborn } from './scripted';

describe('core: ties and error kinds', () => {
  it('reports a 1-1-1 split as a tie of the three options, with no synthesis call', async () => {
    const { execute, calls } = scripted({ a: stubborn('Red'), b: stubborn('Blue'), c: stubborn('Green') });
    const events: ConsensusEvent[] = [];
    const state = await runConsensus({
      prompt: 'q',
      participants: ['a', 'b', 'c'],
      execute,
      seed: 4,
      rounds: 1,
      onEvent: (event) => events.push(event),
    });
    assert.equal(state.finalized, false);
    assert.deepEqual([...(state.tie ?? [])].sort(), ['a', 'b', 'c']);
    // The tie-breaks still name one answer, and it is one of the tied ones, used as it is.
    assert.ok(state.winningOption !== undefined && state.tie?.includes(state.winningOption));
    assert.equal(state.synthesisSource, 'verbatim');
    assert.equal(calls.filter((call) => call.phase === 'synthesize').length, 0);
    const done = events.at(-1);
    assert.ok(done?.type === 'done');
    assert.deepEqual(done.tie?.map((tied) => tied.answer).sort(), ['Blue', 'Green', 'Red']);
    assert.deepEqual(
      done.tie?.map((tied) => tied.supporters.length),
      [1, 1, 1],
    );
  });

  it('reports a 2-2-1 split as a tie of the two leading options only', async () => {
    const answers: Record<string, string> = { p1: 'Red', p2: 'Red', p3: 'Blue', p4: 'Blue', p5: 'Green' };
    const ids = Object.keys(answers);
    const { execute } = scripted(Object.fromEntries(ids.map((id) => [id, stubborn(answers[id] as string)])));
    const state = await runConsensus({ prompt: 'q', participants: ids, execute, seed: 9, rounds: 1 });
    assert.deepEqual([...(state.tie ?? [])].sort(), ['p1', 'p3']);
  });

  it('reports no tie when one option leads', async () => {
    const { execute } = scripted({ a: stubborn('Red'), b: stubborn('Red'), c: stubborn('Blue'), d: stubborn('Green') });
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c', 'd'], execute, seed: 2, rounds: 1 });
    assert.equal(state.finalized, false);
    assert.equal(state.tie, undefined);
  });

  it('gives the engine\'s own per-call timeout the kind "timeout" in the result, the event and the errors, naming the flag it was set by', async () => {
    const clock = new ManualClock();
    const { execute } = scripted({ a: stubborn('X'), b: stubborn('X'), c: stubborn('X'), slow: () => ({ output: 'X', hang: true }) });
    const events: ConsensusEvent[] = [];
    const running = runConsensus({
      prompt: 'q',
      participants: ['a', 'b', 'c', 'slow'],
      execute,
      seed: 1,
      rounds: 0,
      timeoutMs: 4000,
      timeoutSetting: '--timeout',
      clock,
      onEvent: (event) => events.push(event),
    });
    await clock.armed(4);
    await clock.advance(4000);
    const state = await running;
    assert.equal(state.errors[0]?.error, 'The call did not finish within 4 s (--timeout); raise it for slow or thinking models.');
    assert.equal(state.history[0]?.results.slow?.errorKind, 'timeout');
    assert.equal(state.errors[0]?.errorKind, 'timeout');
    const result = events.find((event) => event.type === 'agent-result' && event.participant === 'slow');
    assert.ok(result?.type === 'agent-result');
    assert.equal(result.errorKind, 'timeout');
  });

  it('carries the kind of an AgentError an agent throws, whatever its message says', async () => {
    const execute = async (id: string): Promise<{ id: string; output: string; ok: boolean }> => {
      if (id === 'c') throw new AgentError('auth', 'The key was refused (it did not time out).');
      return { id, output: 'X', ok: true };
    };
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 1, rounds: 0 });
    assert.equal(state.errors[0]?.errorKind, 'auth');
  });
});
