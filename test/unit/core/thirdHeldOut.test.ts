/**
 * The third held-out corpus (test/fixtures/thirdHeldOutCorpus.ts): 145 pairs written on
 * 2026-12-03 by someone who had read neither the rules nor any other corpus, after the rules'
 * last tuning. It measures how the rules generalise, so it is never tuned on: the test prints
 * counts by topic only, never which pairs failed (docs/held-out-corpus.md).
 */
import * as assert from 'node:assert/strict';
import { defaultEquivalent } from '../../../src/core/answers';
import { thirdHeldOutCorpus } from '../../fixtures/thirdHeldOutCorpus';
import { scoreCorpus, scoreLine, type LabelledPair } from '../../fixtures/scoreCorpus';

/** Same-answer pairs recognised at its one measurement; recognition may only rise. */
const RECOGNISED = 56;

/** Counts by topic, without naming pairs, so the set can keep measuring. */
function byTopic(pairs: readonly LabelledPair[]): string {
  const topics = [...new Set(pairs.map((pair) => pair.topic))];
  return topics
    .map((topic) => {
      const score = scoreCorpus(
        pairs.filter((pair) => pair.topic === topic),
        defaultEquivalent,
      );
      return `  ${topic}: ${score.sameRecognised}/${score.samePairs} same recognised, ${score.falseMerges} false merges`;
    })
    .join('\n');
}

describe('core: answers on the third held-out corpus', () => {
  // Pairs only a judge should merge are left out of the default equivalence's score.
  const labelled = thirdHeldOutCorpus
    .filter((pair) => pair.label !== 'judge')
    .map((pair) => ({ topic: pair.topic, a: pair.a, b: pair.b, same: pair.label === 'same' }));
  const score = scoreCorpus(labelled, defaultEquivalent);

  it('never merges two different answers', () => {
    console.log(`      third held-out corpus: ${scoreLine(score)}\n${byTopic(labelled)}`);
    assert.equal(score.falseMerges, 0, scoreLine(score));
  });

  it(`recognises at least ${RECOGNISED} of its same-answer pairs`, () => {
    assert.ok(score.sameRecognised >= RECOGNISED, scoreLine(score));
  });
});
