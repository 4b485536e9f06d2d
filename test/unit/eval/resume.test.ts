import { strict as assert } from 'node:assert';
import type { DatasetItem, ItemResult } from '../../../src/eval';
import { sortPrevious } from '../../../src/eval';

function item(line: number, question = `q${line}`): DatasetItem {
  return { line, question, expected: String(line) };
}

function result(line: number, question = `q${line}`): ItemResult {
  return {
    line,
    question,
    expected: String(line),
    output: String(line),
    correct: true,
    finalized: true,
    reason: 'final',
    calls: 3,
    ms: 1,
    proposals: {},
    agentsCorrect: {},
    majorityCorrect: true,
    majorityCalls: 3,
  };
}

describe('eval: resuming never drops a finished result', () => {
  it('reuses the items run now, keeps those beyond --limit and sets apart those no longer in the dataset', () => {
    const all = [item(1), item(2), item(3, 'q3 edited'), item(4), item(5)];
    const previous = [result(1), result(2), result(3), result(4), result(5), result(9)];
    const sorted = sortPrevious(previous, all.slice(0, 2), all);
    assert.deepEqual(
      sorted.reused.map((r) => r.line),
      [1, 2],
    );
    assert.deepEqual(
      sorted.beyond.map((r) => r.line),
      [4, 5],
    );
    assert.deepEqual(
      sorted.stale.map((r) => [r.line, r.question]),
      [
        [3, 'q3'],
        [9, 'q9'],
      ],
    );
  });
});
