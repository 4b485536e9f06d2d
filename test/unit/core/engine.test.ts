import { strict as assert } from 'node:assert';
import { type ConsensusEvent, runConsensus } from '../../../src/core';
import { ManualClock } from '../../fixtures/manualClock';
import { persuadable, scripted, shownAnswer, shownLabels, stubborn, wandering } from './scripted';

const ids5 = ['p1', 'p2', 'p3', 'p4', 'p5'];

describe('core: engine rounds and finality', () => {
  it('is final after the proposals alone when everyone agrees (n calls, no synthesis call)', async () => {
    const { execute, calls } = scripted(Object.fromEntries(ids5.map((id) => [id, stubborn('Answer: 42')])));
    const state = await runConsensus({ prompt: 'q', participants: ids5, execute, seed: 1 });
    assert.equal(state.reason, 'final');
    assert.equal(state.finalized, true);
    assert.equal(state.calls, 5);
    assert.equal(calls.length, 5);
    assert.equal(state.roundsRun, 0);
    assert.equal(state.finalRound, 0);
    assert.equal(state.synthesisSource, 'verbatim');
    assert.equal(state.synthesis, 'Answer: 42');
    assert.ok(state.winner && ids5.includes(state.winner));
  });

  it('is final at round 0 when three agents state the same answer in three styles', async () => {
    const { execute, calls } = scripted({
      a: stubborn('Natalia sold 48 / 2 = 24 clips in May, 72 in all.\n#### 72'),
      b: stubborn('April: 48, May: 24.\n\n**Final Answer:** 72'),
      c: stubborn('Adding both months gives 48 + 24, so the answer is 72 clips.'),
    });
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 4, synthesize: false });
    assert.equal(state.reason, 'final');
    assert.equal(state.finalRound, 0);
    assert.equal(calls.length, 3);
    assert.equal(state.options.length, 1);
  });

  it('is final at round 0 when 4 of 5 agree', async () => {
    const behaviours = Object.fromEntries(ids5.map((id) => [id, stubborn(id === 'p5' ? 'No' : 'Yes')]));
    const { execute } = scripted(behaviours);
    for (const seed of [1, 2, 3, 4, 5]) {
      const state = await runConsensus({ prompt: 'q', participants: ids5, execute, seed });
      assert.equal(state.reason, 'final');
      assert.equal(state.calls, 5);
      assert.equal(state.answer, 'Yes');
      assert.notEqual(state.winner, 'p5');
    }
  });

  it('ends in a stalemate after one refinement round when a 2-2-1 split of stubborn agents never moves, and reports the tie', async () => {
    const answers: Record<string, string> = { p1: 'Red', p2: 'Red', p3: 'Blue', p4: 'Blue', p5: 'Green' };
    const { execute } = scripted(Object.fromEntries(ids5.map((id) => [id, stubborn(answers[id] as string)])));
    const state = await runConsensus({ prompt: 'q', participants: ids5, execute, seed: 9, rounds: 10 });
    assert.equal(state.reason, 'stalemate');
    assert.equal(state.finalized, false);
    assert.equal(state.calls, 5 * 2);
    assert.equal(state.roundsRun, 1);
    assert.ok(['Red', 'Blue'].includes(state.answer));
    assert.notEqual(state.winner, 'p5');
    assert.equal(state.options[0]?.liveSupporters.length, 2);
    assert.deepEqual([...(state.tie ?? [])].sort(), ['p1', 'p3']);
    assert.equal(state.tie?.[0], state.winningOption);
  });

  it('stops when too few agents remain to ever make a poll final, instead of polling to the last round', async () => {
    // Two of three fail every call and are dropped after round 1: one agent can never be final.
    const { execute, calls } = scripted({ a: stubborn('Answer: 1'), b: () => ({ error: 'down' }), c: () => ({ error: 'down' }) });
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 3, rounds: 10, synthesize: false });
    assert.deepEqual(state.dropped, ['b', 'c']);
    assert.equal(state.reason, 'stalemate');
    assert.equal(state.finalized, false);
    assert.equal(calls.length, 6, 'the proposals and one refinement round, not ten');
  });

  it('stops never-converging agents after one refinement round instead of polling to the last round', async () => {
    const { execute, calls } = scripted({ a: stubborn('Answer: 1'), b: stubborn('Answer: 2'), c: stubborn('Answer: 3') });
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 5, rounds: 10, synthesize: false });
    assert.equal(state.reason, 'stalemate');
    assert.equal(calls.length, 6);
    assert.equal(state.tie?.length, 3);
  });

  it('ends 2-of-3 agreement in a stalemate with the majority answer and no tie (0.67 can never reach beta2 0.8)', async () => {
    const { execute, calls } = scripted({ a: stubborn('Answer: 4'), b: stubborn('It is 4.\nAnswer: 4'), c: stubborn('Answer: 5') });
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 5, synthesize: false });
    assert.equal(state.reason, 'stalemate');
    assert.equal(calls.length, 6);
    assert.ok(state.winner === 'a' || state.winner === 'b');
    assert.equal(state.tie, undefined);
  });

  it('keeps polling a unanimous panel until it is confident enough for beta1 = 0.9', async () => {
    const { execute, calls } = scripted(Object.fromEntries(['a', 'b', 'c'].map((id) => [id, stubborn('Answer: 7')])));
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 5, beta1: 0.9 });
    // Confidence 0.5, 0.75, 0.875, 0.9375: confident at the fourth poll.
    assert.equal(state.reason, 'final');
    assert.equal(state.finalized, true);
    assert.equal(state.finalRound, 3);
    assert.equal(calls.length, 12);
  });

  it('keeps going while answers still move, and ends rounds-exhausted when they never settle', async () => {
    const { execute } = scripted({
      p1: stubborn('Red'),
      p2: stubborn('Red'),
      p3: stubborn('Blue'),
      p4: stubborn('Blue'),
      p5: wandering('Green'),
    });
    const state = await runConsensus({ prompt: 'q', participants: ids5, execute, seed: 9, rounds: 3 });
    assert.equal(state.reason, 'rounds-exhausted');
    assert.equal(state.calls, 5 * 4);
  });

  it('runs every discussion round even when nobody moves', async () => {
    const { execute, calls } = scripted({ a: stubborn('X'), b: stubborn('Y'), c: stubborn('Z') });
    const state = await runConsensus({
      prompt: 'q',
      participants: ['a', 'b', 'c'],
      execute,
      seed: 2,
      mode: 'discussion',
      rounds: 4,
      synthesize: false,
    });
    assert.equal(state.reason, 'rounds-exhausted');
    assert.equal(calls.length, 3 * 5);
  });

  it("is final in the next round when a persuaded agent adopts a peer's answer", async () => {
    const { execute, calls } = scripted({ a: stubborn('X'), b: stubborn('X'), c: persuadable('Y', 'X') });
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 3 });
    assert.equal(state.history[0]?.final, false);
    assert.equal(state.reason, 'final');
    assert.equal(state.roundsRun, 1);
    assert.equal(state.calls, 6);
    assert.equal(calls.filter((c) => c.round === 1).length, 3);
    assert.equal(state.answer, 'X');
  });

  it("adopts the option of a peer a participant endorses, and the champion's own answer is of that option", async () => {
    // c keeps its own text but endorses whichever peer shows X.
    const c = (call: { prompt: string; phase: string }) => {
      if (call.phase !== 'refine') return 'Y';
      const label = shownLabels(call.prompt).find((l) => shownAnswer(call.prompt, l) === 'X');
      return label ? `Still Y, but X is better argued.\nENDORSE: ${label}` : 'Y';
    };
    const { execute } = scripted({ a: stubborn('X'), b: stubborn('X'), c });
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 3, synthesize: false });
    assert.equal(state.reason, 'final');
    assert.equal(state.preferences.c, state.preferences.a);
    assert.equal(state.history[1]?.results.c?.output, 'Still Y, but X is better argued.');
    assert.ok(state.winner === 'a' || state.winner === 'b');
    assert.equal(state.answer, 'X');
  });

  it('treats an endorsement of its own label as supporting its new answer', async () => {
    let ownLabel = '';
    const c = (call: { prompt: string; phase: string }) => {
      if (call.phase !== 'refine') return 'Y';
      ownLabel = /Your label is ([A-Z]+)\./.exec(call.prompt)?.[1] ?? '';
      return `Z\nENDORSE: ${ownLabel}`;
    };
    const { execute } = scripted({ a: stubborn('X'), b: stubborn('W'), c });
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 3, rounds: 1 });
    assert.equal(state.history[1]?.endorsements.c, ownLabel);
    assert.equal(state.preferences.c, 'c@1');
    assert.equal(state.preferences.a, 'a');
  });

  it('names options by their first author', async () => {
    const { execute } = scripted({ a: stubborn('X'), b: stubborn('x.'), c: stubborn('Y') });
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 1, rounds: 0 });
    assert.deepEqual(state.preferences, { a: 'a', b: 'a', c: 'c' });
  });

  it('uses a custom equivalence', async () => {
    const { execute } = scripted({ a: stubborn('3.0'), b: stubborn('3'), c: stubborn('three') });
    const equivalent = (x: string, y: string) => Number.parseFloat(x) === Number.parseFloat(y);
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 1, rounds: 0, equivalent });
    assert.equal(state.preferences.a, state.preferences.b);
    assert.notEqual(state.preferences.c, state.preferences.a);
  });
});

