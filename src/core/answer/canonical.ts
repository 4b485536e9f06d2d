/**
 * The canonical form of a short final answer, so that the ways models write one value compare
 * equal: numbers by exact value with their unit (`numbers.ts`, `units.ts`), option letters with or
 * without parentheses (`(B)` = `B` = `B) Paris`), mathematics by its value (`latex.ts`), and other
 * text with its LaTeX wrapping removed, case-folded.
 */
import { looksMathematical, mathKey } from './latex';
import { lastMember } from './equation';
import { readNumber } from './numbers';
import { takesBackYes } from './sentence';

const SUPERSCRIPTS: Record<string, string> = {
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
  '⁻': '-',
  '⁺': '+',
};

/**
 * Inline maths in a text without its dollars (`$5$ units` → `5 units`, `$1.5 \times 10^{11}$ m`);
 * money stays (pandoc's rule: no space inside the dollars, no digit after the closing one).
 */
export function withoutMathDollars(text: string): string {
  return text.replace(/\$(?![\s$])((?:[^$\\]|\\.)+?)(?<!\s)\$(?!\d)/g, '$1').trim();
}

/** LaTeX and math delimiters that do not change the answer, removed; units and signs kept. */
export function unwrap(text: string): string {
  // Superscript digits are powers (`10⁸`, `m²`); NFKC alone would turn `10⁸` into `108`.
  let s = text.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+/g, (run) => `^${[...run].map((c) => SUPERSCRIPTS[c]).join('')}`);
  s = s
    .normalize('NFKC')
    .replace(/[\u2212\u2013]/g, '-')
    .trim();
  for (let i = 0; i < 3; i++) {
    s = s.replace(/^(?:\*\*|__|[*_`]|\$\$?|\\\(|\\\[)\s*([\s\S]*?)\s*(?:\*\*|__|[*_`]|\$\$?|\\\)|\\\])$/, '$1').trim();
  }
  // Maths inside the text (`$1.5 \times 10^{11}$ m`): its closing dollar is no currency.
  s = withoutMathDollars(s);
  s = s.replace(/\\(?:text(?:bf|rm|it|normal)?|mathrm|mathbf|mbox|operatorname)\{([^{}]*)\}/g, ' $1 ');
  s = s.replace(/\\%/g, '%').replace(/\\\$/g, '$');
  s = s.replace(/\^\s*\{?\s*\\circ\s*\}?|\\circ\b|\\degree\b/g, '°');
  // A thin space between digit groups (`1\,500`) is a thousands separator; elsewhere a space.
  s = s.replace(/(\d)\\[,;:! ](?=\d{3}\b)/g, '$1').replace(/\\[,;:! ]|\\q?quad\b/g, ' ');
  s = s.replace(/\\left\b|\\right\b|\\displaystyle\b/g, '');
  // A whole number before a proper fraction is a mixed number: `1\frac{5}{12}` = 17/12.
  s = s.replace(
    /(^|[\s$=])(\d+)\s*\\[dt]?frac\s*(?:\{\s*(\d+)\s*\}|(\d))\s*(?:\{\s*(\d+)\s*\}|(\d))/g,
    (match, before: string, whole: string, n1?: string, n2?: string, d1?: string, d2?: string) => {
      const n = BigInt(n1 ?? n2 ?? '0');
      const d = BigInt(d1 ?? d2 ?? '0');
      return n < d && d > 0n ? `${before}${BigInt(whole) * d + n}/${d}` : match;
    },
  );
  s = s.replace(/\\[dt]?frac\{\s*(-?[\d.]+)\s*\}\{\s*(-?[\d.]+)\s*\}/g, '$1/$2');
  return s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.!?,;:。！？]+$/u, '');
}

// "(B)", "B", "B)", "B.", "Option B", "(b) Paris", "B: Paris".
const LETTER = /^(?:option|choice)?\s*\(?([A-J])(?:\)|\.|:)?(?:\s+\S.*)?$/i;

