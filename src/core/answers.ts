/**
 * Reading answers: normalisation, final-answer markers, the default equivalence and the
 * endorsement line. Pure functions of text.
 */

/** Trims, collapses white space, case-folds and strips trailing punctuation. */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.!?,;:。！？]+$/u, '');
}

// A line that states the answer: "Answer: 42", "Final answer: 42", "**Final Answer:** 42", "> answer - 42" is not one.
const MARKER_LINE = /^[ \t>*_#-]*(?:final[ \t]+)?answer[ \t*_]*:[ \t*_]*(.*?)[ \t*_]*$/gim;
const BOXED = '\\boxed{';

/** Content of the last `\boxed{...}` in the text (braces balanced), if any. */
function lastBoxed(text: string): { content: string; at: number } | undefined {
  let at = text.lastIndexOf(BOXED);
  while (at >= 0) {
    let depth = 1;
    const start = at + BOXED.length;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) return { content: text.slice(start, i), at };
      }
    }
    at = at > 0 ? text.lastIndexOf(BOXED, at - 1) : -1;
  }
  return undefined;
}

/**
 * The explicit final answer a text states, if any: the last `Answer: ...` / `Final answer: ...`
 * line or the last `\boxed{...}`, whichever comes later (so `Final answer: \boxed{42}` gives `42`).
 */
export function extractFinalAnswer(text: string): string | undefined {
  let line: { content: string; at: number } | undefined;
  for (const match of text.matchAll(MARKER_LINE)) {
    const content = match[1] ?? '';
    if (content.trim() !== '') line = { content, at: match.index };
  }
  const boxed = lastBoxed(text);
  if (line && (!boxed || line.at > boxed.at)) return line.content.trim();
  if (boxed) return boxed.content.trim();
  return undefined;
}

/** Normalised forms of one answer, computed once per text. */
export interface PreparedAnswer {
  whole: string;
  marker: string | undefined;
}

/** Pre-computes what `defaultEquivalent` compares. */
export function prepareAnswer(text: string): PreparedAnswer {
  const marker = extractFinalAnswer(text);
  return { whole: normalizeAnswer(text), marker: marker === undefined ? undefined : normalizeAnswer(marker) };
}

/** `defaultEquivalent` on prepared answers. */
export function preparedEquivalent(a: PreparedAnswer, b: PreparedAnswer): boolean {
  if (a.marker !== undefined && b.marker !== undefined) return a.marker === b.marker;
  return a.whole === b.whole;
}

/**
 * The default equivalence: when both answers state an explicit final answer, those are compared;
 * otherwise the whole texts are. Both after `normalizeAnswer`.
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