describe('core: engine sampling, labels and prompts', () => {
  it('never lets a participant sample itself', async () => {
    const answers = ['R', 'R', 'B', 'B', 'G'];
    const { execute } = scripted(Object.fromEntries(ids5.map((id, i) => [id, stubborn(answers[i] as string)])));
    const state = await runConsensus({ prompt: 'q', participants: ids5, execute, seed: 4, rounds: 5 });
    for (const record of state.history) {
      for (const [p, sample] of Object.entries(record.samples)) {
        assert.ok(!sample.includes(p));
        assert.equal(sample.length, 3);
      }
    }
  });

  it('shows each refining participant exactly its sampled peers, by label', async () => {
    const answers = ['R', 'R', 'B', 'B', 'G'];
    const { execute, calls } = scripted(Object.fromEntries(ids5.map((id, i) => [id, stubborn(answers[i] as string)])));
    const state = await runConsensus({ prompt: 'q', participants: ids5, execute, seed: 4, rounds: 2 });
    for (const call of calls.filter((c) => c.phase === 'refine')) {
      const sample = state.history[call.round - 1]?.samples[call.id] ?? [];
      assert.deepEqual(shownLabels(call.prompt).sort(), sample.map((q) => state.labels[q]).sort());
    }
  });

  it('replays the same labels and samples from the same seed', async () => {
    const answers = ['R', 'R', 'B', 'B', 'G'];
    const make = () => scripted(Object.fromEntries(ids5.map((id, i) => [id, stubborn(answers[i] as string)]))).execute;
    const one = await runConsensus({ prompt: 'q', participants: ids5, execute: make(), seed: 1234 });
    const two = await runConsensus({ prompt: 'q', participants: ids5, execute: make(), seed: 1234 });
    assert.equal(one.seed, 1234);
    assert.deepEqual(two.labels, one.labels);
    assert.deepEqual(
      two.history.map((h) => h.samples),
      one.history.map((h) => h.samples),
    );
    const other = await runConsensus({ prompt: 'q', participants: ids5, execute: make(), seed: 99 });
    assert.notDeepEqual(
      other.history.map((h) => h.samples),
      one.history.map((h) => h.samples),
    );
    const random = await runConsensus({ prompt: 'q', participants: ids5, execute: make() });
    assert.ok(Number.isInteger(random.seed));
  });

  it('never shows a participant id in any prompt, only labels', async () => {
    const ids = ['openai:gpt-secret', 'anthropic:claude-secret', 'local:llama-secret'];
    const behaviours = {
      [ids[0] as string]: stubborn('Alpha'),
      [ids[1] as string]: stubborn('Beta'),
      [ids[2] as string]: (call: { phase: string }) => (call.phase === 'synthesize' ? 'merged' : 'Alpha.\nAnswer: 1'),
    };
    const { execute, calls } = scripted(behaviours);
    await runConsensus({ prompt: 'q', participants: ids, execute, seed: 2, mode: 'discussion', rounds: 2 });
    const state = await runConsensus({ prompt: 'q', participants: ids, execute, seed: 2, rounds: 2 });
    assert.ok(state.history.length > 1);
    for (const call of calls) for (const id of ids) assert.ok(!call.prompt.includes(id), `prompt shows ${id}`);
    for (const id of ids) assert.ok(!JSON.stringify(calls.map((c) => c.prompt)).includes(id.split(':')[1] as string));
  });

  it('removes the endorsement line before showing an answer to peers', async () => {
    const { execute, calls } = scripted({
      a: (call) => (call.phase === 'refine' ? `A-text\nENDORSE: A` : 'A-text'),
      b: stubborn('B-text'),
      c: stubborn('C-text'),
    });
    await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 5, rounds: 3 });
    for (const call of calls.filter((c) => c.round >= 2))
      assert.ok(!/ENDORSE: A\n/.test(call.prompt.split('Answers of some other')[1] ?? ''));
  });
});

