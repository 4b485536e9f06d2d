/**
 * The value a reply's working arrives at, and a reply that ends on it. Two classes of endings:
 * - the reply ends on an equation, its last line (or display) being one chain of equalities
 *   arriving at one value: `x = 4`, `G = 6.674e-11 N·m²/kg²`, `$$\int x^2\,dx = \frac{x^3}{3} + C$$`;
 * - the last sentence restates the result of the last computation in the working
 *   ("… = 156" and then "The orchard shipped 156 apples.").
 */
import { canonicalAnswer, unwrap } from './canonical';
import { lastMember } from './equation';
import { mentionValue, numbersIn, numberWithUnit } from './mentions';

/** Whether a canonical key is one value (a number, a closed form, an expression in variables). */
export function isValueKey(key: string): boolean {
  return /^[#≈]|^f\(/.test(key);
}

/** The last member of a line that is one equation arriving at one value, if it is one. */
export function equationValue(line: string): string | undefined {
  const text = unwrap(line.replace(/^\$\$|\$\$$/g, '').replace(/^\\\[|\\\]$/g, ''));
  const member = lastMember(text);
  if (member === undefined || member === '') return undefined;
  return isValueKey(canonicalAnswer(member).key) ? member : undefined;
}

/**
 * The canonical key of the value right after the last `=` or `≈` of the working (`= 156`,
 * `≈ 3.98e-19 J`, `= $5`), or undefined when what follows is no single value (`= √3/2` is one,
 * its `3` is not).
 */
export function workingResult(lines: readonly string[]): string | undefined {
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index] as string;
    const at = Math.max(line.lastIndexOf('='), line.lastIndexOf('≈'), line.lastIndexOf('\\approx'));
    if (at < 0) continue;
    const after = unwrap(
      line
        .slice(at)
        .replace(/^(?:=|≈|\\approx)/, '')
        .replace(/\\boxed\{/g, ''),
    );
    const whole = canonicalAnswer(after.split(/[,;(]|\.(?:\s|$)/)[0] as string).key;
    if (isValueKey(whole)) return whole;
    const first = numbersIn(after)[0];
    if (first === undefined || first.index > 4 || /^\s*[-+*/×÷^√]/.test(after.slice(first.index + first.text.length))) return undefined;
    const value = mentionValue(first.text)?.value;
    return value === undefined ? undefined : `#${value}`;
  }
  return undefined;
}

/**
 * The number a closing sentence states when it restates the working's result (a canonical key):
 * its last mention of that value, with what it counts; nothing when a further number follows it.
 */
export function restatedResult(sentence: string, result: string): string | undefined {
  const mentions = numbersIn(sentence);
  for (let index = mentions.length - 1; index >= 0; index--) {
    const mention = mentions[index] as { text: string; index: number };
    const value = mentionValue(mention.text)?.value;
    if (value === undefined || `#${value}` !== result) continue;
    const later = mentions.slice(index + 1).some((m) => /\d/.test(m.text));
    return later ? undefined : numberWithUnit(sentence, mention);
  }
  return undefined;
}
