/**
 * JavaScript and TypeScript by their meaning-bearing tokens (tokenised by `js-tokens`):
 * comments and layout dropped, string literals by value (`'a'` = `"a"`), trailing commas dropped,
 * a sole arrow parameter with or without parentheses, interface members separated by `;` or `,`,
 * and statement ends by meaning: a `;` and a line break that ends a statement (automatic
 * semicolon insertion) are the same separator, while a line break that does not end one (the next
 * line starts with `(`, `[`, `.`, an operator …) is nothing, so `a\n(b)` stays a call; a body's
 * brace on a line of its own continues its function or class head; parentheses around a whole
 * returned or assigned value are dropped (`valueParentheses.ts`).
 */
import jsTokens from 'js-tokens';
import { withoutValueParentheses } from './valueParentheses';

const SEPARATOR = ';';
// Keywords after which a line break never ends the statement.
const OPEN_KEYWORDS = /* @__PURE__ */ new Set([
  'else',
  'do',
  'new',
  'typeof',
  'void',
  'delete',
  'in',
  'instanceof',
  'of',
  'case',
  'const',
  'let',
  'var',
  'function',
  'class',
  'extends',
  'import',
  'export',
  'from',
  'as',
  'await',
  'throw',
  'async',
  'type',
  'interface',
  'enum',
  'implements',
]);
// Tokens that continue the previous line when they start the next one.
const CONTINUES = /* @__PURE__ */ new Set([
  '(',
  '[',
  '.',
  '?.',
  ',',
  ')',
  ']',
  '}',
  '+',
  '-',
  '*',
  '/',
  '%',
  '**',
  '=',
  '==',
  '===',
  '!=',
  '!==',
  '<',
  '>',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?',
  ':',
  '=>',
  '&',
  '|',
  '^',
  '<<',
  '>>',
  '>>>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '**=',
  '&&=',
  '||=',
  '??=',
  '&=',
  '|=',
  '^=',
  '<<=',
  '>>=',
  '>>>=',
  'else',
  'catch',
  'finally',
  'in',
  'instanceof',
  'of',
  'as',
  'extends',
  'implements',
]);
// Keywords whose parenthesised head is followed by a body, not a statement end: `if (x)\n  y()`.
const HEAD_KEYWORDS = /* @__PURE__ */ new Set(['if', 'for', 'while', 'with', 'switch', 'catch']);

interface Significant {
  type: string;
  value: string;
  /** Whether a line break came between this token and the previous one. */
  newlineBefore: boolean;
}

/** The value of a quoted string literal, or undefined when its escapes are beyond JSON's. */
function stringValue(literal: string): string | undefined {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  const json = quote === "'" ? body.replace(/\\'/g, "'").replace(/(^|[^\\])((?:\\\\)*)"/g, '$1$2\\"') : body;
  try {
    return JSON.parse(`"${json}"`) as string;
  } catch {
    return undefined;
  }
}

function significant(code: string): Significant[] {
  const out: Significant[] = [];
  let newline = false;
  for (const token of jsTokens(code)) {
    if (token.type === 'LineTerminatorSequence') newline = true;
    else if (token.type === 'MultiLineComment') newline ||= /[\n\r]/.test(token.value);
    else if (token.type !== 'WhiteSpace' && token.type !== 'SingleLineComment' && token.type !== 'HashbangComment') {
      let value = token.value;
      if (token.type === 'StringLiteral') {
        const decoded = stringValue(value);
        if (decoded !== undefined) value = JSON.stringify(decoded);
      }
      out.push({ type: token.type, value, newlineBefore: newline });
      newline = false;
    }
  }
  return out;
}

function canEnd(token: Significant): boolean {
  if (token.type === 'IdentifierName') return !OPEN_KEYWORDS.has(token.value);
  if (token.type === 'Punctuator') return [')', ']', '}', '++', '--'].includes(token.value);
  return true;
}

/** Whether the statement so far declares a type whose body is members (`interface User {`, `type T = {`). */
function declaresType(out: readonly string[]): boolean {
  for (let i = out.length - 1; i >= 0; i--) {
    const token = out[i] as string;
    if (token === SEPARATOR || token === '{' || token === '}') return false;
    if (token === 'interface' || (token === 'type' && out[i + 2] === '=' && i + 3 === out.length))
      return i === 0 || [SEPARATOR, '{', '}', 'export', 'declare'].includes(out[i - 1] as string);
  }
  return false;
}

/** The tokens of the statement so far (since the last separator or brace). */
function statement(out: readonly string[]): string[] {
  let i = out.length;
  while (i > 0 && ![SEPARATOR, '{', '}'].includes(out[i - 1] as string)) i--;
  return out.slice(i);
}

/** Whether the statement so far is a function or class head, whose body brace may start a new line. */
function declaresBody(out: readonly string[]): boolean {
  const head = statement(out);
  return head.includes('function') || head.includes('class');
}

/** The canonical token text of JavaScript / TypeScript code. */
export function javascriptTokens(code: string): string {
  const tokens = significant(code);
  const out: string[] = [];
  // Open brackets; a `(` that opens an `if (...)` head is marked, so the break after it is no end.
  const stack: { bracket: string; head: boolean; members: boolean; classBody: boolean }[] = [];
  let closedHead = false;
  const separate = () => {
    const last = out[out.length - 1];
    if (last !== undefined && last !== SEPARATOR && last !== '{') out.push(SEPARATOR);
  };
  for (const [i, token] of tokens.entries()) {
    const previous = tokens[i - 1];
    const inParens = stack.length > 0 && stack[stack.length - 1]?.bracket !== '{';
    // A body's brace on a line of its own (`function f(x)\n{`, a method in a class) continues its head.
    const bodyBrace = token.value === '{' && (declaresBody(out) || stack[stack.length - 1]?.classBody === true);
    if (token.newlineBefore && previous && !inParens && !closedHead && !bodyBrace && canEnd(previous) && !CONTINUES.has(token.value))
      separate();
    closedHead = false;
    const v = token.value;
    if (token.type === 'Punctuator' && v === ';' && !inParens) {
      separate();
      continue;
    }
    if (v === ',' && [')', ']', '}'].includes(tokens[i + 1]?.value ?? '')) continue;
    // Members of an interface or object type are separated by `;`, `,` or a line break alike.
    if (v === ',' && stack[stack.length - 1]?.members === true) {
      separate();
      continue;
    }
    // A sole arrow parameter needs no parentheses: `(name) => …` is `name => …`.
    if (
      v === '=>' &&
      out.length >= 3 &&
      out[out.length - 1] === ')' &&
      out[out.length - 3] === '(' &&
      /^[A-Za-z_$][\w$]*$/.test(out[out.length - 2] as string)
    ) {
      out.splice(out.length - 3, 3, out[out.length - 2] as string);
    }
    if (v === '(' || v === '[' || v === '{') {
      stack.push({
        bracket: v,
        head: v === '(' && previous !== undefined && HEAD_KEYWORDS.has(previous.value),
        members: v === '{' && declaresType(out),
        classBody: v === '{' && statement(out).includes('class'),
      });
    }
    if (v === ')' || v === ']' || v === '}') {
      const open = stack.pop();
      closedHead = open?.head === true;
      if (v === '}' && out[out.length - 1] === SEPARATOR) out.pop();
    }
    out.push(v);
  }
  while (out[out.length - 1] === SEPARATOR) out.pop();
  return withoutValueParentheses(out, (next) => next === undefined || next === SEPARATOR || next === '}').join(' ');
}
