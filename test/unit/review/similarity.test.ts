import { strict as assert } from 'node:assert';
import { sameProblem } from '../../../src/review/similarity';
import { FINDING_PAIRS } from '../../fixtures/findingPairs';
import type { ParsedFinding } from '../../../src/review/types';

function finding(startLine: number, endLine: number, title: string, explanation: string): ParsedFinding {
  return { startLine, endLine, severity: 'warning', title, explanation };
}

describe('review: same problem', () => {
  it('matches two wordings of one problem on overlapping lines', () => {
    const a = finding(11, 13, 'Possible null dereference of user', 'user may be undefined when the lookup fails, so user.name throws.');
    const b = finding(12, 12, 'user can be undefined', 'Accessing user.name without checking for null will throw.');
    assert.equal(sameProblem(a, b), true);
  });

  it('matches adjacent lines (one line of slack) but not distant ones', () => {
    const a = finding(20, 20, 'Off-by-one in loop bound', 'i <= items.length reads past the end.');
    assert.equal(sameProblem(a, finding(21, 21, 'Loop goes one past the end', 'Off by one: the bound should be i < items.length.')), true);
    assert.equal(sameProblem(a, finding(60, 60, 'Off-by-one in loop bound', 'i <= items.length reads past the end.')), false);
  });

  it('keeps different problems on the same lines apart', () => {
    const a = finding(39, 39, 'Magic number 86400', 'Name the constant SECONDS_PER_DAY.');
    const b = finding(39, 39, 'SQL injection', 'The query concatenates user input; use a parameterised query.');
    assert.equal(sameProblem(a, b), false);
  });
});

describe('review: same problem, measured on labelled pairs', () => {
  /** Precision and recall of `sameProblem` on the pairs. */
  function measure(): { precision: number; recall: number; falseMerges: string[]; missed: string[] } {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const falseMerges: string[] = [];
    const missed: string[] = [];
    for (const { a, b, same } of FINDING_PAIRS) {
      const merged = sameProblem(a, b);
      assert.equal(merged, sameProblem(b, a), 'symmetric');
      if (merged && same) tp++;
      else if (merged) {
        fp++;
        falseMerges.push(`${a.title} / ${b.title}`);
      } else if (same) {
        fn++;
        missed.push(`${a.title} / ${b.title}`);
      }
    }
    return { precision: tp / (tp + fp), recall: tp / (tp + fn), falseMerges, missed };
  }

  it('holds at least 60 pairs of both kinds', () => {
    assert.ok(FINDING_PAIRS.length >= 60);
    const same = FINDING_PAIRS.filter((p) => p.same).length;
    assert.ok(same >= 25 && FINDING_PAIRS.length - same >= 25);
  });

  it('merges with precision >= 0.8 and recall >= 0.8 at the chosen threshold', () => {
    const { precision, recall, falseMerges, missed } = measure();
    // Measured: precision 0.82 (31 of 38), recall 0.86 (31 of 36). A threshold moved to 0.1 or 0.3 fails here.
    assert.ok(precision >= 0.8, `precision ${precision.toFixed(2)}; merged although different: ${falseMerges.join('; ')}`);
    assert.ok(recall >= 0.8, `recall ${recall.toFixed(2)}; missed: ${missed.join('; ')}`);
  });
});
