/**
 * The canonical form of a short final answer, so that the ways models write one value compare
 * equal: numbers by exact value (`1,000` = `1000` = `$1,000`, `42.0` = `42`, `1/2` = `0.5` =
 * `\frac{1}{2}`, `50%` = `50`), option letters with or without parentheses (`(B)` = `B` =
 * `B) Paris`), and other text with its markdown and LaTeX wrapping removed.
 */

/** Markdown and LaTeX wrapping that does not change the answer. */
function unwrap(text: string): string {
  let s = text.normalize('NFKC').replace(/[\u2212\u2013]/g, '-').trim();
  s = s.replace(/\\text(?:bf|rm|it)?\{([^{}]*)\}/g, '$1').replace(/\\mathrm\{([^{}]*)\}/g, '$1');
  s = s.replace(/\\d?frac\{([^{}]+)\}\{([^{}]+)\}/g, '$1/$2');
  s = s.replace(/\\[,;:! ]|\\quad/g, '').replace(/\\left|\\right/g, '').replace(/\^\{?\\circ\}?|°/g, '');
  s = s.replace(/\\%/g, '%').replace(/\\\$/g, '$');
  // Emphasis, code ticks and math delimiters around the whole answer.
  for (let i = 0; i < 3; i++) s = s.replace(/^(?:\*\*|__|[*_`]|\$\$?|\\\(|\\\[)\s*([\s\S]*?)\s*(?:\*\*|__|[*_`]|\$\$?|\\\)|\\\])$/, '$1').trim();
  return s.replace(/\s+/g, ' ').trim().replace(/[\s.!?,;:。！？]+$/u, '');
}

/** Greatest common divisor of two non-negative big integers. */
function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** An exact rational as `n`, a terminating decimal, or `n/d` when it does not terminate. */
function formatRational(numerator: bigint, denominator: bigint): string {
  if (denominator === 0n) return `${numerator}/0`;
  if (denominator < 0n) [numerator, denominator] = [-numerator, -denominator];
  const divisor = gcd(numerator < 0n ? -numerator : numerator, denominator) || 1n;
  numerator /= divisor;
  denominator /= divisor;
  let rest = denominator;
  let twos = 0;
  let fives = 0;
  while (rest % 2n === 0n) { rest /= 2n; twos++; }
  while (rest % 5n === 0n) { rest /= 5n; fives++; }
  if (rest !== 1n) return `${numerator}/${denominator}`;
  const places = Math.max(twos, fives);
  const scaled = (numerator * 10n ** BigInt(places)) / denominator;
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = places > 0 ? digits.slice(digits.length - places) : '';
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** A decimal numeral (no grouping) as an exact rational. */
function decimal(text: string): { n: bigint; d: bigint } | undefined {
  const match = /^([-+]?)(\d*)(?:\.(\d+))?$/.exec(text);
  if (!match || (match[2] === '' && match[3] === undefined)) return undefined;
  const fraction = match[3] ?? '';
  const n = BigInt(`${match[2] || '0'}${fraction}`) * (match[1] === '-' ? -1n : 1n);
  return { n, d: 10n ** BigInt(fraction.length) };
}

// A number as written: sign, currency, grouped or plain digits, decimals, a percent sign.
const NUMBER = String.raw`[-+]?\s*(?:[$€£¥]|usd\s*|rs\.?\s*)?\s*(?:\d{1,3}(?:,\d{3})+|\d+|(?=\.\d))(?:\.\d+)?\s*%?`;
const NUMERIC = new RegExp(String.raw`^(?:[a-z]\s*=\s*)?(${NUMBER})(?:\s*/\s*(${NUMBER}))?((?:\s+[a-z][a-z.'-]*){0,3})$`, 'i');

// Words after a number that name no unit ("72 in total", "5 more minutes").
const FILLER = new Set(['in', 'total', 'more', 'altogether', 'each', 'left', 'remaining', 'of', 'and', 'only', 'exactly', 'approximately', 'about']);
// Currency and percent words say no more than their signs, which are dropped too.
const NO_UNIT = new Set(['dollar', 'usd', 'euro', 'eur', 'pound', 'gbp', 'yen', 'cent', 'percent', 'pct']);
const UNIT_SYNONYMS: Record<string, string> = {
  min: 'minute', mins: 'minute', hr: 'hour', hrs: 'hour', h: 'hour', sec: 'second', secs: 'second', s: 'second',
  yr: 'year', yrs: 'year', kms: 'km', lb: 'pound-weight', lbs: 'pound-weight',
};

/** The unit of the words after a number: the first that is not filler, singular, with synonyms merged. */
function unitOf(words: string): string {
  for (const raw of words.toLowerCase().split(/\s+/)) {
    const word = raw.replace(/[.']+$/, '');
    if (word === '' || FILLER.has(word)) continue;
    const singular = UNIT_SYNONYMS[word] ?? (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);
    const unit = UNIT_SYNONYMS[singular] ?? singular;
    return NO_UNIT.has(unit) ? '' : unit;
  }
  return '';
}

/**
 * The exact value of a numeric answer (`$1,000`, `-3.50`, `1/2`, `x = 5`, `72 clips`), if it is
 * one, and the unit written after it (`clip`; empty when none).
 */
export function numericValue(text: string): { value: string; unit: string } | undefined {
  const match = NUMERIC.exec(unwrap(text));
  if (!match) return undefined;
  const clean = (raw: string) => raw.replace(/[\s,$€£¥%]|usd|rs\.?/gi, '');
  const top = decimal(clean(match[1] ?? ''));
  const bottom = match[2] !== undefined ? decimal(clean(match[2])) : { n: 1n, d: 1n };
  if (!top || !bottom || bottom.n === 0n) return undefined;
  return { value: formatRational(top.n * bottom.d, top.d * bottom.n), unit: unitOf(match[3] ?? '') };
}

// "(B)", "B", "B)", "B.", "Option B", "(b) Paris", "B: Paris".
const LETTER = /^(?:option|choice)?\s*\(?([A-J])(?:\)|\.|:)?(?:\s+\S.*)?$/i;

/** The option letter of a multiple-choice answer, if it is one. */
export function optionLetter(text: string): string | undefined {
  const s = unwrap(text);
  const match = LETTER.exec(s);
  if (!match) return undefined;
  // "B Paris" is no choice; a letter alone or followed by `)`, `.`, `:` is.
  const rest = s.slice(s.toUpperCase().indexOf((match[1] as string).toUpperCase()) + 1);
  if (rest !== '' && !/^[).:]/.test(rest)) return undefined;
  return (match[1] as string).toUpperCase();
}

/** The canonical form of a final answer: a key, and for numbers the unit written after them. */
export interface CanonicalAnswer {
  key: string;
  /** Unit of a numeric answer (`minute`), empty when it names none or is not a number. */
  unit: string;
}

/** The key two final answers are compared by (and, for numbers, their unit). */
export function canonicalAnswer(text: string): CanonicalAnswer {
  const number = numericValue(text);
  if (number !== undefined) return { key: `#${number.value}`, unit: number.unit };
  const letter = optionLetter(text);
  if (letter !== undefined) return { key: `(${letter.toLowerCase()})`, unit: '' };
  return { key: unwrap(text).toLowerCase(), unit: '' };
}

/**
 * Whether two numeric answers' units agree: equal, or one of them names none (`72` and
 * `72 clips` agree; `5 minutes` and `5 hours` do not).
 */
export function unitsAgree(a: string, b: string): boolean {
  return a === '' || b === '' || a === b;
}
