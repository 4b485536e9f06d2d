/**
 * SQL by its meaning-bearing tokens (tokenised with `moo`): comments and layout dropped, keywords
 * and unquoted identifiers case-folded (SQL does not distinguish their case), string literals and
 * quoted identifiers kept exactly, `!=` read as `<>`, and a final semicolon dropped.
 */
import moo from 'moo';

const lexer = /* @__PURE__ */ moo.compile({
  lineComment: /--[^\n]*/,
  blockComment: { match: /\/\*[\s\S]*?\*\//, lineBreaks: true },
  string: { match: /[nNeE]?'(?:[^']|'')*'/, lineBreaks: true },
  quoted: { match: /"(?:[^"]|"")*"|`[^`]*`|\[[^\]\n]*\]/, lineBreaks: true },
  number: /\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+/,
  word: /[A-Za-z_][\w$]*/,
  space: { match: /\s+/, lineBreaks: true },
  op: /<>|!=|<=|>=|::|\|\||[-+*/%=<>(),.;:?@$&|^~!]/,
  invalid: moo.error,
});

/** The canonical token text of SQL code. */
export function sqlTokens(code: string): string {
  const out: string[] = [];
  for (const token of lexer.reset(code)) {
    const type = token.type ?? '';
    if (type === 'space' || type === 'lineComment' || type === 'blockComment') continue;
    if (type === 'invalid') return code;
    if (type === 'word') out.push(token.text.toLowerCase());
    else if (token.text === '!=') out.push('<>');
    else out.push(token.text);
  }
  while (out[out.length - 1] === ';') out.pop();
  return out.join(' ');
}
