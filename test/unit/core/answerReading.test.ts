/**
 * The answer reader, one test per class of form models write (issue 14): markdown around the
 * answer, reasoning blocks, concluding sentences, number words, scientific notation, LaTeX as
 * mathematics, units, and code and data by their tokens. Each asserts what a user sees: whether
 * two answers count as the same option.
 */
import { strict as assert } from 'node:assert';
import { defaultEquivalent, extractFinalAnswer, runConsensus } from '../../../src/core';
import { gradeRun } from '../../../src/eval/grade';
import { scripted, stubborn } from './scripted';

function same(a: string, b: string): void {
  assert.ok(defaultEquivalent(a, b) && defaultEquivalent(b, a), `expected the same answer:\n${a}\n---\n${b}`);
}

function different(a: string, b: string): void {
  assert.ok(!defaultEquivalent(a, b) && !defaultEquivalent(b, a), `expected different answers:\n${a}\n---\n${b}`);
}

describe('core: reading the final answer structurally', () => {
  it('reads a marker line under any emphasis, and the value under any emphasis', () => {
    assert.equal(extractFinalAnswer('**Answer: D**'), 'D');
    assert.equal(extractFinalAnswer('Work.\n\n**Final answer: 72**'), '72');
    assert.equal(extractFinalAnswer('Answer: **72**'), '72');
    assert.equal(extractFinalAnswer('Answer: *Paris*'), 'Paris');
    assert.equal(extractFinalAnswer('Final answer: **D**'), 'D');
    assert.equal(extractFinalAnswer('__Final Answer__: 9'), '9');
    same('**Final answer: 72**', '72');
    same('Answer: *Paris*', 'Paris');
    different('**Answer: D**', '**Answer: B**');
  });

  it('reads a heading that announces the answer, and a boxed value', () => {
    assert.equal(extractFinalAnswer('Work here.\n\n### Final Answer\n72'), '72');
    assert.equal(extractFinalAnswer('## Final Answer\n\n$\\boxed{72}$'), '72');
    assert.equal(extractFinalAnswer('\\boxed{72}'), '72');
  });

  it('keeps markdown inside words and maths, and ignores markers inside code blocks', () => {
    different('Answer: snake_case_name', 'Answer: snakecasename');
    different('Answer: $a*b*c$', 'Answer: abc');
    assert.equal(extractFinalAnswer('```text\nAnswer: 5\n```\nThe count is 7.\n\nFinal answer: 7'), '7');
    assert.equal(extractFinalAnswer('```text\nAnswer: 5\n```'), undefined);
  });

  it('drops reasoning blocks, closed, and cut off at the start', () => {
    assert.equal(extractFinalAnswer('<think>so the answer is 41</think>\nThe answer is 42.'), '42');
    assert.equal(extractFinalAnswer('hmm, Final answer: 96? no.\n</think>\n\nFinal answer: 72'), '72');
    same('<think>\nSydney? No, wait: answer: Sydney is wrong.\n</think>\n\nCanberra', 'Canberra');
    different('<think>Final answer: 42</think>\nI rechecked.\n\n**Final answer: 41**', '42');
  });

  it('reads a concluding sentence that states one value', () => {
    assert.equal(extractFinalAnswer('8 - 3 = 5\n\nSo she has 5 apples left.'), '5 apples left');
    assert.equal(extractFinalAnswer('May: 24.\n\nIn all, Natalia sold a total of **72** clips.'), '72 clips');
    assert.equal(extractFinalAnswer('The correct option is C.'), 'C');
    assert.equal(extractFinalAnswer('No, 91 is not prime because 91 = 7 × 13.'), 'No');
    assert.equal(extractFinalAnswer('A square has four right angles.\n\nThe statement is true.'), 'true');
    same('8 - 3 = 5\n\nSo she has 5 apples left.', '#### 5');
    same('The correct option is C.', 'Answer: (C)');
    same('No, 91 is not prime because 91 = 7 × 13.', 'Final answer: No');
    different('No, 91 is not prime because 91 = 7 × 13.', 'Yes');
    same('The statement is true.', 'True');
    // Not statements of one value: several numbers, a hedge, a number in free text without a conclusion.
    assert.equal(extractFinalAnswer('So April had 48 and May had 24.'), undefined);
    // A reply that ends on one equation states its last member (`working.ts`).
    assert.equal(extractFinalAnswer('So 48 + 24 = 72.'), '72');
    assert.equal(extractFinalAnswer('So she probably has 5 apples left.'), undefined);
    assert.equal(extractFinalAnswer('The listener is never removed.\nRemove it in 2 places.'), undefined);
    assert.equal(extractFinalAnswer('It is not true that every rectangle is a square.'), undefined);
  });

  it('reads number words', () => {
    same('Answer: twelve', '12');
    same('The answer is twenty-one.', '#### 21');
    same('Final answer: one hundred and five', 'Answer: 105');
    different('Answer: twenty', 'Answer: 21');
  });

  it('reads scientific notation exactly', () => {
    same('Answer: 6.02 × 10^23', 'Answer: 6.02e23');
    same('$\\boxed{6.02 \\times 10^{23}}$', 'Final answer: 6.02E+23');
    same('Answer: $1.5 \\times 10^{-3}$', 'Answer: 0.0015');
    different('Answer: $1.5 \\times 10^{-3}$', 'Answer: 0.015');
    different('Answer: 6.02 × 10^23', 'Answer: 6.02 × 10^22');
  });

  it('compares LaTeX as mathematics', () => {
    same('Answer: $2\\sqrt{3}$', 'Answer: $2 \\sqrt{3}$');
    same('\\boxed{2\\sqrt{3}}', 'Final answer: $\\sqrt{12}$');
    same('Answer: $0.\\overline{3}$', 'Answer: $\\frac{1}{3}$');
    same('Answer: $\\frac{\\sqrt{2}}{2}$', 'Answer: $\\frac{1}{\\sqrt{2}}$');
    different('\\boxed{2\\sqrt{3}}', '\\boxed{3\\sqrt{2}}');
    different('Answer: $0.\\overline{3}$', 'Answer: 0.3');
    different('Answer: $\\pi$', 'Answer: 3.14');
    different('Answer: $x^2$', 'Answer: $x^3$');
  });

  it('never drops a unit or a percent sign, and knows the standard abbreviations', () => {
    different('Answer: 0.25%', 'Answer: 0.25');
    different('Answer: 3 in', 'Answer: 3 cm');
    same('Answer: 60 mph', 'Answer: 60 miles per hour');
    same('Answer: 5 km', 'The answer is 5 kilometres.');
    same('Answer: 3 in', 'Answer: 3 inches');
    same('Answer: 72 in total', '72');
    different('Answer: 60 mph', 'Answer: 60 km/h');
  });

  it('compares code by its meaning-bearing tokens', () => {
    same("```js\nconst a = f('x');\nrun(a);\n```", '```javascript\nconst a = f("x")\nrun(a)\n```');
    same('```ts\nconst o = {\n  a: 1,\n  b: 2,\n};\n```', '```ts\nconst o = { a: 1, b: 2 }\n```');
    different('```js\nwhile (i < n) i++;\n```', '```js\nwhile (i <= n) i++;\n```');
    different('```js\nconst a = b\n(c || d).run()\n```', '```js\nconst a = b;\n(c || d).run()\n```');
    same('```python\ndef f(x):\n    return x  # same\n```', '```py\ndef f(x):\n  return x\n```');
    different('```python\nt = (1,)\n```', '```python\nt = (1)\n```');
    same('```sql\nselect id from t where a > 1;\n```', '```sql\nSELECT id\nFROM t\nWHERE a > 1\n```');
    different('```sql\nSELECT id FROM t WHERE a > 1\n```', '```sql\nSELECT id FROM t WHERE a >= 1\n```');
    same('```json\n{"a": 1, "b": [1, 2]}\n```', '```json\n{ "b": [1, 2],\n  "a": 1 }\n```');
    different('```json\n{"a": 1}\n```', '```json\n{"a": "1"}\n```');
  });

  it('makes a panel that answers **Final answer: 72** final at round 0, graded right', async () => {
    const { execute, calls } = scripted({
      a: stubborn('48 in April, 24 in May.\n\n**Final answer: 72**'),
      b: stubborn('April 48 + May 24.\n\n**Final answer: 72**'),
      c: stubborn('Half of 48 is 24; 48 + 24.\n\n**Final answer: 72**'),
    });
    const state = await runConsensus({ prompt: 'How many clips?', participants: ['a', 'b', 'c'], execute, seed: 3, synthesize: false });
    assert.equal(state.reason, 'final');
    assert.equal(state.finalRound, 0);
    assert.equal(calls.length, 3);
    const graded = gradeRun({ line: 1, question: 'How many clips?', expected: '72' }, state, 10);
    assert.equal(graded.correct, true);
    assert.equal(graded.majorityCorrect, true);
  });
});
