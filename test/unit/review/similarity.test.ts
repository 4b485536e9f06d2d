import { strict as assert } from 'node:assert';
import { sameProblem } from '../../../src/review/similarity';
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
