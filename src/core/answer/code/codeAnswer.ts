/**
 * Answers that are mostly code (fenced blocks make up at least 40% of the reply, so a sentence
 * of framing before or after does not count), and answers whose prose states no value beside
 * their code ("The final answer is the query above."), compare by the code that is the answer
 * (examples of its use and printed output set apart), by its meaning-bearing tokens, read with a
 * real tokenizer for the block's language (its fence tag, or its content when untagged):
 * JavaScript/TypeScript, Python, SQL, and JSON, which compares as a value (key order and layout
 * do not matter). Other languages keep the general rule: comments removed outside string
 * literals and white space normalised.
 */
import type { CodeBlock, ReadReply } from '../markdownText';
import { javascriptTokens } from './javascript';
import { pythonTokens } from './python';
import { sqlTokens } from './sql';

const LANGUAGES: Record<string, 'js' | 'python' | 'sql' | 'json'> = {
  js: 'js',
  javascript: 'js',
  jsx: 'js',
  mjs: 'js',
  cjs: 'js',
  node: 'js',
  ts: 'js',
  typescript: 'js',
  tsx: 'js',
  mts: 'js',
  cts: 'js',
  py: 'python',
  python: 'python',
  python3: 'python',
  py3: 'python',
  sql: 'sql',
  postgres: 'sql',
  postgresql: 'sql',
  psql: 'sql',
  pgsql: 'sql',
  mysql: 'sql',
  sqlite: 'sql',
  plsql: 'sql',
  tsql: 'sql',
  json: 'json',
};

/** JSON text as a canonical value: object keys sorted, layout gone. */
export function jsonValue(code: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(code);
  } catch {
    return undefined;
  }
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((key) => [key, canonical((v as Record<string, unknown>)[key])]),
      );
    }
    return v;
  };
  return JSON.stringify(canonical(value));
}

/**
 * Removes comments (`//`, `/* *\/`, `#` followed by a space, `--` followed by a space, `<!-- -->`)
 * outside string literals, keeping everything else: the rule for languages without a tokenizer here.
 */
export function stripComments(code: string): string {
  let out = '';
  let i = 0;
  while (i < code.length) {
    const c = code[i] as string;
    const next = code[i + 1] ?? '';
    const lineStartOrSpace = i === 0 || /\s/.test(code[i - 1] as string);
    if (c === '"' || c === "'" || c === '`') {
      // A literal ends at its closing quote or, for unbalanced quotes (lifetimes, prose), the line end.
      let j = i + 1;
      while (j < code.length && code[j] !== c && code[j] !== '\n') j += code[j] === '\\' ? 2 : 1;
      out += code.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && next === '/') {
      while (i < code.length && code[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? code.length : end + 2;
    } else if (c === '<' && code.startsWith('<!--', i)) {
      const end = code.indexOf('-->', i + 4);
      i = end < 0 ? code.length : end + 3;
    } else if (lineStartOrSpace && ((c === '#' && /[\s#]|^$/.test(next)) || (c === '-' && next === '-' && /\s/.test(code[i + 2] ?? '')))) {
      while (i < code.length && code[i] !== '\n') i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Collapses white space, and removes it where it separates no two words (`f( x )` = `f(x)`). */
function normaliseSpace(code: string): string {
  return code
    .replace(/\s+/g, ' ')
    .replace(/ ?([^\w\s]) ?/g, '$1')
    .trim();
}

/** The language a block is read as: its tag, else JSON or SQL recognised by content. */
function languageOf(block: CodeBlock): 'js' | 'python' | 'sql' | 'json' | undefined {
  const tagged = LANGUAGES[block.lang];
  if (tagged) return tagged;
  if (block.lang !== '') return undefined;
  const text = block.code.trim();
  if (/^[[{]/.test(text) && jsonValue(text) !== undefined) return 'json';
  if (/^(?:select|insert|update|delete|with|create|alter|drop)\b/i.test(text)) return 'sql';
  return undefined;
}

/** The canonical text of one code block. */
export function canonicalCode(block: CodeBlock): string {
  switch (languageOf(block)) {
    case 'json':
      return `json:${jsonValue(block.code) ?? normaliseSpace(block.code)}`;
    case 'js':
      return javascriptTokens(block.code);
    case 'python':
      return pythonTokens(block.code);
    case 'sql':
      return sqlTokens(block.code);
    default:
      return normaliseSpace(stripComments(block.code));
  }
}

// A short label before a block that shows the answer in use rather than being it.
const SHOWN_IN_USE =
  /^(?:[#>*_\s]*)(?:for\s+)?(?:an?\s+)?(?:examples?|usage|example usage|sample(?:\s+(?:run|output|usage))?|output|expected output|result|test(?:ing|s)?|demo|try it|run it)\b[\s\w]{0,12}[:.]?\s*$/i;

/**
 * The blocks that are the answer: all of them, less those that show it in use — a block under a
 * short "Example" / "Output" / "Usage" label, or an untagged block of no known language beside a
 * tagged one (the printed output) — as long as one block is left.
 */
export function answerBlocks(blocks: readonly CodeBlock[]): CodeBlock[] {
  const tagged = blocks.some((block) => languageOf(block) !== undefined);
  const kept = blocks.filter(
    (block) => !SHOWN_IN_USE.test(block.label) && !(tagged && block.lang === '' && languageOf(block) === undefined),
  );
  return kept.length > 0 ? kept : [...blocks];
}

/** The canonical code of a reply that is mostly code, else undefined. */
export function codeOf(reply: ReadReply): string | undefined {
  if (reply.code.length === 0 || reply.codeShare < 0.4) return undefined;
  return answerCode(reply);
}

/** The canonical code of the blocks that are a reply's answer (see `answerBlocks`), else undefined. */
export function answerCode(reply: ReadReply): string | undefined {
  if (reply.code.length === 0) return undefined;
  return answerBlocks(reply.code).map(canonicalCode).join('\n');
}
