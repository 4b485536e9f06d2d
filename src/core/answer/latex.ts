/**
 * Mathematical answers compared as mathematics: the LaTeX models write (`2\sqrt{3}`,
 * `\frac{\sqrt{2}}{2}`, `\sqrt[3]{8}`, `\frac{\pi}{2}`, `x^2 + 1`) is translated into an
 * expression for math.js, which parses and evaluates it. A closed form compares by its value
 * (an exact fraction when it is one, else 12 significant digits: `2\sqrt{3}` = `\sqrt{12}`);
 * an expression in variables compares by its values at fixed points (`2x + 1` = `1 + 2x`).
 * Anything the translation does not know (a function other than roots and `\ln`, `\infty`, subscripts,
 * words) is no mathematics here, and the answer is compared as text instead.
 */
import {
  addDependencies,
  create,
  divideDependencies,
  eDependencies,
  logDependencies,
  multiplyDependencies,
  nthRootDependencies,
  parseDependencies,
  piDependencies,
  powDependencies,
  sqrtDependencies,
  subtractDependencies,
  unaryMinusDependencies,
  unaryPlusDependencies,
  type FactoryFunctionMap,
  type MathJsInstance,
  type MathNode,
} from 'mathjs';
import { decimalRational, formatRational } from './rational';

let math: MathJsInstance | undefined;

/** math.js with only what evaluating these expressions needs, created on first use. */
function mathjs(): MathJsInstance {
  math ??= create(
    {
      parseDependencies,
      addDependencies,
      subtractDependencies,
      multiplyDependencies,
      divideDependencies,
      powDependencies,
      unaryMinusDependencies,
      unaryPlusDependencies,
      sqrtDependencies,
      nthRootDependencies,
      piDependencies,
      eDependencies,
      logDependencies,
    } as FactoryFunctionMap,
    // Real results only: the square root of a negative number is no answer (NaN), not a complex one.
    { predictable: true },
  );
  return math;
}

/** Whether a text holds mathematics worth evaluating (a LaTeX operator, a root, pi, a power). */
export function looksMathematical(text: string): boolean {
  return /\\(?:frac|dfrac|tfrac|sqrt|pi|times|cdot|div|overline|bar|ln)(?![a-zA-Z])|\^|[√π]/.test(text);
}

/** The argument of a `{...}` group at `start` (the index of `{`), with balanced braces. */
function group(text: string, start: number): { inner: string; end: number } | undefined {
  if (text[start] !== '{') return undefined;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return { inner: text.slice(start + 1, i), end: i + 1 };
  }
  return undefined;
}

/** One argument of a command: a `{group}` or a single character (`\frac12`, `\sqrt3`). */
function argument(text: string, at: number): { inner: string; end: number } | undefined {
  let i = at;
  while (text[i] === ' ') i++;
  if (text[i] === '{') return group(text, i);
  const c = text[i];
  return c !== undefined && /[0-9a-z]/i.test(c) ? { inner: c, end: i + 1 } : undefined;
}

/** LaTeX → a math.js expression, or undefined for anything outside the small grammar above. */
export function latexToExpression(latex: string): string | undefined {
  let out = '';
  let i = 0;
  const s = latex;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '\\') {
      const name = /^\\([a-zA-Z]+|.)/.exec(s.slice(i))?.[1] ?? '';
      i += name.length + 1;
      if (name === 'frac' || name === 'dfrac' || name === 'tfrac') {
        const top = argument(s, i);
        const bottom = top && argument(s, top.end);
        if (!top || !bottom) return undefined;
        const a = latexToExpression(top.inner);
        const b = latexToExpression(bottom.inner);
        if (a === undefined || b === undefined) return undefined;
        out += `((${a})/(${b}))`;
        i = bottom.end;
      } else if (name === 'sqrt') {
        let degree: string | undefined;
        if (s[i] === '[') {
          const close = s.indexOf(']', i);
          if (close < 0) return undefined;
          degree = latexToExpression(s.slice(i + 1, close));
          if (degree === undefined) return undefined;
          i = close + 1;
        }
        const body = argument(s, i);
        const inner = body && latexToExpression(body.inner);
        if (!body || inner === undefined) return undefined;
        out += degree !== undefined ? ` nthRoot((${inner}),(${degree}))` : ` sqrt(${inner})`;
        i = body.end;
      } else if (name === 'ln') {
        // The natural logarithm of a group, a parenthesis, a number or one letter (`\ln 9`, `\ln(x)`).
        // `\log` is left out: its base (10 or e) depends on the writer.
        while (s[i] === ' ') i++;
        const digits = /^\d+(?:\.\d+)?/.exec(s.slice(i))?.[0];
        if (s[i] === '(') out += ' log';
        else if (digits !== undefined) {
          out += ` log(${digits})`;
          i += digits.length;
        } else {
          const body = argument(s, i);
          const inner = body && latexToExpression(body.inner);
          if (!body || inner === undefined) return undefined;
          out += ` log(${inner})`;
          i = body.end;
        }
      } else if (name === 'pi') out += ' pi ';
      else if (name === 'times' || name === 'cdot') out += '*';
      else if (name === 'div') out += '/';
      else if (
        name === 'left' ||
        name === 'right' ||
        name === ',' ||
        name === ';' ||
        name === '!' ||
        name === ' ' ||
        name === 'displaystyle'
      )
        out += ' ';
      else return undefined;
    } else if (c === '{') {
      const g = group(s, i);
      const inner = g && latexToExpression(g.inner);
      if (!g || inner === undefined) return undefined;
      out += `(${inner})`;
      i = g.end;
    } else if (/[0-9.+\-*/^() ]/.test(c)) {
      out += c;
      i++;
    } else if (/[a-z]/i.test(c)) {
      // Single-letter variables only: `xy` in LaTeX is x times y, and words are no mathematics.
      if (/[a-z]/i.test(s[i + 1] ?? '')) return undefined;
      out += ` ${c} `;
      i++;
    } else {
      return undefined;
    }
  }
  return out;
}

