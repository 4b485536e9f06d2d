/**
 * The held-out corpus (test/fixtures/heldOutEquivalenceCorpus.ts): replies written by someone who
 * had not read the rules, never used to tune them. The test keeps what must hold on any corpus —
 * no two different answers are merged — and prints the recognition figures the README reports.
 * Only counts are printed: looking at which pairs fail would turn the corpus into a tuning set.
 */
import * as assert from 'node:assert/strict';
import { defaultEquivalent } from '../../../src/core/answers';
import { heldOutCorpus } from '../../fixtures/heldOutEquivalenceCorpus';
import { scoreCorpus, scoreLine } from '../../fixtures/scoreCorpus';

describe('core: answers on the held-out corpus', () => {
  // Pairs only a judge should merge are left out of the default equivalence's score.
  const labelled = heldOutCorpus
    .filter((pair) => pair.label !== 'judge')
    .map((pair) => ({ topic: pair.topic, a: pair.a, b: pair.b, same: pair.label === 'same' }));

  it('never merges two different answers', function () {
    this.timeout(60_000);
    const score = scoreCorpus(labelled, defaultEquivalent);
    console.log(`      held-out: ${scoreLine(score)}`);
    assert.equal(score.falseMerges, 0, scoreLine(score));
  });

  it('holds at least 100 labelled pairs in six or more model families', () => {
    assert.ok(heldOutCorpus.length >= 100, `${heldOutCorpus.length} pairs`);
    const families = new Set(heldOutCorpus.flatMap((pair) => pair.family.split('/')));
    assert.ok(families.size >= 6, [...families].join(', '));
  });
});
