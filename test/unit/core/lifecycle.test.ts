import { strict as assert } from 'node:assert';
import { type ConsensusEvent, runConsensus } from '../../../src/core';
import { type Call, scripted, shownLabels, stubborn, wandering } from './scripted';

describe('core: engine cancellation and budget', () => {
  it('resolves promptly with cancelled and aborts every call in flight', async () => {
    const controller = new AbortController();
    const { execute: answer, calls } = scripted({
      a: (call) => (call.round === 0 ? 'X' : { output: 'X', hang: true }),
      // Never answers, whatever its signal says: the run must not wait for it.
      b: (call) => (call.round === 0 ? 'Y' : { output: 'Y', hang: true, ignoreAbort: true }),
      c: (call) => (call.round === 0 ? 'Z' : { output: 'Z', hang: true }),
    });
    // Cancelled once all three calls of round 1 are in flight.
    const execute: typeof answer = (id, prompt, context) => {
      const reply = answer(id, prompt, context);
      if (calls.filter((call) => call.round === 1).length === 3) controller.abort();
      return reply;
    };
    const events: ConsensusEvent[] = [];
    const state = await runConsensus({
      prompt: 'q',
      participants: ['a', 'b', 'c'],
      execute,
      seed: 1,
      signal: controller.signal,
      onEvent: (e) => events.push(e),
    });
    assert.equal(state.reason, 'cancelled');
    assert.equal(state.finalized, false);
    const inFlight = calls.filter((c) => c.round === 1);
    assert.equal(inFlight.length, 3);
    for (const call of inFlight) assert.equal(call.signal.aborted, true);
    // The unfinished round is discarded: the winner comes from round 0's poll, without a synthesis call.
    assert.equal(state.history.length, 1);
    assert.equal(state.roundsRun, 0);
    assert.ok(state.winner);
    assert.equal(state.synthesisSource, 'verbatim');
    assert.equal(state.errors.length, 0, 'cancelled calls are not failures');
    assert.ok(!events.some((e) => e.type === 'synthesis-start'));
    assert.equal(events.at(-1)?.type, 'done');
  });

  it('makes no call when the signal is already aborted', async () => {
    const { execute, calls } = scripted({ a: stubborn('X'), b: stubborn('X') });
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b'], execute, signal: AbortSignal.abort() });
    assert.equal(calls.length, 0);
    assert.equal(state.reason, 'cancelled');
    assert.equal(state.winner, undefined);
    assert.equal(state.synthesis, '');
  });

  it('never exceeds maxCalls and does not start a round that would', async () => {
    const answers = ['R', 'R', 'B', 'B', 'G'];
    const ids = ['p1', 'p2', 'p3', 'p4', 'p5'];
    for (const maxCalls of [5, 9, 10, 14, 21]) {
      // p5 answers anew every round, so the run never ends in a stalemate before the budget.
      const { execute, calls } = scripted(
        Object.fromEntries(ids.map((id, i) => [id, id === 'p5' ? wandering('G') : stubborn(answers[i] as string)])),
      );
      const state = await runConsensus({ prompt: 'q', participants: ids, execute, seed: 1, maxCalls, rounds: 10 });
      assert.ok(calls.length <= maxCalls);
      assert.equal(state.calls, calls.length);
      assert.equal(calls.length, Math.floor(maxCalls / 5) * 5);
      assert.equal(state.reason, 'budget');
      assert.ok(state.winner, 'the last poll still decides');
    }
  });

  it('uses the answer verbatim when the budget leaves no synthesis call', async () => {
    const { execute, calls } = scripted({ a: stubborn('Answer: 4'), b: stubborn('It is four.\nAnswer: 4'), c: stubborn('Answer: 4.') });
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 1, maxCalls: 3 });
    assert.equal(calls.length, 3);
    assert.equal(state.reason, 'final');
    assert.equal(state.synthesisSource, 'verbatim');
    assert.equal(state.synthesis, state.answer);
  });
});

