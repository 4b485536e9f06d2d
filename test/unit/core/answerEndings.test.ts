/**
 * Classes of answer forms found among the misses of the development corpora, each tested on forms
 * written here (none taken from a corpus), with the nearest forms that must stay apart.
 */
import { strict as assert } from 'node:assert';
import { defaultEquivalent } from '../../../src/core';

const F = '```';

function same(a: string, b: string): void {
  assert.ok(defaultEquivalent(a, b) && defaultEquivalent(b, a), `expected the same answer:\n${a}\n---\n${b}`);
}

function apart(a: string, b: string): void {
  assert.ok(!defaultEquivalent(a, b) && !defaultEquivalent(b, a), `expected different answers:\n${a}\n---\n${b}`);
}

describe('core: answer endings models write', () => {
  it('reads the value of a sentence under an answer marker or heading', () => {
    same('**Answer:** The bakery sold **240** loaves.', '240');
    same('Rate × time.\n\n### Final Answer\nThe pool holds 3,500 litres of water.', 'Answer: 3500 L');
    same('**Answer:** Priya pays **$42** for the 6 tickets.', 'Final answer: $42');
    apart('**Answer:** The bakery sold **240** loaves.', '241');
    apart('**Answer:** It takes 5 minutes to boil.', 'Answer: 5 hours');
    apart('Answer: The bus leaves at 4 and arrives 3 hours later', 'Answer: 3');
    // Which of two numbers is asked for depends on the question: "$20 for 4 people" states neither.
    apart('**Answer:** It costs $20 for 4 people.', '**Answer:** It costs $20 for 5 people.');
  });

  it('reads a bold number written with a Unicode minus or superscript powers', () => {
    same('Overnight it fell 15 degrees, reaching **−7 °C** by dawn.', 'Answer: -7°C');
    same('The wavelength comes out at **5 × 10⁻⁷ m** for green light.', 'Answer: 5e-7 m');
    apart('Overnight it fell 15 degrees, reaching **−7 °C** by dawn.', 'Answer: 7 °C');
    apart('**−3 °C**', '**3 °C**');
    apart('The wavelength comes out at **5 × 10⁻⁷ m** for green light.', 'Answer: 5e-6 m');
  });

  it('reads an approximate value, scientific notation and a scale word as one stated number', () => {
    same('The Moon is about 3.84 × 10^5 km from Earth.', 'Answer: 384,000 km');
    same('So one litre of water weighs approximately 1,000 grams.', 'Answer: 1 kg');
    same('World trade came to roughly 2.5 trillion dollars.', 'Answer: $2,500,000,000,000');
    same('Answer: 7.9 billion', 'Answer: 7,900,000,000');
    apart('The Moon is about 3.84 × 10^5 km from Earth.', 'Answer: 3.84 × 10^5 m');
    apart('Answer: 7.9 billion', 'Answer: 7.9 million');
    apart('It is nearly 100 km away.', 'Answer: 100 km');
  });

  it('reads a reply that ends on an equation, and only on one chain arriving at one value', () => {
    same('Divide both sides by 3:\n\n3y = 21\n\ny = 7', '$\\boxed{7}$');
    same('We integrate term by term.\n\n$$\\int 2t\\,dt = t^2 + C$$', 'Answer: $C + t^2$');
    same('The energy is\n\nE ≈ 4.2e-19 J', 'Answer: $4.2 \\times 10^{-19}$ J');
    apart('Divide both sides by 3:\n\n3y = 21\n\ny = 7', 'Answer: 8');
    apart('Take square roots:\n\nx^2 = 9\n\nx = 3 or x = -3', 'Answer: 3');
  });

  it('reads a closing sentence that restates the result of the working', () => {
    const reply = 'Each row has 8 seats and there are 14 rows.\n\n8 × 14 = 112\n\nThe hall seats 112 people.';
    same(reply, 'Answer: 112');
    same('Speed = 150 / 2.5 = 60\n\nThe average speed is 60 kilometres per hour.', 'Answer: 60 km/h');
    apart(reply, 'Answer: 113');
    apart('Each row has 8 seats.\n\n8 × 14 = 112\n\nAdding 4 folding chairs gives 116 seats.', 'Answer: 112');
  });

  it('reads a closing sentence in bold, a duration in two units, and a count closed by "altogether"', () => {
    same('Distance over speed: 210 / 60 = 3.5\n\n**The drive takes 3 hours and 30 minutes.**', 'Answer: 3.5 h');
    same('Four bags of six oranges each give Sam twenty-four oranges altogether.', 'Answer: 24');
    apart('Distance over speed: 210 / 60 = 3.5\n\n**The drive takes 3 hours and 30 minutes.**', 'Answer: 3.5 min');
    apart('Four bags of six oranges each give Sam twenty-four oranges altogether.', 'Answer: 6');
  });

  it('reads an option named at the end, or alone in bold as a paragraph', () => {
    same('Only mitochondria make most of the ATP, which is option C.', 'Answer: C');
    same('The largest ocean is:\n\n**(B) Pacific**\n\nIt is not only the largest but also the deepest.', 'The answer is B.');
    apart('The largest ocean is:\n\n**(B) Pacific**\n\nIt is not only the largest but also the deepest.', 'The answer is A.');
    apart('**A) Atlantic**\n\n**B) Pacific**\n\nBoth are oceans.', 'The answer is B.');
  });

  it('reads a verdict on a statement followed by its reason, and no "yes" a conclusion takes back', () => {
    same('The claim is true: every prime above 2 is odd.', 'True');
    apart('The claim is false: 2 is an even prime.', 'True');
    apart('Yes, 57 looks prime at first glance. But 57 = 3 × 19, so it is not prime.', 'Yes');
    same('Yes, 59 is prime. Checking 2, 3, 5 and 7 leaves no divisor, so it is prime.', 'Yes');
  });

  it('reads a short answer in words inside a sentence frame, never from a subject it does not define', () => {
    same('The capital of Japan is Tokyo.', '**Tokyo**');
    same('The telephone was patented by **Alexander Graham Bell** in 1876.', 'Answer: Alexander Graham Bell');
    same('Marie Curie discovered it.', 'Final answer: Marie Curie');
    same('Mercury — it orbits closest to the Sun.', 'The closest planet to the Sun is Mercury.');
    same('The symbol for sodium is Na, from the Latin natrium.', 'Na');
    apart('The capital of Japan is not Kyoto.', 'Kyoto');
    apart('Kyoto is the capital of Japan.', 'Tokyo is the capital of Japan.');
    apart('Tom finished it in 3 hours.', 'Tom finished it in 4 hours.');
  });

  it('reads an answer given up front: a bare first paragraph, a bold equation, a bold value after its subject', () => {
    same('**Tokyo**\n\nIt has been the capital since 1868.', 'Tokyo');
    same('Nitrogen.\n\nIt makes up most of the air we breathe.', 'The most abundant gas in air is nitrogen.');
    same('**cos(0) = 1**\n\nOn the unit circle the point at angle 0 is (1, 0).', 'Answer: 1');
    same('The symbol for sodium is **Na** — not So, as one might guess. It comes from natrium.', 'Na');
    apart('Sure.\n\nLet me look at the options first.', 'Sure.\n\nI cannot tell without more context.');
    apart('**Tokyo**\n\nIt has been the capital since 1868.', 'Kyoto');
  });

  it('reads units per something and with negative powers in one spelling', () => {
    same('Answer: 8.3 J per mole', 'Answer: 8.3 J/mol');
    same('Answer: 9.8 m s^-2', 'Answer: 9.8 m/s²');
    apart('Answer: 9.8 m/s', 'Answer: 9.8 m/s^2');
    apart('Answer: 2 per mole', 'Answer: 2 mol');
    apart('The growth rate is 3 per year.', 'The growth rate is 3 per month.');
  });

  it('reads the dollar closing inline maths before a unit as no currency', () => {
    same('$m = 1.2 \\times 10^{3}$ kg', 'Answer: 1200 kg');
    apart('$m = 1.2 \\times 10^{3}$ kg', 'Answer: $1200');
  });

  it('compares the code that is the answer, not its examples or printed output', () => {
    const definition = `${F}python\ndef double(n):\n    return n * 2\n${F}`;
    same(`Multiply by two:\n\n${definition}\n\n### Example\n${F}python\nprint(double(4))\n${F}\n\n**Output:**\n${F}\n8\n${F}`, definition);
    same(
      `## Step 1: Define the function\n\n${definition}\n\nThe final answer is the function above, which doubles any number it is given.`,
      definition,
    );
    apart(
      `Multiply by two:\n\n${definition}\n\n### Example\n${F}python\nprint(double(4))\n${F}`,
      `${F}python\ndef double(n):\n    return n * 3\n${F}`,
    );
  });

  it('drops parentheses around a whole returned value, never around a part of it', () => {
    same(`${F}python\ndef area(r):\n    return (3 * r ** 2)\n${F}`, `${F}python\ndef area(r):\n    return 3 * r ** 2\n${F}`);
    same(`${F}js\nconst positive = (x) => {\n  return (x > 0);\n};\n${F}`, `${F}js\nconst positive = x => {\n  return x > 0\n}\n${F}`);
    apart(`${F}python\ndef f(a, b):\n    return (a + b) * 2\n${F}`, `${F}python\ndef f(a, b):\n    return a + b * 2\n${F}`);
    apart(`${F}js\nfunction f(a) {\n  return (a < 1);\n}\n${F}`, `${F}js\nfunction f(a) {\n  return a <= 1;\n}\n${F}`);
  });

  it('reads a body brace on a line of its own as part of its function or class head', () => {
    same(`${F}js\nfunction add(a, b)\n{\n  return a + b;\n}\n${F}`, `${F}js\nfunction add(a, b) {\n  return a + b\n}\n${F}`);
    same(`${F}ts\nclass Box\n{\n  size()\n  {\n    return 1;\n  }\n}\n${F}`, `${F}ts\nclass Box {\n  size() {\n    return 1\n  }\n}\n${F}`);
    apart(`${F}js\nfunction add(a, b)\n{\n  return a - b;\n}\n${F}`, `${F}js\nfunction add(a, b) {\n  return a + b\n}\n${F}`);
  });

  it('reads SQL with or without the optional AS before an alias', () => {
    same(`${F}sql\nSELECT p.name FROM products AS p;\n${F}`, `${F}sql\nselect p.name from products p\n${F}`);
    same(`${F}sql\nSELECT COUNT(*) AS total FROM visits\n${F}`, `${F}sql\nSELECT COUNT(*) total FROM visits;\n${F}`);
    apart(`${F}sql\nSELECT a AS b FROM t\n${F}`, `${F}sql\nSELECT a, b FROM t\n${F}`);
  });

  it('reads JSON stated without a fence as the JSON value it is', () => {
    same('The final answer is: {"id": 7, "ok": true}', `${F}json\n{ "ok": true, "id": 7 }\n${F}`);
    apart('The final answer is: {"id": 7, "ok": true}', `${F}json\n{ "ok": true, "id": "7" }\n${F}`);
    apart('Answer: [1, 2, 3]', `${F}json\n[3, 2, 1]\n${F}`);
  });
});
