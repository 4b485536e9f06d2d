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

  it('reads a concluding sentence: a bold number, "… is V", a first-person choice', () => {
    same('She makes 9 × $2 = **$18** every day at the market.', 'The answer is $18$.');
    apart('She makes 9 × $2 = **$18** every day at the market.', 'The answer is $19$.');
    same('30 − 12 = 18 students.\n\n**Eighteen students.**', 'Final answer: 18');
    same('Three of the six faces are even, so the probability is 0.5.', 'Answer: $\\dfrac{1}{2}$');
    same('By Pythagoras, $d = \\sqrt{9 + 16}$, which is $5$ units.', '**Final answer: 5**');
    same('The capital of France is **Paris**.', 'Answer: *Paris*');
    same("Light becomes chemical energy, so I'd pick B.", 'The best choice is **(b)**.');
    same('So, Weng earned $10 for babysitting yesterday.', 'Weng earned **ten dollars**.');
    apart('So the probability is probably 0.5.', 'Answer: 0.5');
    apart('The price is not **$18**.', 'Answer: $18');
  });

  it('reads an answer given up front or as a closing verdict', () => {
    same('Can f be both even and odd? Yes: f(x) = 0 is.', 'If f is even and odd, f = 0.\n\n**Yes**, exactly one such function.');
    same('The statement "odd + odd is even" is true.\n\nProof: 2m+1 + 2n+1.', 'Let the numbers be odd.\n\n**True**');
    same('So the answer is **yes**, they are equal.', 'Yes. Since 1/3 = 0.333…');
    same('Option D is correct: the Revolution began in 1789.', '1789 is the year.\n\n**Answer:** D');
    same('**B) Conservation of energy**\n\nOptions A, C and D can change.', 'The answer is B.');
    apart('**B) Conservation of energy**\n\nOptions A, C and D can change.', 'The answer is C.');
    apart('Can f be both even and odd? No: only the zero function.', 'Answer: yes');
  });

  it('reads code framed by a sentence as code, arrow parameters and interface members by meaning', () => {
    const F = '```';
    same(
      `Here is a function that sums an array:\n\n${F}javascript\nfunction sum(arr) {\n  return arr.reduce((acc, x) => acc + x, 0);\n}\n${F}\n\nIt starts the accumulator at 0.`,
      `${F}js\nfunction sum(arr) { return arr.reduce((acc, x) => acc + x, 0) }\n${F}`,
    );
    apart(
      `Here is a function that sums an array:\n\n${F}javascript\nfunction sum(arr) {\n  return arr.reduce((acc, x) => acc + x, 1);\n}\n${F}\n\nIt starts the accumulator at 1.`,
      `${F}js\nfunction sum(arr) { return arr.reduce((acc, x) => acc + x, 0) }\n${F}`,
    );
    same(`${F}js\nconst greet = (name) => "Hi " + name;\n${F}`, `${F}js\nconst greet = name => 'Hi ' + name\n${F}`);
    apart(`${F}js\nconst f = (a, b) => a\n${F}`, `${F}js\nconst f = a => a\n${F}`);
    same(
      `${F}ts\ninterface User {\n  id: number;\n  name: string;\n}\n${F}`,
      `${F}ts\ninterface User {\n  id: number,\n  name: string,\n}\n${F}`,
    );
    apart(
      `${F}ts\ninterface User {\n  id: number;\n  name: string;\n}\n${F}`,
      `${F}ts\ninterface User {\n  id: number,\n  name?: string,\n}\n${F}`,
    );
  });

  it('converts units of one dimension exactly, never across dimensions or to a bare number', () => {
    same('So the track is 1,500 meters long.', 'The track is **1.5 kilometres** long.');
    same('Answer: 2 h', 'Answer: 120 min');
    same('The movie marathon lasts $3.75$ hours.', 'It lasts **3 h 45 min**.');
    same('Answer: 1 hour and 30 minutes', 'Answer: 90 minutes');
    same('Answer: 1500 m', 'Answer: 1500');
    apart('Answer: 1.5 km', 'Answer: 1500');
    apart('Answer: 1.5 km', 'Answer: 1.5 kg');
    apart('Answer: 1 kg', 'Answer: 1000 m');
    apart('Answer: 2 h', 'Answer: 121 min');
    apart('Answer: 45 min 3 h', 'Answer: 3.75 h');
    apart('Answer: 3 in', 'Answer: 3 cm');
  });
});
