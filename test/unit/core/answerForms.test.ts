/**
 * Classes of answer forms found among the misses of the second held-out corpus (used up on
 * 2026-12-03), each tested on forms written here (none taken from a corpus), with the nearest
 * forms that must stay apart.
 */
import { strict as assert } from 'node:assert';
import { defaultEquivalent } from '../../../src/core';

function same(a: string, b: string): void {
  assert.ok(defaultEquivalent(a, b) && defaultEquivalent(b, a), `expected the same answer:\n${a}\n---\n${b}`);
}

function apart(a: string, b: string): void {
  assert.ok(!defaultEquivalent(a, b) && !defaultEquivalent(b, a), `expected different answers:\n${a}\n---\n${b}`);
}

describe('core: answer forms of the second held-out round', () => {
  it('keeps a percent per period apart from the bare number per period', () => {
    apart('Answer: 1.5% per week', 'Answer: 1.5 per week');
    apart('So the loss comes to 0.4% per day.', 'The loss is **0.4** per day.');
    apart('Answer: 2% per year', 'Answer: 2');
    same('Answer: 1.5% per week', 'Final answer: 1.5 % per week');
    same('Answer: 1.5 percent per week', 'Answer: 1.5% per week');
  });

  it('reads a conversion stated as an equation whose result has thousands separators', () => {
    same('**Answer:** 4.2 kg = **4,200 g**', 'Answer: 4200 grams');
    same('So, 1.8 km = **1 800 m**.', 'Answer: 1800 m');
    same('Answer: 12 750 km', 'Answer: 12,750 km');
    apart('**Answer:** 4.2 kg = **4,200 g**', 'Answer: 4200 kg');
    apart('Answer: 12 750 km', 'Answer: 12750 m');
    apart('Answer: 4,200 = 4, 200', 'Answer: 4200');
  });

  it('reads a bare number as the same quantity as that number with a convertible unit', () => {
    same('Answer: 35', 'Final answer: **35 minutes**');
    same('The bottle holds **750 ml**.', 'Answer: 750');
    same('Answer: 6 km', '$\\boxed{6}$');
    apart('Answer: 35', 'Final answer: 35 hours = 2100 minutes');
    apart('Answer: 2100', 'Final answer: **35 minutes**');
    apart('Answer: 0.75', 'Answer: 750 ml');
    apart('Answer: 35 minutes', 'Answer: 35 seconds');
  });

  it('reads an answer line decorated with emoji before or after it', () => {
    same('Here is the tally.\n\n**Sixty percent of the votes went to Lee.** 🎉', 'Answer: 60%');
    same('✅ **Final answer: 42**', '42');
    same('Final answer: 7 🚀🚀', 'The answer is 7.');
    apart('Final answer: 7 🚀', 'Final answer: 8 🚀');
    apart('👍', '👎');
    apart('👍 👎', '👎');
  });

  it('reads one bold number in a first sentence that gives the answer before the working', () => {
    same('The pump fills the tank in **6 hours**.\n\nIts rate is 300 litres an hour, and 1800 ÷ 300 = 6 hours in all.', 'Answer: 6 h');
    same(
      'You need **12%** more flour.\n\nGoing from 25 to 28 cups is 3 more, and 3 ÷ 25 = 0.12, so 12 percent. Happy baking!',
      'Final answer: 12%',
    );
    apart('The pump fills the tank in **6 hours**.\n\nIts rate is 300 litres an hour, and 1800 ÷ 300 = 6 hours in all.', 'Answer: 7 h');
    // Bold that repeats the question's data, or hedged, states no answer.
    apart(
      'If the pump runs for **6 hours**, we first find its rate.\n\nThe rate is 300 litres per hour, so the tank holds 1,800 litres.',
      'Answer: 6 h',
    );
    apart('It probably takes **6 hours**.\n\nThe rate is 300 litres an hour, so 1800 litres takes about 6 hours and some.', 'Answer: 6 h');
  });

  it('reads an option letter followed by a dash and its text, and a correct option after a clause', () => {
    same("C — Mitochondria.\n\nThey produce most of the cell's ATP through respiration.", 'The correct answer is (C).');
    same('Weighing the three, since only one is a prime, **Option (A) is correct.**', 'Answer: A');
    apart("C — Mitochondria.\n\nThey produce most of the cell's ATP through respiration.", 'The correct answer is (B).');
    apart('Answer: A - B', 'Answer: A');
    apart('If the premise holds, option (A) is correct.', 'Answer: A');
  });

  it('reads a verdict followed by its reason in parentheses', () => {
    same('False (3⁴ = 81 < 100 = 10²).', 'The claim is **false**.');
    same('Yes (every square has four equal sides).', 'Answer: Yes');
    apart('False (3⁴ = 81 < 100 = 10²).', 'The claim is **true**.');
  });

  it('reads "a share of a number is its value" as that value', () => {
    same('**Answer:** 20% of 350 is **70**.', 'Answer: 70');
    same('Answer: 3/4 of 48 is 36', '$\\boxed{36}$');
    apart('**Answer:** 20% of 350 is **70**.', 'Answer: 20');
    apart('Answer: 20% of 350 is 70', 'Answer: 350');
  });

  it('compares natural logarithms as mathematics, never as the number inside them', () => {
    same('Taking logs:\n\n$$\\boxed{t = \\ln 5}$$', 'Thus $t = \\frac{\\ln 25}{2}$.\n\nFinal answer: $\\frac{\\ln 25}{2}$');
    same('Answer: $3\\ln 2$', 'Answer: $\\ln 8$');
    apart('$$\\boxed{t = \\ln 5}$$', 'Answer: 5');
    apart('Answer: $\\ln 5$', 'Answer: $\\ln 6$');
    apart('Answer: $\\log 5$', 'Answer: $\\ln 5$');
  });

  it('reads a short first sentence that ends on its one number, the working after it', () => {
    same(
      'The ladder reaches 5 m.\n\nWith legs of 3 and 4, the hypotenuse squared is 9 plus 16, and its root is what we want.',
      'Answer: 5 m',
    );
    same(
      'The garden is eight metres wide.\n\nThe fence uses 2 × 10 for the lengths, and the rest of the 36 covers both widths.',
      'Final answer: 8',
    );
    apart(
      'The ladder reaches 5 m.\n\nWith legs of 3 and 4, the hypotenuse squared is 9 plus 16, and its root is what we want.',
      'Answer: 4 m',
    );
    // Givens restated up front are no answer: two numbers, a setup, or a long sentence.
    apart('The ladder is 5 m from a wall 4 m high.\n\nWe need the angle, which depends on both.', 'Answer: 5 m');
    apart('If the ladder reaches 5 m.\n\nThen the wall must be taller than the other answers assume here.', 'Answer: 5 m');
  });

  it('reads past a closing aside in parentheses', () => {
    same(
      '\\(\\frac{3}{\\sqrt{3}} = \\sqrt{3}\\)\n\n(Multiply top and bottom by \\(\\sqrt{3}\\) and cancel.)',
      'Answer: $\\frac{3\\sqrt{3}}{3}$',
    );
    same('So the total is **48**.\n\n(Assuming no tickets were refunded.)', 'Final answer: 48');
    apart('\\(\\frac{3}{\\sqrt{3}} = \\sqrt{3}\\)\n\n(Multiply top and bottom by \\(\\sqrt{3}\\) and cancel.)', 'Answer: 3');
    apart('So the total is **48**.\n\n(Assuming no tickets were refunded.)', 'Final answer: 46');
    apart('Factor the difference of squares:\n\n(x + 2)(x - 2)', 'Factor the difference of squares:\n\n(x + 3)(x - 3)');
  });

  it('converts rates between units of the same dimensions exactly', () => {
    same('Answer: 3 km/min', 'Answer: 180 km/h');
    same('The drone flies at **10 m/s**.', 'Answer: 36 km/h');
    same('Answer: 60 mph', 'Answer: 1 mile per minute');
    apart('Answer: 3 km/min', 'Answer: 3 km/h');
    apart('Answer: 10 m/s', 'Answer: 10 m');
    apart('Answer: 36 km/h', 'Answer: 10');
    apart('Answer: 2 kg/l', 'Answer: 2000 g/h');
  });

  it('drops parentheses around a whole assigned value, never around a tuple or a part of it', () => {
    same('```python\ntotal = (price * qty)\n```', '```python\ntotal = price * qty\n```');
    same('```js\nconst both = (left && right);\n```', '```js\nconst both = left && right\n```');
    apart('```python\npair = (x, y)\n```', '```python\npair = x, y + 1\n```');
    apart('```python\ntotal = (price + tax) * qty\n```', '```python\ntotal = price + tax * qty\n```');
    apart('```js\nconst f = (a) => a + 1;\n```', '```js\nconst f = a => a + 2;\n```');
  });
});
