/**
 * Text as every layer shortens and quotes it: one truncation (never through a surrogate pair,
 * never leaving a code fence open), one reading of markdown code fences, one choice of a fence
 * that the quoted text cannot close. Pure string work.
 */

/** The ellipsis a shortened text ends with. */
export const ELLIPSIS = '…';

/** True when the UTF-16 unit at `index` is the second half of a surrogate pair. */
function isLowSurrogateAfterHigh(text: string, index: number): boolean {
  const low = text.charCodeAt(index);
  const high = text.charCodeAt(index - 1);
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
}

/** The first `length` UTF-16 units of `text`, one fewer when that would split a surrogate pair. */
function headOf(text: string, length: number): string {
  const end = Math.max(0, length);
  return end > 0 && end < text.length && isLowSurrogateAfterHigh(text, end) ? text.slice(0, end - 1) : text.slice(0, end);
}

/**
 * `text` at most `max` characters long (UTF-16 units, the ellipsis counted): cut, and `ellipsis`
 * added, only when it is longer. A cut never splits a character outside the basic plane (an
 * emoji, say) into a lone surrogate.
 */
export function truncate(text: string, max: number, ellipsis = ELLIPSIS): string {
  if (text.length <= max) return text;
  return `${headOf(text, max - ellipsis.length).trimEnd()}${ellipsis}`;
}

/** White space (line breaks included) collapsed to single spaces, ends trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A one-line excerpt of `text` at most `max` characters long, for messages and lists. */
export function excerpt(text: string, max: number): string {
  return truncate(oneLine(text), max);
}

/** A line that opens or closes a code fence: up to three spaces, then ``` or ~~~ (or longer). */
const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})/;

/** The fence (``` or ~~~~ …) a line opens or closes with, or undefined for any other line. */
export function fenceOfLine(line: string): string | undefined {
  return FENCE_LINE.exec(line)?.[1];
}

const CLOSING_LINE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

/** True when `line` closes a block opened by `open`: the same character, at least as long, nothing after. */
export function closesFence(line: string, open: string): boolean {
  const fence = CLOSING_LINE.exec(line)?.[1];
  return fence !== undefined && fence[0] === open[0] && fence.length >= open.length;
}

/** A fenced code block of a markdown text. */
export interface FencedBlock {
  /** The opening fence, e.g. ``` or ~~~~. */
  fence: string;
  /** The info string after the opening fence (usually a language), trimmed. */
  info: string;
  /** The lines between the fences. */
  body: string;
  /** False when the text ended before the closing fence (a cut-off reply). */
  closed: boolean;
}

/**
 * The fenced code blocks of `markdown`, in order: each opens with ``` or ~~~ (three or more, up
 * to three spaces in; backtick fences take no backtick in their info string) and closes with a
 * line of the same character at least as long. A block the text leaves open runs to its end.
 * `anyIndent` also takes fences indented further (models indent JSON blocks freely).
 */
export function fencedBlocks(markdown: string, options: { anyIndent?: boolean } = {}): FencedBlock[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: FencedBlock[] = [];
  let open: { fence: string; info: string; body: string[] } | undefined;
  for (const line of lines) {
    const bare = options.anyIndent ? line.trimStart() : line;
    const fence = fenceOfLine(bare);
    if (open) {
      if (closesFence(bare, open.fence)) {
        blocks.push({ fence: open.fence, info: open.info, body: open.body.join('\n'), closed: true });
        open = undefined;
      } else {
        open.body.push(line);
      }
      continue;
    }
    if (fence === undefined) continue;
    const info = bare.trimStart().slice(fence.length).trim();
    if (fence[0] === '`' && info.includes('`')) continue;
    open = { fence, info, body: [] };
  }
  if (open) blocks.push({ fence: open.fence, info: open.info, body: open.body.join('\n'), closed: false });
  return blocks;
}

/** A backtick fence longer than any run of backticks in `text`, so the text cannot close it. */
export function fenceFor(text: string, info = ''): { open: string; close: string } {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return { open: fence + info, close: fence };
}

/** `text` as a fenced code block it cannot break out of, `info` (a language) after the opening fence. */
export function fenced(text: string, info = ''): string {
  const fence = fenceFor(text, info);
  return `${fence.open}\n${text}\n${fence.close}`;
}

/** The one block `text` is, when it is nothing but a fenced block (white space around it aside). */
export function wholeFencedBlock(text: string): FencedBlock | undefined {
  const lines = text.replace(/\r\n?/g, '\n').trim().split('\n');
  const blocks = fencedBlocks(lines.join('\n'), { anyIndent: true });
  const block = blocks[0];
  const bodyLines = block?.body === '' ? 0 : (block?.body.split('\n').length ?? 0);
  return blocks.length === 1 && block?.closed && (bodyLines === lines.length - 2 || (bodyLines === 0 && lines.length === 3))
    ? block
    : undefined;
}

/** The fence a markdown text leaves open at its end, if any. */
function openFenceAtEnd(markdown: string): string | undefined {
  const blocks = fencedBlocks(markdown);
  const last = blocks[blocks.length - 1];
  return last && !last.closed ? last.fence : undefined;
}

/**
 * Markdown `text` at most `max` characters long, like `truncate`; when the cut falls inside a
 * code block, the block is closed after the ellipsis, so the rest of the page is not swallowed
 * into it (the closing fence is counted in `max`).
 */
export function truncateMarkdown(text: string, max: number, ellipsis = ELLIPSIS): string {
  if (text.length <= max) return text;
  let room = max - ellipsis.length;
  for (;;) {
    let head = headOf(text, room).trimEnd();
    // An ellipsis after a fence line would turn it into an opening fence: cut before that line.
    if (fenceOfLine(head.slice(head.lastIndexOf('\n') + 1)) !== undefined)
      head = head.slice(0, Math.max(0, head.lastIndexOf('\n'))).trimEnd();
    const fence = openFenceAtEnd(head);
    const closing = fence === undefined ? '' : `\n${fence}`;
    const shortened = `${head}${ellipsis}${closing}`;
    if (shortened.length <= max || room <= 0) return shortened.length <= max ? shortened : truncate(text, max, ellipsis);
    room -= shortened.length - max;
  }
}
