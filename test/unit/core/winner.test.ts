import { strict as assert } from 'node:assert';
import { chooseChampion, rankOptions, type Standing } from '../../../src/core/winner';

function standing(
  prefs: Record<string, string>,
  confidence: Record<string, number>,
  luminance: Record<string, number>,
  labels: Record<string, string>,
  answerOptions: Record<string, string> = prefs,
): Standing {
  return {
    live: Object.keys(prefs),
    preferences: new Map(Object.entries(prefs)),
    answerOptions: new Map(Object.entries(answerOptions)),
    confidence: new Map(Object.entries(confidence)),
    luminance,
    labels,
  };
}

describe('core: winner', () => {
  const labels = { a: 'C', b: 'A', c: 'B', d: 'D', e: 'E' };

  it('ranks by live supporters before confidence and luminance', () => {
    const s = standing(
      { a: 'x', b: 'x', c: 'x', d: 'y', e: 'y' },
      { a: 0, b: 0, c: 0, d: 1, e: 1 },
      { a: 0.1, b: 0.1, c: 0.1, d: 2, e: 2 },
      labels,
    );
    assert.deepEqual(rankOptions(s), ['x', 'y']);
  });

  it('breaks ties by confidence, then luminance, then label order', () => {
    assert.deepEqual(rankOptions(standing({ a: 'x', d: 'y' }, { a: 0.5, d: 0.75 }, { a: 2, d: 1 }, labels)), ['y', 'x']);
    assert.deepEqual(rankOptions(standing({ a: 'x', d: 'y' }, { a: 0.5, d: 0.5 }, { a: 2, d: 1 }, labels)), ['x', 'y']);
    assert.deepEqual(rankOptions(standing({ a: 'x', b: 'y' }, { a: 0.5, b: 0.5 }, { a: 1, b: 1 }, labels)), ['y', 'x']);
  });

  it('chooses as champion the most confident supporter whose own answer is of the option', () => {
    const s = standing({ a: 'x', b: 'x', c: 'x' }, { a: 0.9, b: 0.5, c: 0.75 }, { a: 1, b: 1, c: 1 }, labels, { a: 'z', b: 'x', c: 'x' });
    assert.equal(chooseChampion(s, 'x'), 'c');
    const none = standing({ a: 'x' }, { a: 1 }, { a: 1 }, labels, { a: 'z' });
    assert.equal(chooseChampion(none, 'x'), undefined);
  });
});
