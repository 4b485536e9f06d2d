/**
 * The final answer a reply states, found in its plain text (see `markdownText.ts`), so emphasis,
 * code spans, headings and lists do not change it. Explicit statements, the latest of them wins:
 * - a marker line, `Answer: X` / `Final answer: X` (`**Answer: D**` reads as `Answer: D`), or a
 *   marker with the value on the next line or under a `Final Answer` heading;
 * - in the last lines, `... so the Answer: X` and "the (final / correct) answer is X", "the
 *   correct option is C" (cut at the end of the sentence; hedges such as "probably" do not count);
 * - GSM8K's `#### X` as the last block;
 * - `\boxed{X}` (a box inside the statement wins: `Answer: $\boxed{7}$` gives `7`).
 * A statement that is a sentence ("Answer: Weng earned **$10**.") states the one value it names.
 * Without any of them, a concluding sentence that states one value (`conclusion.ts`).
 */
import { canonicalAnswer, isStatedValue } from './canonical';
import { concludingValue, statedInSentence } from './conclusion';
import { firstSentence } from './sentence';
import { readReply, type ReadReply, type TextBlock } from './markdownText';

/** How many trailing lines the inline forms are looked for in ("the last lines"). */
const TAIL_LINES = 4;

const MARKER = /^(?:[-–•>]\s*)?(?:(?:the|my)\s+)?(?:final\s+)?answer\s*[:：]\s*(.*)$/i;
const MARKER_INLINE = /\b(?:final\s+)?answer\s*:\s*(.+)$/i;
const ANSWER_IS =
  /\b(?:(?:final|correct|right|best)\s+answer|answer|(?:correct|right|best)\s+(?:option|choice))\s+(?:is|would be|will be)\s*:?\s*(.+)$/i;
const HEADING_MARKER = /^(?:the\s+)?(?:final\s+)?answer\s*:?$/i;
// A phrase that hedges or explains is not a statement of the answer ("the answer is probably 42").
const HEDGE = /^(?:probably|likely|maybe|perhaps|not|unclear|either|unknown|ambiguous|that|because|whether|in|to|a function|the one)\b/i;
const BOXED = /\\(?:boxed|fbox)\s*\{/g;

interface Line {
  text: string;
  block: number;
}

interface Found {
  content: string;
  /** Line index, then column: the latest statement wins. */
  at: number;
}

/** Content of the last `\boxed{...}` in a string, with balanced braces. */
export function lastBoxed(text: string): { content: string; index: number } | undefined {
  let found: { content: string; index: number } | undefined;
  for (const match of text.matchAll(BOXED)) {
    const start = match.index + match[0].length;
    let depth = 1;
    for (let i = start; i < text.length; i++) {
      if (text[i] === '\\')
        i++; // an escaped brace (`\{`) is no delimiter
      else if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) {
        found = { content: text.slice(start, i), index: match.index };
        break;
      }
    }
  }
  return found;
}

function meaningful(content: string): boolean {
  return content !== '' && !/^[\s*_.:…-]*$/.test(content);
}

/** `Answer:` lines anywhere, with the value on the line, the next line, or after a heading. */
function markerLines(lines: readonly Line[], blocks: readonly TextBlock[]): Found | undefined {
  let found: Found | undefined;
  for (const [index, line] of lines.entries()) {
    const block = blocks[line.block] as TextBlock;
    const marker = MARKER.exec(line.text);
    const heading = block.kind === 'heading' && HEADING_MARKER.test(line.text);
    if (!marker && !heading) continue;
    const content = (marker?.[1] ?? '').trim();
    if (meaningful(content)) found = { content, at: index * 1000 };
    else {
      // The value on the following line ("**Final answer:**\n72", "### Final Answer\n72").
      const next = lines[index + 1];
      if (next && !MARKER.test(next.text)) found = { content: next.text, at: (index + 1) * 1000 };
    }
  }
  return found;
}

/** Inline statements in the last lines, the latest first. */
function lastInline(lines: readonly Line[]): Found | undefined {
  for (let index = lines.length - 1; index >= Math.max(0, lines.length - TAIL_LINES); index--) {
    const line = (lines[index] as Line).text;
    const marker = MARKER_INLINE.exec(line);
    const is = ANSWER_IS.exec(line);
    const match = marker && is ? (marker.index > is.index ? marker : is) : (marker ?? is);
    const raw = match?.[1];
    if (raw === undefined || HEDGE.test(raw)) continue;
    const content = match === marker ? raw.trim() : firstSentence(raw);
    if (meaningful(content)) return { content, at: index * 1000 + (match?.index ?? 0) };
  }
  return undefined;
}

/** GSM8K's `#### X`: a level-4 heading that is the last block. */
function hashes(lines: readonly Line[], blocks: readonly TextBlock[]): Found | undefined {
  const last = blocks[blocks.length - 1];
  if (!last || last.kind !== 'heading' || last.depth !== 4 || HEADING_MARKER.test(last.lines[0] ?? '')) return undefined;
  const content = last.lines.join(' ').trim();
  return meaningful(content) ? { content, at: (lines.length - 1) * 1000 } : undefined;
}

function boxed(lines: readonly Line[]): Found | undefined {
  for (let index = lines.length - 1; index >= 0; index--) {
    const box = lastBoxed((lines[index] as Line).text);
    if (box) return { content: box.content, at: index * 1000 + box.index };
  }
  return undefined;
}

/** The final answer of a reply already read (see `readReply`). */
export function finalAnswerOf(reply: ReadReply): string | undefined {
  const lines: Line[] = reply.blocks.flatMap((block, index) => block.lines.map((text) => ({ text, block: index })));
  const candidates = [markerLines(lines, reply.blocks), lastInline(lines), hashes(lines, reply.blocks), boxed(lines)].filter(
    (f): f is Found => f !== undefined,
  );
  if (candidates.length === 0) return concludingValue(reply.blocks);
  const latest = candidates.reduce((a, b) => (b.at >= a.at ? b : a));
  const inner = lastBoxed(latest.content);
  const content = (inner ? inner.content : latest.content).trim();
  // A statement under a marker or heading ("## Answer\nThe best choice is **(b)**.") states its value.
  const within = ANSWER_IS.exec(content);
  const value = within && !HEDGE.test(within[1] as string) ? firstSentence(within[1] as string) : '';
  if (meaningful(value)) return value;
  // A sentence under the marker states its value ("**Answer:** Weng earned **$10**.").
  if (!inner && isSentence(content))
    return (
      statedInSentence(
        content,
        reply.blocks.flatMap((block) => block.strong),
      ) ?? content
    );
  return content;
}

/** Whether a stated answer is a sentence about its value rather than the value itself. */
function isSentence(content: string): boolean {
  // `x = \ln 3` is an equation, not a sentence whose number is its value.
  if (/^[A-Za-z]\s*=/.test(content) || /\\[a-zA-Z]/.test(content)) return false;
  return /^[A-Za-z]/.test(content) && content.split(/\s+/).length >= 3 && !isStatedValue(canonicalAnswer(content).key);
}

/** The final answer a reply states, if any (see the forms above). */
export function extractFinalAnswer(text: string): string | undefined {
  return finalAnswerOf(readReply(text));
}
