/**
 * A final answer written as worked equation (`speed = 180 km / 2 h = 90 km/h`,
 * `\arctan(1) = \frac{\pi}{4}`, `x = \sqrt{12}`, `E ≈ 3.98e-19 J`) states its last member: the
 * value the working arrives at (`≈` ends a chain as `=` does). Only a plain chain of equalities
 * counts; a text that also holds a list, an alternative, a `±` or an inequality (`x = 2 or x = 3`,
 * `x = 5, y = 3`, `x \le 4`) states no single value and is left whole.
 */

// Anything that makes an equation more than one chain arriving at one value.
const NOT_ONE_CHAIN = /[,;<>≤≥≠±∓]|\\(?:pm|mp|le|ge|leq|geq|neq|ne|lt|gt|sim)(?![a-zA-Z])|\b(?:and|or|if|for|when|where)\b|==|!=/i;
// An approximate equality ends a chain as `=` does: the working arrives at the value it gives.
const APPROXIMATELY = /≈|\\approx(?![a-zA-Z])/g;

/** The last member of a chain of equalities, or undefined when the text is no such chain. */
export function lastMember(text: string): string | undefined {
  // A thousands separator (`2,500 m`) is no list: only commas between other digits split a chain.
  const chain = text.replace(APPROXIMATELY, '=').replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
  if (!chain.includes('=') || NOT_ONE_CHAIN.test(chain)) return undefined;
  const members = chain.split('=').map((member) => member.trim());
  const last = members[members.length - 1] as string;
  if (members.some((member) => member === '')) return undefined;
  return last;
}