const ANOTHER_OPTION = /\([A-J]\)|^\s*(?:,|;|&|\/|and\b|or\b)\s*\(?[A-J]\b/i;

/** The option letter of a multiple-choice answer, if it is one. */
export function optionLetter(text: string): string | undefined {
  const s = unwrap(text);
  const match = LETTER.exec(s);
  if (!match) return undefined;
  // "B Paris" is no choice; a letter alone or followed by `)`, `.`, `:` is.
  const rest = s.slice(s.toUpperCase().indexOf((match[1] as string).toUpperCase()) + 1);
  // A dash may part an upper-case letter from its option's text ("C — Mitochondria"), never `A - B`.
  const dashed = /^[A-J]$/.test(match[1] as string) && /^\s*[\u2014\u2013-]\s*\p{L}{2,}/u.test(rest);
  if (rest !== '' && !/^[).:]/.test(rest) && !dashed) return undefined;
  // "(B) and (D)", "B, D": more than one option named is no single choice.
  if (ANOTHER_OPTION.test(rest.slice(1))) return undefined;
  return (match[1] as string).toUpperCase();
}

/** The canonical form of a final answer: a key, and for numbers the unit written after them. */
export interface CanonicalAnswer {
  key: string;
  /** Canonical unit of a numeric answer (`min`, `%`, `km/h`, `clip`), empty when it names none. */
  unit: string;
  /** For a number converted to a base unit, its key in the unit as written (`35 min` → `#35`). */
  written?: string;
}

const SHARE = /^(\S+)\s+of\s+(\S+)\s+(?:is|equals|=)\s+(.+)$/i;

/** The key two final answers are compared by (and, for numbers, their unit). */
export function canonicalAnswer(text: string): CanonicalAnswer {
  const whole = readCanonical(unwrap(text));
  if (whole.key.startsWith('#') || whole.key.startsWith('≈') || whole.key.startsWith('(')) return whole;
  // "20% of 350 is 70", "3/4 of 48 = 36": a share of a number, then its value, states the value.
  const share = SHARE.exec(unwrap(text));
  if (share && readNumber(share[1] as string) && readNumber(share[2] as string)) {
    const value = readCanonical(share[3] as string);
    if (value.key.startsWith('#')) return value;
  }
  // A worked equation states its last member, when that is one value.
  const last = lastMember(unwrap(text));
  if (last === undefined) return whole;
  const member = readCanonical(last);
  return member.key.startsWith('#') || member.key.startsWith('≈') ? member : whole;
}

function readCanonical(s: string): CanonicalAnswer {
  const number = readNumber(s);
  if (number !== undefined) {
    return number.written === undefined
      ? { key: `#${number.value}`, unit: number.unit }
      : { key: `#${number.value}`, unit: number.unit, written: `#${number.written}` };
  }
  const letter = optionLetter(s);
  if (letter !== undefined) return { key: `(${letter.toLowerCase()})`, unit: '' };
  // A verdict and its reason ("yes, they are equal", "No — 91 = 7 × 13") is the verdict.
  const verdict = /^(yes|no|true|false)\s*[,;:(\u2014\u2013]\s*\S/i.exec(s);
  if (verdict && !(verdict[1]?.toLowerCase() === 'yes' && takesBackYes(s))) return { key: (verdict[1] as string).toLowerCase(), unit: '' };
  if (looksMathematical(s)) {
    const key = mathKey(s);
    if (key !== undefined) return { key, unit: '' };
  }
  return { key: s.toLowerCase(), unit: '' };
}

/**
 * Whether a canonical key states one value (a number, a closed form, an expression, an option or
 * a verdict) rather than text.
 */
export function isStatedValue(key: string): boolean {
  return /^[#≈(]|^f\(/.test(key) || /^(?:yes|no|true|false)$/.test(key);
}