describe('core: engine failures', () => {
  it('does not sample a failed agent in that poll and retries it blind in the next round', async () => {
    let failedOnce = false;
    const flaky = () => {
      if (!failedOnce) {
        failedOnce = true;
        return { error: 'boom' };
      }
      return 'R';
    };
    const { execute, calls } = scripted({ p1: stubborn('R'), p2: stubborn('B'), p3: stubborn('G'), p4: flaky, p5: stubborn('R') });
    const state = await runConsensus({ prompt: 'q', participants: ids5, execute, seed: 6, rounds: 2 });
    const round0 = state.history[0];
    assert.ok(round0);
    assert.ok(!round0.live.includes('p4'));
    for (const sample of Object.values(round0.samples)) assert.ok(!sample.includes('p4'));
    assert.equal(round0.samples.p4, undefined);
    const retry = calls.find((c) => c.id === 'p4' && c.round === 1);
    assert.equal(retry?.phase, 'propose');
    assert.equal(shownLabels(retry?.prompt ?? '').length, 0);
    assert.ok(state.history[1]?.live.includes('p4'));
    assert.deepEqual(state.errors, [{ participant: 'p4', round: 0, phase: 'propose', error: 'boom' }]);
    assert.deepEqual(state.dropped, []);
  });

  it('drops an agent after two failures in a row and never calls it again', async () => {
    const events: ConsensusEvent[] = [];
    const { execute, calls } = scripted({
      p1: stubborn('R'),
      p2: stubborn('B'),
      p3: stubborn('G'),
      p4: () => ({ throws: 'down' }),
      p5: stubborn('R'),
    });
    const state = await runConsensus({ prompt: 'q', participants: ids5, execute, seed: 6, rounds: 3, onEvent: (e) => events.push(e) });
    assert.deepEqual(
      calls.filter((c) => c.id === 'p4').map((c) => c.round),
      [0, 1],
    );
    assert.deepEqual(state.dropped, ['p4']);
    assert.equal(state.errors.filter((e) => e.participant === 'p4').length, 2);
    assert.equal(state.errors[0]?.error, 'down');
    assert.ok(events.some((e) => e.type === 'agent-result' && e.participant === 'p4' && e.round === 1 && e.dropped === true));
    // Round 2 changed nothing and failed nowhere: a stalemate.
    assert.equal(state.calls, 5 + 5 + 4);
    assert.equal(state.reason, 'stalemate');
    for (const record of state.history) for (const sample of Object.values(record.samples)) assert.ok(!sample.includes('p4'));
  });

  it('treats an empty output, or one holding only the endorsement line, as a failure', async () => {
    const { execute } = scripted({
      a: stubborn('X'),
      b: stubborn('X'),
      c: () => '   ',
      d: (call) => (call.phase === 'refine' ? 'ENDORSE: A' : 'X'),
    });
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c', 'd'], execute, seed: 1, rounds: 1, synthesize: false });
    assert.equal(state.errors.find((e) => e.participant === 'c')?.error, 'empty output');
    assert.ok(!state.history[0]?.live.includes('c'));
    assert.ok(state.winner !== 'c');
  });

  it('ends all-failed with no winner and every error when every call fails', async () => {
    const { execute } = scripted({ a: () => ({ error: 'e-a' }), b: () => ({ throws: 'e-b' }), c: () => '' });
    const events: ConsensusEvent[] = [];
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 1, onEvent: (e) => events.push(e) });
    assert.equal(state.reason, 'all-failed');
    assert.equal(state.finalized, false);
    assert.equal(state.winner, undefined);
    assert.equal(state.answer, '');
    assert.equal(state.synthesis, '');
    assert.equal(state.synthesisSource, 'none');
    assert.equal(state.errors.length, 6);
    assert.deepEqual(state.errors.map((e) => e.error).sort(), ['e-a', 'e-a', 'e-b', 'e-b', 'empty output', 'empty output']);
    assert.equal(state.calls, 6);
    assert.deepEqual(state.dropped, ['a', 'b', 'c']);
    const done = events.at(-1);
    assert.equal(done?.type, 'done');
  });

  it('fails a slow call when its timeout passes, naming the limit and the fix, and only that call', async () => {
    const clock = new ManualClock();
    let slowSignal: AbortSignal | undefined;
    let slowCalled!: () => void;
    const slowStarted = new Promise<void>((resolve) => (slowCalled = resolve));
    const { execute } = scripted({
      a: stubborn('X'),
      b: stubborn('X'),
      c: stubborn('X'),
      slow: (call) => {
        slowSignal = call.signal;
        slowCalled();
        return { output: 'X', hang: true };
      },
    });
    const running = runConsensus({
      prompt: 'q',
      participants: ['a', 'b', 'c', 'slow'],
      execute,
      seed: 1,
      rounds: 0,
      timeoutMs: 60_000,
      clock,
    });
    await slowStarted;
    await clock.advance(59_999);
    assert.equal(slowSignal?.aborted, false, 'not before its time');
    await clock.advance(1);
    const state = await running;
    assert.equal(
      state.history[0]?.results.slow?.error,
      'The call did not finish within 60 s (timeoutMs); raise it for slow or thinking models.',
    );
    assert.equal(state.history[0]?.results.slow?.ms, 60_000);
    assert.equal(state.history[0]?.results.a?.ok, true);
    assert.equal(slowSignal?.aborted, true);
    assert.equal(state.errors.length, 1);
    assert.equal(state.reason, 'final');
  });

  it('records a rejected execute as a failed call with its message', async () => {
    const { execute } = scripted({ a: stubborn('X'), b: stubborn('X'), c: () => ({ throws: 'HTTP 500: overloaded' }) });
    const state = await runConsensus({ prompt: 'q', participants: ['a', 'b', 'c'], execute, seed: 1, rounds: 0 });
    assert.equal(state.history[0]?.results.c?.error, 'HTTP 500: overloaded');
  });
});
