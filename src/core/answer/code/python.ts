/**
 * Python by its meaning-bearing tokens (tokenised with `moo`): comments, blank lines and the
 * width of indentation dropped, but the block structure kept (indent and dedent tokens, so moving a
 * line into or out of a block changes the answer); strings by value whatever their quotes;
 * trailing commas dropped except the one that makes a one-element tuple (`(1,)` ≠ `(1)`);
 * parentheses around a whole returned or assigned value dropped (`valueParentheses.ts`).
 */
import moo from 'moo';
import { withoutValueParentheses } from './valueParentheses';

const lexer = /* @__PURE__ */ moo.compile({
  comment: /#[^\n]*/,
  string: { match: /[rRbBuUfF]{0,2}(?:"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')/, lineBreaks: true },
  number: /(?:0[xXoObB][\da-fA-F_]+|\d[\d_]*(?:\.[\d_]*)?(?:[eE][-+]?\d+)?|\.\d[\d_]*(?:[eE][-+]?\d+)?)[jJ]?/,
  name: /[A-Za-z_\u00c0-\uffff][\w\u00c0-\uffff]*/,
  continuation: { match: /\\\r?\n/, lineBreaks: true },
  newline: { match: /\r?\n/, lineBreaks: true },
  space: /[ \t\f]+/,
  op: /\*\*=|\/\/=|>>=|<<=|->|:=|==|!=|<=|>=|\*\*|\/\/|<<|>>|\+=|-=|\*=|\/=|%=|&=|\|=|\^=|@=|[-+*/%@&|^~<>()[\]{}=.,:;!]/,
  invalid: moo.error,
});

const PYTHON_KEYWORDS = /* @__PURE__ */ new Set([
  'in',
  'not',
  'and',
  'or',
  'return',
  'if',
  'elif',
  'else',
  'yield',
  'lambda',
  'is',
  'for',
  'while',
  'assert',
  'del',
  'await',
  'import',
  'from',
  'as',
  'with',
  'raise',
]);

/** A string literal with its quotes made one kind: prefix + JSON of its body. */
function normaliseString(literal: string): string {
  const prefix = /^[rRbBuUfF]*/.exec(literal)?.[0] ?? '';
  const rest = literal.slice(prefix.length);
  const triple = rest.startsWith('"""') || rest.startsWith("'''");
  const quote = triple ? 3 : 1;
  let body = rest.slice(quote, rest.length - quote);
  if (!triple && !/r/i.test(prefix)) body = body.replace(/\\(['"])/g, '$1');
  return `${prefix.toLowerCase()}${JSON.stringify(body)}`;
}

/** The canonical token text of Python code. */
export function pythonTokens(code: string): string {
  const out: string[] = [];
  const indents = [0];
  const brackets: { open: string; call: boolean; commas: number }[] = [];
  let lineStart = true;
  let column = 0;
  const tokens = [...lexer.reset(code.replace(/\t/g, '    '))];
  for (const [i, token] of tokens.entries()) {
    const type = token.type ?? '';
    if (type === 'comment' || type === 'continuation') continue;
    if (type === 'space') {
      if (lineStart) column = token.text.length;
      continue;
    }
    if (type === 'newline') {
      if (brackets.length === 0 && !lineStart) out.push('NEWLINE');
      if (brackets.length === 0) {
        lineStart = true;
        column = 0;
      }
      continue;
    }
    if (type === 'invalid') return code;
    if (lineStart) {
      if (column > (indents[indents.length - 1] as number)) {
        indents.push(column);
        out.push('INDENT');
      }
      while (column < (indents[indents.length - 1] as number)) {
        indents.pop();
        out.push('DEDENT');
      }
      lineStart = false;
    }
    const v = token.text;
    if (type === 'string') {
      out.push(normaliseString(v));
      continue;
    }
    if (type === 'op' && (v === '(' || v === '[' || v === '{')) {
      const before = out[out.length - 1] ?? '';
      // `f(x,)` is a call whatever its commas; `(x,)` after an operator or keyword is a tuple.
      const call =
        /^[\w)\]]/.test(before) && !PYTHON_KEYWORDS.has(before) && before !== 'NEWLINE' && before !== 'INDENT' && before !== 'DEDENT';
      brackets.push({ open: v, call, commas: 0 });
    }
    if (type === 'op' && v === ',') {
      const top = brackets[brackets.length - 1];
      if (top) top.commas++;
      const next = tokens.slice(i + 1).find((t) => !['space', 'newline', 'comment', 'continuation'].includes(t.type ?? ''));
      const closing = next?.text;
      // A trailing comma is layout, except the one that makes a one-element tuple.
      if (closing === ']' || closing === '}' || (closing === ')' && top && (top.call || top.commas > 1))) continue;
    }
    if (type === 'op' && (v === ')' || v === ']' || v === '}')) brackets.pop();
    out.push(v);
  }
  if (!lineStart) out.push('NEWLINE');
  while (indents.length > 1) {
    indents.pop();
    out.push('DEDENT');
  }
  return withoutValueParentheses(out, (next) => next === undefined || next === 'NEWLINE').join(' ');
}
