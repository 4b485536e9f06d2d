import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { createRng, makeLabels, nextConfidence, weightedSample } from '../../../src/core';

describe('core: randomness and confidence', () => {
  it('replays the same stream from the same seed and differs across seeds', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const sa = Array.from({ length: 5 }, () => a());
    assert.deepEqual(
      sa,
      Array.from({ length: 5 }, () => b()),
    );
    assert.notDeepEqual(
      sa,
      Array.from({ length: 5 }, () => c()),
    );
    assert.notEqual(createRng(1)(), createRng(1 + 2 ** 32)());
  });

  it('samples distinct candidates without replacement', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 15 }),
        (seed, ids, k) => {
          const weights = Object.fromEntries(ids.map((id, i) => [id, i % 3]));
          const picked = weightedSample(createRng(seed), ids, weights, k);
          assert.equal(picked.length, Math.min(k, ids.length));
          assert.equal(new Set(picked).size, picked.length);
          for (const p of picked) assert.ok(ids.includes(p));
        },
      ),
    );
  });

  it('draws in proportion to weight', () => {
    const rng = createRng(42);
    let heavy = 0;
    const draws = 20000;
    for (let i = 0; i < draws; i++) if (weightedSample(rng, ['light', 'heavy'], { light: 1, heavy: 3 }, 1)[0] === 'heavy') heavy++;
    assert.ok(Math.abs(heavy / draws - 0.75) < 0.015, `heavy share ${heavy / draws}`);
  });

  it('never draws a zero-weight candidate while a weighted one remains', () => {
    const rng = createRng(3);
    for (let i = 0; i < 2000; i++) assert.deepEqual(weightedSample(rng, ['z', 'a', 'y'], { a: 1 }, 1), ['a']);
  });

  it('shuffles labels A.. by seed', () => {
    const ids = ['p1', 'p2', 'p3', 'p4'];
    const labels = makeLabels(ids, createRng(1));
    assert.deepEqual(Object.values(labels).sort(), ['A', 'B', 'C', 'D']);
    assert.deepEqual(makeLabels(ids, createRng(1)), labels);
    const orders = new Set(Array.from({ length: 20 }, (_, s) => JSON.stringify(makeLabels(ids, createRng(s)))));
    assert.ok(orders.size > 5);
    const many = makeLabels(
      Array.from({ length: 30 }, (_, i) => `id${i}`),
      createRng(5),
    );
    assert.ok(Object.values(many).includes('AD'));
    assert.equal(new Set(Object.values(many)).size, 30);
  });

  it('accumulates confidence toward 1 and resets on a change of preference', () => {
    assert.equal(nextConfidence(0, true, false), 0.5);
    assert.equal(nextConfidence(0.5, true, false), 0.75);
    assert.equal(nextConfidence(0.75, false, false), 0.375);
    assert.equal(nextConfidence(0.75, true, true), 0.5);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.boolean())), (steps) => {
        let c = 0;
        for (const [success, changed] of steps) {
          c = nextConfidence(c, success, changed);
          assert.ok(c >= 0 && c < 1);
          if (success) assert.ok(c >= 0.5);
        }
      }),
    );
  });
});
