/**
 * SQL by its meaning-bearing tokens (tokenised with `moo`): comments and layout dropped, keywords
 * and unquoted identifiers case-folded (SQL does not distinguish their case), string literals and
 * quoted identifiers kept exactly, `!=` read as `<>`, a final semicolon and the optional `AS`
 * before an alias dropped.
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

// What an alias may follow (a name, a quoted name, a literal, a closing parenthesis), and an alias.
const ALIASED = /^(?:[\w$]+|"[^"]*"|`[^`]*`|\[[^\]]*\]|'.*'|\))$/;
const ALIAS = /^(?:[A-Za-z_][\w$]*|"[^"]*"|`[^`]*`|\[[^\]]*\])$/;

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
  // `AS` before an alias is optional: `FROM orders AS o` = `FROM orders o`, `COUNT(*) AS n` = `COUNT(*) n`.
  return out.filter((token, i) => !(token === 'as' && ALIASED.test(out[i - 1] ?? '') && ALIAS.test(out[i + 1] ?? ''))).join(' ');
}
