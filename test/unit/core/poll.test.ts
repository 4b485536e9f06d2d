import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { type CallStats, computeLuminance, createRng, luminanceOf, runPoll } from '../../../src/core';
import type { PollInput } from '../../../src/core';

function pollInput(prefs: Record<string, string>, overrides: Partial<PollInput> = {}): PollInput {
  const live = Object.keys(prefs);
  return {
    participantCount: live.length,
    live,
    preferences: new Map(Object.entries(prefs)),
    confidence: new Map(),
    changed: new Set(live),
    luminance: Object.fromEntries(live.map((id) => [id, 1])),
    k: 3,
    alpha: 0.6,
    beta1: 0.5,
    beta2: 0.8,
    rng: createRng(1),
    ...overrides,
  };
}

describe('core: poll', () => {
  it('is final when all agree, and 4 of 5 agreeing is final too', () => {
    const all = runPoll(pollInput({ a: 'x', b: 'x', c: 'x' }));
    assert.deepEqual(all.final, { option: 'x', share: 1 });
    const four = runPoll(pollInput({ a: 'x', b: 'x', c: 'x', d: 'x', e: 'y' }));
    assert.deepEqual(four.final, { option: 'x', share: 0.8 });
    assert.equal(four.confidence.e, 0);
  });

  it('compares the agreeing share with alpha, not a rounded count', () => {
    // 2 of 3 = 0.667 passes alpha 0.6 and fails alpha 0.7 (a rounded count would say 2 >= round(2.1)).
    const prefs = { a: 'x', b: 'x', c: 'x', d: 'y' };
    const weights = { a: 1, b: 1, c: 1, d: 1000 };
    const pass = runPoll(pollInput(prefs, { luminance: weights, alpha: 0.6 }));
    assert.equal(pass.agreement.a, 2 / 3);
    assert.equal(pass.entries.a?.success, true);
    const fail = runPoll(pollInput(prefs, { luminance: weights, alpha: 0.7 }));
    assert.equal(fail.entries.a?.success, false);
  });

  it('succeeds when the agreeing share equals alpha exactly', () => {
    // Sample of 4 out of 4 peers, 3 agree: 0.75 >= 0.75.
    const outcome = runPoll(pollInput({ a: 'x', b: 'x', c: 'x', d: 'x', e: 'y' }, { k: 4, alpha: 0.75 }));
    assert.equal(outcome.agreement.a, 0.75);
    assert.equal(outcome.entries.a?.success, true);
  });

  it('needs two live participants and half of all participants live to be final', () => {
    assert.equal(runPoll(pollInput({ a: 'x' }, { participantCount: 2 })).final, undefined);
    assert.equal(runPoll(pollInput({ a: 'x', b: 'x' }, { participantCount: 5 })).final, undefined);
    assert.ok(runPoll(pollInput({ a: 'x', b: 'x' }, { participantCount: 4 })).final);
  });

  it('never samples the participant itself, nor anyone not live, and samples min(k, live - 1)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 6 }), (seed, n, k) => {
        const prefs = Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i % 2 ? 'x' : 'y']));
        const outcome = runPoll(pollInput(prefs, { k, rng: createRng(seed), participantCount: n + 3 }));
        for (const [p, sample] of Object.entries(outcome.samples)) {
          assert.ok(!sample.includes(p));
          assert.equal(sample.length, Math.min(k, n - 1));
          for (const q of sample) assert.ok(q in prefs);
        }
      }),
    );
  });

  it('keeps confidence that did not change preference and resets it when it did', () => {
    const input = pollInput(
      { a: 'x', b: 'x', c: 'x' },
      {
        confidence: new Map([
          ['a', 0.5],
          ['b', 0.5],
        ]),
        changed: new Set(['b']),
      },
    );
    const outcome = runPoll(input);
    assert.equal(outcome.confidence.a, 0.75);
    assert.equal(outcome.confidence.b, 0.5);
  });
});

describe('core: luminance', () => {
  const stats = (calls: number, successes: number, successMs: number): CallStats => ({ calls, successes, successMs });

  it('is reliability times clamped speed', () => {
    assert.equal(luminanceOf(stats(1, 1, 1000), 1000), (2 / 3) * 1);
    assert.equal(luminanceOf(stats(1, 1, 500), 1000), (2 / 3) * 2);
    assert.equal(luminanceOf(stats(1, 1, 10000), 1000), (2 / 3) * 0.5);
    assert.equal(luminanceOf(stats(2, 0, 0), 1000), 1 / 4);
  });

  it('lowers a participant that fails below one that answers at the same speed', () => {
    const lum = computeLuminance(
      new Map([
        ['ok', stats(2, 2, 2000)],
        ['flaky', stats(2, 1, 1000)],
      ]),
      [1000, 1000, 1000],
    );
    assert.ok((lum.flaky ?? 0) < (lum.ok ?? 0));
  });

  it('uses the median of all successful calls', () => {
    const lum = computeLuminance(
      new Map([
        ['fast', stats(1, 1, 500)],
        ['mid', stats(1, 1, 1000)],
        ['slow', stats(1, 1, 8000)],
      ]),
      [500, 1000, 8000],
    );
    assert.equal(lum.fast, (2 / 3) * 2);
    assert.equal(lum.mid, 2 / 3);
    assert.equal(lum.slow, (2 / 3) * 0.5);
  });
});
