/**
 * Parentheses around a whole returned or assigned value change nothing (`return (a + b)` =
 * `return a + b`, `x = (a | b)` = `x = a | b`), in Python and in JavaScript alike; those around a tuple, a comma expression or a generator do
 * (`return (x, y)` is one value, `return (x for x in y)` needs them), and are kept.
 */

const KEEPS_PARENTHESES = /* @__PURE__ */ new Set([',', 'for', 'yield', 'async']);

/** Index of the `)` closing the `(` at `open`, or -1. */
function closing(tokens: readonly string[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === '(' || token === '[' || token === '{') depth++;
    else if ((token === ')' || token === ']' || token === '}') && --depth === 0) return token === ')' ? i : -1;
  }
  return -1;
}

/** Whether a parenthesised group holds, at its own level, a token that makes the parentheses count. */
function needsParentheses(tokens: readonly string[], open: number, close: number): boolean {
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const token = tokens[i] as string;
    if (token === '(' || token === '[' || token === '{') depth++;
    else if (token === ')' || token === ']' || token === '}') depth--;
    else if (depth === 0 && KEEPS_PARENTHESES.has(token)) return true;
  }
  return close === open + 1;
}

/**
 * The tokens without redundant parentheses around returned or assigned values; `ends` says which
 * token ends a statement (so `f = (a) => a` keeps them: `=>` follows).
 */
export function withoutValueParentheses(tokens: readonly string[], ends: (token: string | undefined) => boolean): string[] {
  const out = [...tokens];
  for (let i = 0; i < out.length; i++) {
    if (out[i] !== 'return' && out[i] !== '=') continue;
    for (;;) {
      if (out[i + 1] !== '(') break;
      const close = closing(out, i + 1);
      if (close < 0 || !ends(out[close + 1]) || needsParentheses(out, i + 1, close)) break;
      out.splice(close, 1);
      out.splice(i + 1, 1);
    }
  }
  return out;
}
