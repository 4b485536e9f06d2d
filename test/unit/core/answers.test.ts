import { strict as assert } from 'node:assert';
import { defaultEquivalent, extractFinalAnswer, normalizeAnswer, parseEndorsement } from '../../../src/core';
import { EQUIVALENCE_CORPUS } from '../../fixtures/equivalenceCorpus';
import { scoreCorpus, scoreLine } from '../../fixtures/scoreCorpus';

describe('core: answers', () => {
  it('normalises white space, case and trailing punctuation', () => {
    assert.equal(normalizeAnswer('  The   Answer\n is 42.  '), 'the answer is 42');
    assert.equal(normalizeAnswer('Paris!?'), 'paris');
    assert.equal(normalizeAnswer('x'), normalizeAnswer(' X ;'));
    assert.notEqual(normalizeAnswer('4.2'), normalizeAnswer('42'));
  });

  it('extracts the last explicit final answer', () => {
    assert.equal(extractFinalAnswer('Reasoning...\nAnswer: 42'), '42');
    assert.equal(extractFinalAnswer('Answer: 41\nno wait\nFinal answer: 42'), '42');
    assert.equal(extractFinalAnswer('**Final Answer:** Paris'), 'Paris');
    assert.equal(extractFinalAnswer('so $\\boxed{\\frac{1}{2}}$'), '\\frac{1}{2}');
    assert.equal(extractFinalAnswer('Final answer: \\boxed{7}'), '7');
    assert.equal(extractFinalAnswer('The answer is probably 42'), undefined);
    assert.equal(extractFinalAnswer('…so the Answer: 42'), '42');
    assert.equal(extractFinalAnswer('The answer is 42.'), '42');
    assert.equal(extractFinalAnswer('Step 1.\n#### 72'), '72');
    assert.equal(extractFinalAnswer('Thus $\\boxed{\\frac{a}{\\sqrt{b}}}$.'), '\\frac{a}{\\sqrt{b}}');
  });

  it('judges every pair of the development corpus as labelled, in both orders', () => {
    assert.ok(EQUIVALENCE_CORPUS.length >= 80);
    const same = EQUIVALENCE_CORPUS.filter((pair) => pair.same).length;
    assert.ok(same >= 30 && EQUIVALENCE_CORPUS.length - same >= 30, 'the corpus holds both kinds of pairs');
    const score = scoreCorpus(EQUIVALENCE_CORPUS, defaultEquivalent);
    assert.deepEqual(score.wrong, [], scoreLine(score));
    assert.equal(score.falseMerges, 0);
  });

  it('scores a labelled corpus: false merges, false splits and accuracy', () => {
    const pairs = [
      { topic: 'right same', a: '1', b: '1', same: true },
      { topic: 'split', a: '1', b: 'one!', same: true },
      { topic: 'merge', a: 'x', b: 'X', same: false },
      { topic: 'right different', a: 'x', b: 'y', same: false },
    ];
    const score = scoreCorpus(pairs, (a, b) => a.toLowerCase() === b.toLowerCase());
    assert.deepEqual(
      {
        correct: score.correct,
        falseMerges: score.falseMerges,
        falseSplits: score.falseSplits,
        sameRecognised: score.sameRecognised,
        accuracy: score.accuracy,
      },
      { correct: 2, falseMerges: 1, falseSplits: 1, sameRecognised: 1, accuracy: 0.5 },
    );
    assert.deepEqual(score.wrong, ['same: split', 'different: merge']);
  });

  it('compares only final answers when both state one, else whole texts', () => {
    assert.equal(defaultEquivalent('Long reasoning A.\nAnswer: 42', 'Other path.\nFinal answer: 42.'), true);
    assert.equal(defaultEquivalent('Same words\nAnswer: 42', 'Same words\nAnswer: 43'), false);
    assert.equal(defaultEquivalent('Answer: 42', '42'), true);
    assert.equal(defaultEquivalent('Answer: 42', 'The answer is 42 but here is a long explanation.\nIt goes on.'), false);
    assert.equal(defaultEquivalent('Paris.', ' paris '), true);
  });

  it('reads the endorsement line and removes it from the answer', () => {
    assert.deepEqual(parseEndorsement('My answer.\nENDORSE: B', ['A', 'B']), { label: 'B', body: 'My answer.' });
    assert.deepEqual(parseEndorsement('x\n**Endorse: [b]**', ['A', 'B']), { label: 'B', body: 'x' });
    assert.deepEqual(parseEndorsement('x\nENDORSE: A\nmore\nENDORSE: B, it is right', ['A', 'B']), { label: 'B', body: 'x\n\nmore' });
  });

  it('drops an endorsement of an unknown label but still removes the line', () => {
    assert.deepEqual(parseEndorsement('answer\nENDORSE: Z', ['A', 'B']), { body: 'answer' });
    assert.deepEqual(parseEndorsement('answer\nENDORSE: gpt-4', ['A']), { body: 'answer' });
    assert.deepEqual(parseEndorsement('no line here', ['A']), { body: 'no line here' });
  });
});
