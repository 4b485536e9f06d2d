/**
 * Finding the final answer a model states, in the forms models write it: `Answer: X` /
 * `Final answer: X` (on a line of its own or at the end of a sentence, with markdown emphasis),
 * "The (final) answer is X", GSM8K's `#### X`, and `\boxed{X}` (nested braces). Pure and linear
 * in the length of the text.
 */

/** How many trailing non-empty lines the inline forms are looked for in ("the last lines"). */
const TAIL_LINES = 4;

// "Answer: 42", "**Final Answer:** 42", "- answer: B" at the start of a line, anywhere in the text.
const MARKER_LINE = /^[ \t>*_#-]*(?:final[ \t]+)?answer[ \t*_]*:[ \t*_]*(.*?)[ \t]*$/gim;
// "...so the Answer: 42", "... Final answer: **42**" inside a line.
const MARKER_INLINE = /\b(?:final[ \t]+)?answer[ \t*_]*:[ \t*_]*(.+)$/i;
// "The answer is 42", "the final answer is $\boxed{7}$", "So my answer is: B".
const ANSWER_IS = /\banswer[ \t*_]+(?:is|would be|will be)[ \t]*:?[ \t]*(.+)$/i;
// GSM8K's reference format.
const HASHES = /^[ \t]*####[ \t]+(.+?)[ \t]*$/;
// A phrase that hedges is not a statement of the answer ("the answer is probably 42").
const HEDGE = /^(?:[*_ \t]*)(?:probably|likely|maybe|perhaps|not|unclear|either|unknown|ambiguous|that|because|whether|in|to|a function|the one)\b/i;

const BOXED = /\\(?:boxed|fbox)\{/g;

interface Found {
  content: string;
  /** Position in the text, so the latest statement wins. */
  at: number;
}

/** Content of the last `\boxed{...}` (or `\fbox{...}`) with balanced braces. */
function lastBoxed(text: string): Found | undefined {
  let found: Found | undefined;
  for (const match of text.matchAll(BOXED)) {
    const start = match.index + match[0].length;
    let depth = 1;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        found = { content: text.slice(start, i), at: match.index };
        break;
      }
    }
  }
  return found;
}

/** The last `Answer:` line anywhere in the text. */
function lastMarkerLine(text: string): Found | undefined {
  let found: Found | undefined;
  for (const match of text.matchAll(MARKER_LINE)) {
    const content = (match[1] ?? '').trim();
    if (content !== '' && !/^[*_]+$/.test(content)) found = { content, at: match.index };
  }
  return found;
}

/** Cuts a phrase after its first sentence ("42. Because..." → "42"; "18, since" → "18"). */
function firstSentence(value: string): string {
  const cut = value.search(/[.;!?](?=\s|$)|,\s+(?:since|because|as|which|so|and|but)\b|\s+(?:because|since)\b/i);
  return (cut >= 0 ? value.slice(0, cut) : value).trim();
}

/** Inline statements and `#### X` in the last non-empty lines, the latest first. */
function lastInline(text: string): Found | undefined {
  const lines: { line: string; at: number }[] = [];
  let end = text.length;
  while (lines.length < TAIL_LINES && end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    if (line.trim() !== '') lines.push({ line, at: start });
    end = start - 1;
  }
  for (const [index, { line, at }] of lines.entries()) {
    const hashes = index === 0 ? HASHES.exec(line) : null;
    if (hashes?.[1]) return { content: hashes[1], at };
    const marker = MARKER_INLINE.exec(line);
    const is = ANSWER_IS.exec(line);
    // The later of the two forms on this line.
    const match = marker && is ? (marker.index > is.index ? marker : is) : (marker ?? is);
    const raw = match?.[1];
    if (raw === undefined || HEDGE.test(raw)) continue;
    const content = match === marker ? raw.trim() : firstSentence(raw);
    if (content !== '' && !/^[*_]+$/.test(content)) return { content, at: at + (match?.index ?? 0) };
  }
  return undefined;
}

/**
 * The final answer a text states, if any: the latest of an `Answer:` line, an inline statement
 * in the last lines, and a `\boxed{}`; a box inside the statement wins (`Answer: \boxed{7}` → `7`).
 */
export function extractFinalAnswer(text: string): string | undefined {
  const candidates = [lastMarkerLine(text), lastInline(text), lastBoxed(text)].filter((f): f is Found => f !== undefined);
  if (candidates.length === 0) return undefined;
  const latest = candidates.reduce((a, b) => (b.at >= a.at ? b : a));
  const inner = lastBoxed(latest.content);
  return (inner ? inner.content : latest.content).trim();
}