/** Unicode and LaTeX spellings that the translation reads in one form. */
function prepare(text: string): string {
  return (
    text
      .replace(/[\u2212\u2013]/g, '-')
      .replace(/π/g, '\\pi ')
      .replace(/×/g, '\\times ')
      .replace(/·/g, '\\cdot ')
      .replace(/√\s*(\d+(?:\.\d+)?|[a-z])/gi, '\\sqrt{$1}')
      .replace(/√\s*\(/g, '\\sqrt(')
      // Repeating decimals become exact fractions before anything else reads them.
      .replace(/(\d*)\.(\d*)\\(?:overline|bar)\{(\d+)\}/g, (whole, int: string, fraction: string, repeating: string) => {
        const value = decimalRational(`${int}.${fraction}`, repeating);
        return value ? `\\frac{${value.n}}{${value.d}}` : whole;
      })
      .replace(/\\sqrt\(([^()]*)\)/g, '\\sqrt{$1}')
  );
}

/** Only numbers, single-letter variables, pi, e, arithmetic, roots and natural logarithms. */
function allowed(node: MathNode): boolean {
  let ok = true;
  node.traverse((n: MathNode) => {
    const t = n.type;
    if (t === 'FunctionNode') {
      const name = (n as unknown as { fn: { name?: string } }).fn.name;
      if (name !== 'sqrt' && name !== 'nthRoot' && name !== 'log') ok = false;
    } else if (t === 'SymbolNode') {
      const name = (n as unknown as { name: string }).name;
      if (!(name.length === 1 || name === 'pi' || name === 'sqrt' || name === 'nthRoot' || name === 'log')) ok = false;
    } else if (!['ConstantNode', 'OperatorNode', 'ParenthesisNode'].includes(t)) ok = false;
  });
  return ok;
}

/** A value as an exact fraction when it is one with a small denominator, else 12 significant digits. */
function valueKey(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  // Continued fractions: a closed form that equals p/q (q up to 10^4) to 1e-12 is that fraction.
  let [h0, h1, k0, k1] = [0, 1, 1, 0];
  let x = value;
  for (let step = 0; step < 20; step++) {
    const a = Math.floor(x);
    [h0, h1] = [h1, a * h1 + h0];
    [k0, k1] = [k1, a * k1 + k0];
    if (k1 > 1e4) break;
    if (Math.abs(value - h1 / k1) <= 1e-12 * Math.max(1, Math.abs(value))) {
      return `#${formatRational({ n: BigInt(h1), d: BigInt(k1) })}`;
    }
    const rest = x - a;
    if (rest === 0) break;
    x = 1 / rest;
  }
  return `≈${Number(value.toPrecision(12))}`;
}

// Points at which expressions in variables are compared: irrational-looking, so that two
// different polynomials agreeing at all of them is practically impossible.
const POINTS = [
  [0.5772156649, 1.4142135623, 2.7182818284],
  [1.6180339887, 0.6931471805, 3.1415926535],
  [-1.2020569031, 2.2360679774, 0.9159655941],
];

const cache = /* @__PURE__ */ new Map<string, string | undefined>();
const CACHE_LIMIT = 500;

/**
 * The comparison key of a mathematical answer: `#p/q` or `#n` for an exact value, `≈v` for
 * another closed form, `f(x,y):...` for an expression in variables; undefined when the text is
 * not mathematics this reader can evaluate.
 */
export function mathKey(text: string): string | undefined {
  if (cache.has(text)) return cache.get(text);
  const key = computeKey(text);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, key);
  return key;
}

function computeKey(text: string): string | undefined {
  const expression = latexToExpression(prepare(text));
  if (expression === undefined || expression.trim() === '') return undefined;
  let node: MathNode;
  try {
    node = mathjs().parse(expression);
  } catch {
    return undefined;
  }
  if (!allowed(node)) return undefined;
  const variables = [
    ...new Set(node.filter((n: MathNode) => n.type === 'SymbolNode').map((n: MathNode) => (n as unknown as { name: string }).name)),
  ]
    .filter((name) => name !== 'pi' && name !== 'e' && name !== 'sqrt' && name !== 'nthRoot' && name !== 'log')
    .sort();
  const compiled = node.compile();
  try {
    if (variables.length === 0) return valueKey(Number(compiled.evaluate({})));
    if (variables.length > 3) return undefined;
    const values = POINTS.map((point) => {
      const scope = Object.fromEntries(variables.map((name, index) => [name, point[index] as number]));
      const value = Number(compiled.evaluate(scope));
      return Number.isFinite(value) ? Number(value.toPrecision(12)) : undefined;
    });
    if (values.some((v) => v === undefined)) return undefined;
    return `f(${variables.join(',')}):${values.join(',')}`;
  } catch {
    return undefined;
  }
}
