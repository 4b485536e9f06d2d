/**
 * Whether two findings describe the same problem: their lines overlap and their words do.
 * Deliberately simple and deterministic (no model call): normalised tokens, Dice overlap of the
 * whole finding (title and explanation). Method and threshold were chosen on a labelled set of
 * finding pairs (`test/fixtures/findingPairs.ts`), which the tests keep.
 */
import type { ParsedFinding } from './types';

/**
 * Two findings whose text scores at least this (and whose lines overlap) are the same problem.
 * On the labelled pairs: precision 0.82, recall 0.86 (F1 0.84); 0.175 scores F1 0.85 but sits on
 * the edge where precision falls fast, 0.3 drops recall to 0.67, 0.1 precision to 0.60.
 */
export const SAME_PROBLEM_THRESHOLD = 0.2;

/** Lines further apart than this never describe the same problem, even with the same words. */
export const LINE_SLACK = 1;

const STOPWORDS = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'been',
  'but',
  'by',
  'can',
  'could',
  'do',
  'does',
  'for',
  'from',
  'has',
  'have',
  'here',
  'if',
  'in',
  'into',
  'is',
  'it',
  'its',
  'may',
  'might',
  'not',
  'of',
  'on',
  'or',
  'should',
  'so',
  'than',
  'that',
  'the',
  'their',
  'then',
  'there',
  'these',
  'this',
  'to',
  'was',
  'when',
  'which',
  'will',
  'with',
  'would',
  'you',
  'your',
  'line',
  'lines',
  'code',
  'function',
  'value',
  'use',
  'using',
  'used',
  'instead',
  'also',
  'because',
  'without',
  'before',
]);

/** Words that name the same thing in reviews. */
const SYNONYMS: Record<string, string> = {
  undefined: 'null',
  nil: 'null',
  none: 'null',
  nullable: 'null',
  nullish: 'null',
  deref: 'dereference',
  dereferenc: 'dereference',
  vuln: 'vulnerability',
  vulnerable: 'vulnerability',
  perf: 'performance',
  slow: 'performance',
  exception: 'throw',
  throws: 'throw',
  crash: 'throw',
  injection: 'inject',
  injected: 'inject',
  unsanitized: 'sanitize',
  unsanitised: 'sanitize',
  sanitise: 'sanitize',
  sanitiz: 'sanitize',
  escap: 'sanitize',
  escape: 'sanitize',
};

/** The normalised content words of a text (lower case, no stop words, crude stemming). */
export function tokens(text: string): Set<string> {
  const out = new Set<string>();
  const lowered = text.toLowerCase().replace(/off[\s-]by[\s-]one/g, 'offbyone');
  for (const raw of lowered.split(/[^a-z0-9_]+/)) {
    if (raw.length < 2 || STOPWORDS.has(raw)) continue;
    const word = SYNONYMS[raw] ?? stem(raw);
    out.add(SYNONYMS[word] ?? word);
  }
  return out;
}

function stem(word: string): string {
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (word.length > suffix.length + 3 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Dice coefficient of two token sets, 0..1 (0 when either is empty: no words, no evidence). */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  return (2 * shared) / (a.size + b.size);
}

/** Whether two inclusive line ranges overlap, allowing `LINE_SLACK` lines between them. */
export function linesOverlap(a: Pick<ParsedFinding, 'startLine' | 'endLine'>, b: Pick<ParsedFinding, 'startLine' | 'endLine'>): boolean {
  return a.startLine <= b.endLine + LINE_SLACK && b.startLine <= a.endLine + LINE_SLACK;
}

/**
 * How much two findings read as the same problem, 0..1: the Dice overlap of their whole texts
 * (title and explanation); 0 when their lines do not overlap. Titles alone are not used: short
 * titles share a word too easily ("Unused import" / "Wildcard import"), which on the labelled
 * pairs cost precision (titles or whole text, best F1 0.79; whole text alone 0.85).
 */
export function sameProblemScore(a: ParsedFinding, b: ParsedFinding): number {
  if (!linesOverlap(a, b)) return 0;
  return dice(tokens(`${a.title} ${a.explanation}`), tokens(`${b.title} ${b.explanation}`));
}

/** Whether two findings describe the same problem. */
export function sameProblem(a: ParsedFinding, b: ParsedFinding): boolean {
  return sameProblemScore(a, b) >= SAME_PROBLEM_THRESHOLD;
}
