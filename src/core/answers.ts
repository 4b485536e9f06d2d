/**
 * Reading answers: normalisation, the default equivalence and the endorsement line. Pure
 * functions of text; the reading itself lives in `answer/` (markdown, final answer, numbers,
 * units, mathematics, code).
 */
import { canonicalAnswer, isStatedValue } from './answer/canonical';
import { answerCode, canonicalCode, codeOf, jsonValue } from './answer/code/codeAnswer';
import { finalAnswerOf } from './answer/finalAnswer';
import { plainText, readReply } from './answer/markdownText';
import { unitsAgree } from './answer/units';

export { extractFinalAnswer } from './answer/finalAnswer';

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
  /**
   * The whole reply normalised (its prose as plain text, its code by tokens), or `code:` and the
   * canonical code when the answer is mostly code.
   */
  whole: string;
  /**
   * The canonical final answer: the one the text states, or the whole text when it is a short
   * single line (so `72` and `...\nAnswer: 72` agree); undefined for longer free text and code.
   */
  key: string | undefined;
  /** The unit written after a numeric key (`min`, `%`); empty when none. */
  unit: string;
  /** A number converted to a base unit, keyed in the unit as written (`35 min` → `#35`). */
  written?: string;
}

/** Longest single-line text taken as its own final answer. */
const SHORT_ANSWER = 80;

// Reading a reply as markdown costs about a millisecond for a long one; the engine compares each
// answer with every option, so each distinct text is read once (a run holds few distinct texts).
const prepared = new Map<string, PreparedAnswer>();
const PREPARED_LIMIT = 256;

/** Pre-computes what `defaultEquivalent` compares. */
export function prepareAnswer(text: string): PreparedAnswer {
  const known = prepared.get(text);
  if (known) return known;
  const result = readAnswer(text);
  if (prepared.size >= PREPARED_LIMIT) prepared.clear();
  prepared.set(text, Object.freeze(result));
  return result;
}

function readAnswer(text: string): PreparedAnswer {
  const reply = readReply(text);
  const code = codeOf(reply);
  if (code !== undefined) return { whole: `code:${code}`, key: undefined, unit: '' };
  const plain = plainText(reply).trim();
  // Code in a mostly-prose answer still counts, by its tokens, so a changed snippet is a change.
  const snippets = reply.code.length > 0 ? `\ncode:${reply.code.map(canonicalCode).join('\n')}` : '';
  const whole = normalizeAnswer(plain) + snippets;
  const stated = finalAnswerOf(reply);
  // JSON stated without a fence ("The final answer is: {"x": 3}") compares as the JSON value it is.
  const json = stated !== undefined && /^\s*[[{]/.test(stated) ? jsonValue(stated) : undefined;
  if (json !== undefined) return { whole: `code:json:${json}`, key: undefined, unit: '' };
  const short = snippets === '' && !plain.includes('\n') && plain.length <= SHORT_ANSWER ? plain : undefined;
  const key = stated ?? short;
  const canonical = key === undefined || key.trim() === '' ? undefined : canonicalAnswer(key);
  // Prose that states no value beside code ("The final answer is the query above.") leaves the code as the answer.
  if (reply.code.length > 0 && (canonical === undefined || !isStatedValue(canonical.key))) {
    return { whole: `code:${answerCode(reply) ?? ''}`, key: undefined, unit: '' };
  }
  if (canonical === undefined) return { whole, key: undefined, unit: '' };
  return canonical.written === undefined
    ? { whole, key: canonical.key, unit: canonical.unit }
    : { whole, key: canonical.key, unit: canonical.unit, written: canonical.written };
}

/** A bare number against a number with a unit converted for comparison: `35` and `35 min` agree. */
function bareAgrees(bare: PreparedAnswer, converted: PreparedAnswer): boolean {
  return bare.unit === '' && converted.written !== undefined && bare.key === converted.written;
}

/** `defaultEquivalent` on prepared answers. */
export function preparedEquivalent(a: PreparedAnswer, b: PreparedAnswer): boolean {
  if (a.key !== undefined && b.key !== undefined) {
    return (a.key === b.key && unitsAgree(a.unit, b.unit)) || bareAgrees(a, b) || bareAgrees(b, a);
  }
  return a.whole === b.whole;
}

/**
 * The default equivalence. Answers that are mostly code compare by their code's tokens. Otherwise,
 * when both state a final answer (or are one short line), those compare in canonical form (numbers
 * by value and unit, option letters, mathematics by value); else the whole texts compare as plain
 * text after `normalizeAnswer`.
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
