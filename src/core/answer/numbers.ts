/**
 * Numeric answers by exact value: digits with thousands separators, decimals, a sign, a currency
 * sign, fractions (`3/4`), scientific notation in the ways models write it (`6.02e23`,
 * `6.02 × 10^23`, `1.5 \times 10^{-3}`), a scale word (`8 billion`), repeating decimals (`0.\overline{3}` = 1/3), whole
 * numbers in words ("twenty-one"), and the unit or percent sign after the number, which is kept.
 */
import { compoundQuantity, inBaseUnit } from './conversion';
import { numberFromWords, isNumberWord } from './numberWords';
import { decimalRational, divide, formatRational, multiply, powerOfTen, rational, type Rational } from './rational';
import { unitOf } from './units';

/** A number as read: its exact value as canonical text, and its canonical unit ('' when none). */
export interface NumberReading {
  value: string;
  unit: string;
  /** The value in the unit as written, when `value` was converted to a base unit (`35 min` → `35`). */
  written?: string;
}

const CURRENCY_PREFIX = String.raw`(?:[$€£¥₹]|us\$|usd\s*|eur\s*|gbp\s*|rs\.?\s*)`;
// Thousands grouped by commas, or by spaces as SI style writes them (`3 200`, `12 750`).
const DIGITS = String.raw`(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d,.])|\d+|(?=\.\d))(?:\.\d*)?`;
const REPEATING = String.raw`(?:\\(?:overline|bar)\{(\d+)\})?`;
const EXPONENT = String.raw`(?:e([-+]?\d+)|\s*(?:×|x|\*|\\times|\\cdot|·)\s*10\s*\^\s*\{?\s*\(?([-+]?\d+)\)?\s*\}?)?`;
// sign, currency, digits, repeating tail, exponent, percent, then the rest (unit words).
const NUMBER = new RegExp(
  String.raw`^(?:[a-z]\s*=\s*)?([-+])?\s*(${CURRENCY_PREFIX})?\s*([-+])?(${DIGITS})${REPEATING}${EXPONENT}\s*(%)?(.*)$`,
  'i',
);

const SCALE_POWERS: Record<string, number> = { thousand: 3, million: 6, billion: 9, trillion: 12 };

interface Read {
  value: Rational;
  currency: string;
  percent: boolean;
  rest: string;
}

/** The leading number of `text`, exactly, and what follows it. */
function leadingNumber(text: string): Read | undefined {
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const [, sign1, currency, sign2, digits, repeating, e1, e2, percent, rest] = m;
  if (sign1 && sign2) return undefined;
  const base = decimalRational((digits ?? '').replace(/[,\s]/g, ''), repeating ?? '');
  if (!base) return undefined;
  const exponent = e1 ?? e2;
  let value = exponent !== undefined ? multiply(base, powerOfTen(Number(exponent))) : base;
  if ((sign1 ?? sign2) === '-') value = rational(-value.n, value.d);
  return { value, currency: (currency ?? '').trim().toLowerCase().replace(/\.$/, ''), percent: percent !== undefined, rest: rest ?? '' };
}

/** A number written in words at the start of `text` ("twenty-one apples" → 21, "apples"). */
function leadingWords(text: string): Read | undefined {
  const words = text.split(/\s+/);
  let best: { value: number; used: number } | undefined;
  for (let used = 1; used <= words.length && used <= 8; used++) {
    const phrase = words
      .slice(0, used)
      .join(' ')
      .replace(/[.,;:!?]+$/, '');
    if (!phrase.split(/[\s-]+/).every((w) => isNumberWord(w) || w.toLowerCase() === 'and' || w.toLowerCase() === 'a')) break;
    const value = numberFromWords(phrase);
    if (value !== undefined) best = { value, used };
  }
  if (!best) return undefined;
  return { value: rational(BigInt(best.value)), currency: '', percent: false, rest: words.slice(best.used).join(' ') };
}

/**
 * The value and unit of a numeric answer (`$1,000`, `-3.50`, `3/4`, `x = 5`, `72 clips`,
 * `6.02 × 10^23`, `0.25%`, `twelve`), or undefined when the text is not one number.
 */
export function readNumber(text: string): NumberReading | undefined {
  const compound = compoundQuantity(text);
  if (compound) return compound;
  const first = leadingNumber(text) ?? leadingWords(text);
  if (!first) return undefined;
  let { value } = first;
  let { rest } = first;
  let { percent } = first;
  // A fraction: "3/4", "3 / 4".
  const slash = /^\s*\/\s*(.*)$/.exec(rest);
  if (slash && !first.percent) {
    const bottom = leadingNumber(slash[1] ?? '');
    if (!bottom || bottom.currency) return undefined;
    const quotient = divide(value, bottom.value);
    if (!quotient) return undefined;
    value = quotient;
    rest = bottom.rest;
    percent = bottom.percent;
  }
  // A scale word after digits ("8 billion", "2.5 million") multiplies them.
  const scale = /^\s*(thousand|million|billion|trillion)\b(.*)$/i.exec(rest);
  if (scale) {
    value = multiply(value, powerOfTen(SCALE_POWERS[(scale[1] as string).toLowerCase()] as number));
    rest = scale[2] ?? '';
  }
  // Unit words only: more digits or maths after them make this no single number ("1, 2, 3", "2x + 1").
  const unitText = rest.replace(/\^\s*\(?-?\d+\)?/g, '');
  if (/[\d=+*^\\(){}<>|]/.test(unitText) || /^\s*[-,]/.test(rest)) return undefined;
  if (rest.split(/\s+/).filter((w) => w !== '').length > 5) return undefined;
  const written = unitOf(rest);
  const currencyUnit = first.currency ? unitOf(first.currency) : '';
  if (currencyUnit && written && currencyUnit !== written) return undefined;
  // A percent per period (`% per month`) is `%/month`, whatever the spelling.
  const unit = percent ? (written ? `%${written.replace(/^1\//, '/')}` : '%') : currencyUnit || written;
  const base = inBaseUnit(value, unit);
  return base ? { ...base, written: formatRational(value) } : { value: formatRational(value), unit };
}
