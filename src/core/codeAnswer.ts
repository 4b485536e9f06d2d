/**
 * Answers that are mostly code compare by their code: the fenced blocks, language tag ignored,
 * comments removed and white space normalised, so two answers that differ only in prose,
 * indentation and comments are the same option.
 */

const FENCE = /^[ \t]*(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^[ \t]*\1[ \t]*$/gm;

/** The code of every fenced block, in order, and how much of the text it makes up. */
function fencedCode(text: string): { code: string; share: number } | undefined {
  const blocks: string[] = [];
  let fenced = 0;
  for (const match of text.matchAll(FENCE)) {
    blocks.push(match[2] ?? '');
    fenced += match[0].replace(/\s/g, '').length;
  }
  if (blocks.length === 0) return undefined;
  const total = text.replace(/\s/g, '').length;
  return { code: blocks.join('\n'), share: total === 0 ? 0 : fenced / total };
}

/**
 * Removes comments (`//`, `/* *\/`, `#` followed by a space, `--` followed by a space, `<!-- -->`)
 * outside string literals, keeping everything else.
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

/** The normalised code of an answer that is mostly code (fenced blocks at least half the text), else undefined. */
export function codeOf(text: string): string | undefined {
  const fenced = fencedCode(text);
  if (!fenced || fenced.share < 0.5) return undefined;
  return normaliseSpace(stripComments(fenced.code));
}
