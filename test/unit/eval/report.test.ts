import { strict as assert } from 'node:assert';
import { parseDataset, pluralityAnswer, referenceAnswer, wilsonInterval } from '../../../src/eval';

describe('eval: datasets, intervals, majority vote', () => {
  it('gives the Wilson 95% interval, sensible at 0 and n successes', () => {
    const [low, high] = wilsonInterval(20, 20);
    assert.equal(high, 1);
    assert.equal(low.toFixed(4), '0.8389');
    assert.deepEqual(wilsonInterval(0, 3).map((x) => x.toFixed(4)), ['0.0000', '0.5615']);
    assert.deepEqual(wilsonInterval(50, 100).map((x) => x.toFixed(4)), ['0.4038', '0.5962']);
  });

  it('takes the reference after #### and reports each bad line by number', () => {
    assert.equal(referenceAnswer('48 / 2 = 24\n48 + 24 = 72\n#### 72'), '72');
    assert.equal(referenceAnswer('(B)'), '(B)');
    const { items, problems } = parseDataset('{"question":"q1","answer":"#### 5"}\n\n[1]\n{"question":"q2","answer":7}\n{"question":"","answer":"1"}\n');
    assert.deepEqual(items.map((i) => [i.line, i.expected]), [[1, '5'], [4, '7']]);
    assert.deepEqual(problems.map((p) => p.line), [3, 5]);
    assert.match(problems[1]?.message ?? '', /"question" is missing/);
  });

  it('takes the plurality by equivalence, a tie going to the earliest answer', () => {
    assert.equal(pluralityAnswer(['Answer: 5', 'The answer is 4.', 'Final answer: 4.0']), 'The answer is 4.');
    assert.equal(pluralityAnswer(['B', 'Answer: (C)']), 'B');
    assert.equal(pluralityAnswer([]), undefined);
  });
});