describe('core: engine synthesis', () => {
  const ids = ['model-one', 'model-two', 'model-three'];
  const texts: Record<string, string> = {
    'model-one': 'Two plus two.\nAnswer: 4',
    'model-two': 'Counting gives four.\nAnswer: 4',
    'model-three': 'Obviously.\nFinal answer: 4',
  };

  it('asks the champion to synthesise differing supporting answers, showing labels only', async () => {
    const prompts: Call[] = [];
    const { execute } = scripted(
      Object.fromEntries(
        ids.map((id) => [
          id,
          (call: Call) => {
            if (call.phase === 'synthesize') {
              prompts.push(call);
              return { output: 'Four.\nAnswer: 4', stream: ['Fo', 'ur.'] };
            }
            return texts[id] as string;
          },
        ]),
      ),
    );
    const events: ConsensusEvent[] = [];
    const state = await runConsensus({ prompt: 'what is 2+2', participants: ids, execute, seed: 3, onEvent: (e) => events.push(e) });
    assert.equal(state.reason, 'final');
    assert.equal(state.calls, 4);
    assert.equal(prompts.length, 1);
    assert.equal(prompts[0]?.id, state.winner);
    assert.equal(state.synthesizedBy, state.winner);
    assert.equal(state.synthesisSource, 'model');
    assert.equal(state.synthesis, 'Four.\nAnswer: 4');
    for (const id of ids) assert.ok(!prompts[0]?.prompt.includes(id));
    for (const id of ids) if (id !== state.winner) assert.ok(prompts[0]?.prompt.includes(texts[id] as string));
    assert.deepEqual(
      events.filter((e) => e.type === 'synthesis-text').map((e) => (e.type === 'synthesis-text' ? e.delta : '')),
      ['Fo', 'ur.'],
    );
  });

  it('falls back to the next supporter, then to the answer verbatim', async () => {
    const failing = new Set<string>();
    const { execute, calls } = scripted(
      Object.fromEntries(
        ids.map((id) => [
          id,
          (call: Call) => {
            if (call.phase === 'synthesize') return failing.has(id) ? { error: 'synth down' } : `merged by ${id}`;
            return texts[id] as string;
          },
        ]),
      ),
    );
    const first = await runConsensus({ prompt: 'q', participants: ids, execute, seed: 3, synthesize: false });
    const champion = first.winner as string;
    failing.add(champion);
    const second = await runConsensus({ prompt: 'q', participants: ids, execute, seed: 3 });
    assert.equal(second.synthesisSource, 'model');
    assert.notEqual(second.synthesizedBy, champion);
    assert.equal(second.synthesis, `merged by ${second.synthesizedBy}`);
    assert.deepEqual(
      second.errors.map((e) => [e.participant, e.phase]),
      [[champion, 'synthesize']],
    );
    for (const id of ids) failing.add(id);
    calls.length = 0;
    const third = await runConsensus({ prompt: 'q', participants: ids, execute, seed: 3 });
    assert.equal(third.synthesisSource, 'verbatim');
    assert.equal(third.synthesis, third.answer);
    assert.equal(calls.filter((c) => c.phase === 'synthesize').length, 3);
    assert.equal(third.calls, 6);
  });

  it('lets a chosen participant synthesise, and can be turned off', async () => {
    const { execute, calls } = scripted(
      Object.fromEntries(ids.map((id) => [id, (call: Call) => (call.phase === 'synthesize' ? 'merged' : (texts[id] as string))])),
    );
    const chosen = await runConsensus({ prompt: 'q', participants: ids, execute, seed: 3, synthesize: { by: 'model-three' } });
    assert.equal(chosen.synthesizedBy, 'model-three');
    calls.length = 0;
    const off = await runConsensus({ prompt: 'q', participants: ids, execute, seed: 3, synthesize: false });
    assert.equal(calls.length, 3);
    assert.equal(off.synthesisSource, 'verbatim');
    assert.equal(off.synthesis, texts[off.winner as string]);
  });
});

