import { strict as assert } from 'node:assert';
import { pluralityAnswer, referenceAnswer, wilsonInterval } from '../../../src/eval';

describe('eval: intervals, references, majority vote', () => {
  it('gives the Wilson 95% interval, sensible at 0 and n successes', () => {
    const [low, high] = wilsonInterval(20, 20);
    assert.equal(high, 1);
    assert.equal(low.toFixed(4), '0.8389');
    assert.deepEqual(
      wilsonInterval(0, 3).map((x) => x.toFixed(4)),
      ['0.0000', '0.5615'],
    );
    assert.deepEqual(
      wilsonInterval(50, 100).map((x) => x.toFixed(4)),
      ['0.4038', '0.5962'],
    );
  });

  it('takes the reference after the last ####', () => {
    assert.equal(referenceAnswer('48 / 2 = 24\n48 + 24 = 72\n#### 72'), '72');
    assert.equal(referenceAnswer('(B)'), '(B)');
  });

  it('takes the plurality by equivalence, a tie going to the earliest answer', () => {
    assert.equal(pluralityAnswer(['Answer: 5', 'The answer is 4.', 'Final answer: 4.0']), 'The answer is 4.');
    assert.equal(pluralityAnswer(['B', 'Answer: (C)']), 'B');
    assert.equal(pluralityAnswer([]), undefined);
  });
});
