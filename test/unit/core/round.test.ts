import { strict as assert } from 'node:assert';
import { CancelScope } from '../../../src/core/call';
import { ParticipantLedger } from '../../../src/core/ledger';
import { runRound, type CallEvent, type RoundCall } from '../../../src/core/round';
import { scripted } from './scripted';

describe('core: one round of calls (shared by the engine and the review)', () => {
  const plans = (ids: string[]): RoundCall[] =>
    ids.map((participant) => ({ participant, phase: 'propose', prompt: `question for ${participant}` }));

  it('keeps at most `concurrency` calls in flight, returns replies in call order and reports each call', async () => {
    let inFlight = 0;
    let most = 0;
    // Each call answers once two are in flight together: more would show in `most`.
    let bothRunning!: () => void;
    const two = new Promise<void>((resolve) => (bothRunning = resolve));
    const slow = (): { output: string; until: Promise<void> } => ({ output: 'an answer', until: two });
    const { execute } = scripted({ a: slow, b: slow, c: slow, d: slow });
    const counting: typeof execute = async (id, prompt, context) => {
      inFlight++;
      most = Math.max(most, inFlight);
      if (inFlight >= 2) bothRunning();
      try {
        return await execute(id, prompt, context);
      } finally {
        inFlight--;
      }
    };
    const events: CallEvent[] = [];
    let started = 0;
    const ledger = new ParticipantLedger(['a', 'b', 'c', 'd']);
    const replies = await runRound({
      round: 0,
      calls: plans(['a', 'b', 'c', 'd']),
      execute: counting,
      timeout: undefined,
      concurrency: 2,
      scope: new CancelScope(),
      ledger,
      emit: (event) => events.push(event),
      started: () => void started++,
      read: (call, result) => ({ reply: `${call.participant}:${result.output}`, result, output: result.output }),
    });
    assert.equal(most, 2, 'more than two calls were in flight');
    assert.equal(started, 4);
    assert.deepEqual(replies, ['a:an answer', 'b:an answer', 'c:an answer', 'd:an answer']);
    for (const id of ['a', 'b', 'c', 'd']) {
      const own = events.filter((event) => event.participant === id).map((event) => event.type);
      assert.deepEqual(own, ['agent-start', 'agent-result'], `events of ${id}`);
    }
  });

  it('reports a failure the caller read as one, marks the drop, and discards a cancelled round', async () => {
    const ledger = new ParticipantLedger(['a', 'b']);
    ledger.failed('a');
    const { execute } = scripted({ a: () => ({ output: 'unusable' }), b: () => ({ output: 'fine' }) });
    const events: CallEvent[] = [];
    await runRound({
      round: 1,
      calls: plans(['a', 'b']),
      execute,
      timeout: undefined,
      concurrency: undefined,
      scope: new CancelScope(),
      ledger,
      emit: (event) => events.push(event),
      started: () => undefined,
      read: (call, raw) => {
        const result = call.participant === 'a' ? { ...raw, ok: false, error: 'nothing usable' } : raw;
        return { reply: result.ok, result, output: raw.output };
      },
    });
    const failed = events.find((event) => event.type === 'agent-result' && event.participant === 'a');
    assert.ok(failed && failed.type === 'agent-result');
    assert.equal(failed.ok, false);
    assert.equal(failed.error, 'nothing usable');
    assert.equal(failed.dropped, true, 'a second failure in a row drops the participant');

    const scope = new CancelScope();
    const hanging = scripted({ a: () => ({ output: 'late', hang: true }), b: () => ({ output: 'late', hang: true }) });
    const pending = runRound({
      round: 0,
      calls: plans(['a', 'b']),
      execute: hanging.execute,
      timeout: undefined,
      concurrency: undefined,
      scope,
      ledger: new ParticipantLedger(['a', 'b']),
      emit: () => undefined,
      started: () => undefined,
      read: (_call, result) => ({ reply: result, result, output: result.output }),
    });
    scope.cancel();
    assert.equal(await pending, undefined, 'a cancelled round must not return replies');
    assert.equal(hanging.calls.length, 2, 'both calls should have been in flight');
    assert.ok(
      hanging.calls.every((call) => call.signal.aborted),
      'calls in flight were not aborted',
    );
  });
});
