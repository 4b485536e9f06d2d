/**
 * A reply read as a markdown document (with `marked`'s lexer) instead of as raw characters:
 * reasoning blocks (`<think>…</think>`) removed, emphasis, code spans, links and escapes
 * flattened to their text, headings, list items and paragraphs as separate blocks, code blocks
 * set apart, and mathematics (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`, `\boxed{…}`) kept verbatim so
 * that `*` and `_` inside it are never read as emphasis.
 */
import { Marked, type MarkedExtension, type Token, type Tokens } from 'marked';

/** A block of prose, its lines as plain text. */
export interface TextBlock {
  kind: 'paragraph' | 'heading' | 'item' | 'quote' | 'table';
  /** Heading level (1–6); 0 for other blocks. */
  depth: number;
  lines: string[];
  /** The text of every strongly emphasised span (`**72**`), in order. */
  strong: string[];
}

/** A fenced code block. */
export interface CodeBlock {
  lang: string;
  code: string;
  /** The last line of prose before the block ("**Output:**", "### Example"), '' when none. */
  label: string;
}

/** A reply as blocks of plain text and blocks of code. */
export interface ReadReply {
  blocks: TextBlock[];
  code: CodeBlock[];
  /** Share of the reply's non-blank characters that sit in fenced code blocks, 0..1. */
  codeShare: number;
}

const THINK_BLOCK = /<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi;
const THINK_CLOSE = /<\/(?:think|thinking|reasoning)>/i;

/**
 * The reply without its reasoning: every closed `<think>…</think>` block, and everything before
 * a closing tag whose opening tag was cut off (some servers drop the opening tag).
 */
export function stripReasoning(text: string): string {
  let s = text.replace(THINK_BLOCK, '');
  const close = THINK_CLOSE.exec(s);
  if (close) s = s.slice(close.index + close[0].length);
  return s;
}

