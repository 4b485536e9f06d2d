/**
 * Reading answers: normalisation, final-answer markers, the default equivalence and the
 * endorsement line. Pure functions of text.
 */
import { canonicalAnswer, unitsAgree } from './canonical';
import { codeOf } from './codeAnswer';
import { extractFinalAnswer } from './finalAnswer';

export { extractFinalAnswer } from './finalAnswer';


/** Trims, collapses white space, case-folds and strips trailing punctuation. */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.!?,;:。！？]+$/u, '');
}

/** Normalised forms of one answer, computed once per text. */
export interface PreparedAnswer {
  /** The whole text normalised, or `code:` and the normalised code when the answer is mostly code. */
  whole: string;
  /**
   * The canonical final answer: the one the text states, or the whole text when it is a short
   * single line (so `72` and `...\nAnswer: 72` agree); undefined for longer free text and code.
   */
  key: string | undefined;
  /** The unit written after a numeric key (`minute`); empty when none. */
  unit: string;
}

/** Longest single-line text taken as its own final answer. */
const SHORT_ANSWER = 80;

/** Pre-computes what `defaultEquivalent` compares. */
export function prepareAnswer(text: string): PreparedAnswer {
  const code = codeOf(text);
  if (code !== undefined) return { whole: `code:${code}`, key: undefined, unit: '' };
  const stated = extractFinalAnswer(text);
  const trimmed = text.trim();
  const short = !trimmed.includes('\n') && trimmed.length <= SHORT_ANSWER ? trimmed : undefined;
  const key = stated ?? short;
  const whole = normalizeAnswer(text);
  if (key === undefined || key.trim() === '') return { whole, key: undefined, unit: '' };
  const canonical = canonicalAnswer(key);
  return { whole, key: canonical.key, unit: canonical.unit };
}

/** `defaultEquivalent` on prepared answers. */
export function preparedEquivalent(a: PreparedAnswer, b: PreparedAnswer): boolean {
  if (a.key !== undefined && b.key !== undefined) return a.key === b.key && unitsAgree(a.unit, b.unit);
  return a.whole === b.whole;
}

/**
 * The default equivalence. Answers that are mostly code compare by their normalised code. Otherwise,
 * when both state a final answer (or are one short line), those compare in canonical form (numbers
 * by value, option letters, markup removed); else the whole texts compare after `normalizeAnswer`.
 */
export function defaultEquivalent(a: string, b: string): boolean {
  return preparedEquivalent(prepareAnswer(a), prepareAnswer(b));
}

/** The keyword of the endorsement line: `ENDORSE: <label>` on a line of its own. */
export const ENDORSE_KEYWORD = 'ENDORSE';

// Tolerates markdown emphasis and brackets ("**ENDORSE: [B]**") and words after the label ("ENDORSE: B, it is right").
const ENDORSE_LINE = /^[ \t>*_`-]*ENDORSE[ \t*_`]*:[ \t*_`[(]*([A-Za-z0-9]*)(?![A-Za-z0-9]).*$/gim;

/**
 * Splits a reply into its answer and its endorsement. Every endorsement line is removed from the
 * body; the last one decides. The label is upper-cased and returned only when it is one of
 * `validLabels`.
 */
export function parseEndorsement(text: string, validLabels: Iterable<string>): { label?: string; body: string } {
  let last: string | undefined;
  const body = text.replace(ENDORSE_LINE, (_line, label: string) => {
    last = label.toUpperCase();
    return '';
  });
  const valid = new Set(validLabels);
  const cleaned = body.replace(/\n{3,}/g, '\n\n').trim();
  return last !== undefined && valid.has(last) ? { label: last, body: cleaned } : { body: cleaned };
}
