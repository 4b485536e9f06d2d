import { strict as assert } from 'node:assert';
import { defaultEquivalent } from '../../../src/core';

/** Each class of answer form the reader knows, with the nearest form it must keep apart. */
describe('core: answer forms', () => {
  const same = (a: string, b: string) => assert.equal(defaultEquivalent(a, b) && defaultEquivalent(b, a), true, `${a}  ≡  ${b}`);
  const apart = (a: string, b: string) => assert.equal(defaultEquivalent(a, b) || defaultEquivalent(b, a), false, `${a}  ≢  ${b}`);

  it('keeps a reply naming two options apart from one naming one of them', () => {
    apart('The answer is (B) and (D).', 'The answer is (B).');
    apart('Answer: B, D', 'Answer: B');
    same('Answer: (B) Paris', 'B');
  });

  it('reads a worked equation by its last member, and only a single chain of equalities', () => {
    same('Final answer: speed = 180 km / 2 h = 90 km/h', '90 kilometres per hour');
    same('Answer: $\\arctan(1) = \\frac{\\pi}{4}$', 'Answer: $\\dfrac{\\pi}{4}$');
    same('Final answer: $x = \\sqrt{12}$', '$\\boxed{2\\sqrt{3}}$');
    apart('Answer: x = 2 or x = 3', 'Answer: 3');
    apart('Answer: x = 5, y = 3', 'Answer: 3');
    apart('Answer: x = 1 \\pm \\sqrt{2}', 'Answer: \\sqrt{2}');
  });

  it('reads a whole number before a proper fraction as a mixed number', () => {
    same('The answer is $1\\frac{5}{12}$.', 'Answer: $\\frac{17}{12}$');
    same('Answer: $2\\tfrac12$', 'Answer: 2.5');
    apart('Answer: $x^2\\frac{1}{3}$', 'Answer: $x^7/3$');
    apart('The answer is $1\\frac{5}{12}$.', 'Answer: $\\frac{5}{12}$');
  });
});