/** Length of a balanced `{…}` group starting at `open`, or -1. */
function balanced(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src[i] === '{') depth++;
    else if (src[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

// Inline maths: `$…$` by pandoc's rule (no space inside the dollars, no digit after the closing
// one, so "$5 and $10" is money), `$$…$$`, `\(…\)`, `\[…\]` and `\boxed{…}`.
const INLINE_MATH = [/^\$\$[\s\S]+?\$\$/, /^\$(?![\s$])(?:[^$\\\n]|\\.)+?(?<!\s)\$(?!\d)/, /^\\\([\s\S]+?\\\)/, /^\\\[[\s\S]+?\\\]/];

const math: MarkedExtension = {
  extensions: [
    {
      name: 'math',
      level: 'inline',
      start: (src: string) => {
        const at = src.search(/\$|\\\(|\\\[|\\(?:boxed|fbox)\{/);
        return at < 0 ? undefined : at;
      },
      tokenizer(src: string) {
        for (const pattern of INLINE_MATH) {
          const m = pattern.exec(src);
          if (m) return { type: 'math', raw: m[0] };
        }
        const boxed = /^\\(?:boxed|fbox)\{/.exec(src);
        if (boxed) {
          const end = balanced(src, boxed[0].length - 1);
          if (end > 0) return { type: 'math', raw: src.slice(0, end) };
        }
        return undefined;
      },
    },
    {
      name: 'mathBlock',
      level: 'block',
      start: (src: string) => {
        const at = src.search(/^ {0,3}(?:\$\$|\\\[)/m);
        return at < 0 ? undefined : at;
      },
      tokenizer(src: string) {
        const m = /^ {0,3}(\$\$[\s\S]+?\$\$|\\\[[\s\S]+?\\\]) *(?:\n+|$)/.exec(src);
        return m ? { type: 'mathBlock', raw: m[0], text: (m[1] as string).trim() } : undefined;
      },
    },
  ],
};

let markdown: Marked | undefined;

/** The lexer with the maths extension, made on first use (so loading this module costs nothing). */
function lexer(): Marked {
  markdown ??= new Marked(math);
  return markdown;
}

/** Inline tokens as plain text; strong spans are collected into `strong`. */
function inline(tokens: readonly Token[] | undefined, strong: string[]): string {
  let out = '';
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong': {
        const text = inline((token as Tokens.Strong).tokens, strong);
        strong.push(text.trim());
        out += text;
        break;
      }
      case 'em':
      case 'del':
      case 'link':
        out += inline((token as Tokens.Em).tokens, strong);
        break;
      case 'text':
        out += 'tokens' in token && token.tokens ? inline(token.tokens, strong) : (token as Tokens.Text).text;
        break;
      case 'codespan':
        out += (token as Tokens.Codespan).text;
        break;
      case 'escape':
        out += (token as Tokens.Escape).text;
        break;
      case 'image':
        out += (token as Tokens.Image).text;
        break;
      case 'br':
        out += '\n';
        break;
      default:
        // Maths, inline HTML and anything else: as written.
        out += token.raw;
    }
  }
  return out;
}

// Emoji that decorate a line ("✅ **Answer: 42**", "… passed. 🎉"); a line of emoji alone is kept.
const DECORATION =
  /^(?:[\p{Extended_Pictographic}\u200d\ufe0f]\s*)+(?=[^\s\p{Extended_Pictographic}\u200d\ufe0f])|(?<=[^\s\p{Extended_Pictographic}\u200d\ufe0f])\s*(?:[\p{Extended_Pictographic}\u200d\ufe0f]\s*)+$/gu;

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim().replace(DECORATION, '').trim())
    .filter((line) => line !== '');
}

/** Walks block tokens into text blocks and code blocks, in document order. */
function walk(tokens: readonly Token[], kind: TextBlock['kind'], into: ReadReply, fenced: { chars: number }): void {
  for (const token of tokens) {
    const strong: string[] = [];
    switch (token.type) {
      case 'heading':
        into.blocks.push({
          kind: 'heading',
          depth: (token as Tokens.Heading).depth,
          lines: lines(inline((token as Tokens.Heading).tokens, strong)),
          strong,
        });
        break;
      case 'paragraph':
      case 'text':
        into.blocks.push({
          kind,
          depth: 0,
          lines: lines('tokens' in token && token.tokens ? inline(token.tokens, strong) : (token as Tokens.Text).text),
          strong,
        });
        break;
      case 'mathBlock':
        into.blocks.push({ kind, depth: 0, lines: [token.raw.trim()], strong });
        break;
      case 'list':
        for (const item of (token as Tokens.List).items) walk(item.tokens, 'item', into, fenced);
        break;
      case 'blockquote':
        walk((token as Tokens.Blockquote).tokens, 'quote', into, fenced);
        break;
      case 'table': {
        const table = token as Tokens.Table;
        const rows = [table.header, ...table.rows].map((row) => row.map((cell) => inline(cell.tokens, strong)).join(' | '));
        into.blocks.push({ kind: 'table', depth: 0, lines: rows, strong });
        break;
      }
      case 'code': {
        const code = token as Tokens.Code;
        if (code.codeBlockStyle === 'indented') {
          into.blocks.push({ kind, depth: 0, lines: lines(code.text), strong });
          break;
        }
        const before = into.blocks[into.blocks.length - 1]?.lines;
        into.code.push({
          lang: (code.lang ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '',
          code: code.text,
          label: before?.[before.length - 1] ?? '',
        });
        fenced.chars += code.raw.replace(/\s/g, '').length;
        break;
      }
      case 'html':
        into.blocks.push({ kind, depth: 0, lines: lines(token.raw.replace(/<[^>]*>/g, ' ')), strong });
        break;
      default:
        // space, hr, def: no text.
        break;
    }
  }
}

/** Reads a reply: reasoning removed, then its markdown structure. */
export function readReply(text: string): ReadReply {
  const body = stripReasoning(text);
  const into: ReadReply = { blocks: [], code: [], codeShare: 0 };
  const fenced = { chars: 0 };
  walk(lexer().lexer(body), 'paragraph', into, fenced);
  const total = body.replace(/\s/g, '').length;
  into.codeShare = total === 0 ? 0 : fenced.chars / total;
  return into;
}

/** The plain text of a reply's prose, one line per line, without code blocks. */
export function plainText(reply: ReadReply): string {
  return reply.blocks.map((block) => block.lines.join('\n')).join('\n');
}