describe('core: engine discussion mode', () => {
  it("shows every peer's answer each round for exactly `rounds` rounds and keeps discussionHistory", async () => {
    const ids = ['a', 'b', 'c', 'd'];
    const { execute, calls } = scripted(
      Object.fromEntries(
        ids.map((id) => [id, (call: Call) => (call.phase === 'synthesize' ? 'merged' : `${id} says 1 (round ${call.round})\nAnswer: 1`)]),
      ),
    );
    const state = await runConsensus({ prompt: 'q', participants: ids, execute, seed: 2, mode: 'discussion', rounds: 3 });
    assert.equal(state.roundsRun, 3);
    assert.equal(state.discussionHistory.length, 4);
    assert.equal(state.discussionHistory[2]?.c, 'c says 1 (round 2)\nAnswer: 1');
    for (const call of calls.filter((c) => c.round > 0 && c.phase !== 'synthesize')) {
      assert.equal(call.phase, 'discuss');
      const others = ids
        .filter((id) => id !== call.id)
        .map((id) => state.labels[id])
        .sort();
      assert.deepEqual(shownLabels(call.prompt).sort(), others);
      for (const id of ids.filter((x) => x !== call.id)) assert.ok(call.prompt.includes(`${id} says 1 (round ${call.round - 1})`));
    }
    assert.equal(state.finalized, true);
    assert.equal(state.reason, 'final');
    assert.equal(state.synthesisSource, 'model');
    assert.equal(calls.length, 4 * 4 + 1);
  });

  it('reports a discussion that did not converge', async () => {
    const { execute } = scripted({ a: stubborn('X'), b: stubborn('Y'), c: stubborn('Z') });
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 2, mode: 'discussion', rounds: 2 });
    assert.equal(state.finalized, false);
    assert.equal(state.reason, 'rounds-exhausted');
    assert.equal(state.history.length, 3);
  });
});

describe('core: engine luminance and events', () => {
  it('never lets luminance outvote supporters', async () => {
    const { execute } = scripted({
      fast: () => ({ output: 'Lone', ms: 10 }),
      s1: () => ({ output: 'Pair', ms: 9000 }),
      s2: () => ({ output: 'Pair', ms: 9000 }),
    });
    const state = await runConsensus({ prompt: 'q', participants: ['fast', 's1', 's2'], execute, seed: 1, rounds: 2, synthesize: false });
    assert.ok((state.luminance.fast ?? 0) > (state.luminance.s1 ?? 0));
    assert.equal(state.answer, 'Pair');
  });

  it('samples a slow participant less often than fast ones', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const { execute } = scripted(
      Object.fromEntries(ids.map((id, i) => [id, (call) => ({ output: `answer ${i}.${call.round}`, ms: id === 'p0' ? 8000 : 500 })])),
    );
    const state = await runConsensus({ prompt: 'q', participants: ids, execute, seed: 11, rounds: 20, synthesize: false });
    const counts = new Map<string, number>();
    for (const record of state.history)
      for (const sample of Object.values(record.samples)) for (const q of sample) counts.set(q, (counts.get(q) ?? 0) + 1);
    const fastMean = ids.slice(1).reduce((s, id) => s + (counts.get(id) ?? 0), 0) / 9;
    assert.ok((counts.get('p0') ?? 0) < fastMean * 0.6, `slow ${counts.get('p0')} vs fast mean ${fastMean}`);
  });

  it('reports events in order, with streamed text', async () => {
    const { execute } = scripted({ a: () => ({ output: 'X', stream: ['X'] }), b: stubborn('X') });
    const events: ConsensusEvent[] = [];
    await runConsensus({
      prompt: 'q',
      participants: ['a', 'b'],
      execute,
      seed: 1,
      onEvent: (e) => {
        events.push(e);
        throw new Error('listener bug');
      },
    });
    const types = events.map((e) => e.type);
    assert.deepEqual(types, [
      'start',
      'round-start',
      'agent-start',
      'agent-text',
      'agent-start',
      'agent-result',
      'agent-result',
      'poll',
      'final',
      'done',
    ]);
    const text = events.find((e) => e.type === 'agent-text');
    assert.deepEqual(text, { type: 'agent-text', round: 0, phase: 'propose', participant: 'a', delta: 'X' });
  });
});
