/**
 * A reply with no explicit final answer may still end by stating one value; these are the
 * classes of such endings, each a rule over the plain text of the reply's prose:
 * - a reply that opens with a verdict: "Yes, …", "No, 91 is not prime because …", "True."
 * - a last sentence saying a statement is true or false: "The statement is true."
 * - a last sentence naming the correct option: "The correct option is C.", "B is correct."
 * - a last sentence that states one number, concluding ("So she has 5 apples left.",
 *   "Therefore …"), totalling ("… a total of **72** clips"), or in bold, or the reply's only
 *   sentence.
 * A sentence that hedges or negates ("probably", "not") or holds more than one number states
 * no single value, and then nothing is read: two such replies compare as whole texts.
 */
import { isNumberWord } from './numberWords';
import type { TextBlock } from './markdownText';

const VERDICT = /^(yes|no|true|false)(?:\s*[,.!;:\u2014\u2013-]|$)/i;
// "may" only in lower case: "May" is also a month.
const HEDGE_OR_NEGATION = /\b(?:probably|maybe|perhaps|likely|might|could|approximately|roughly|about|around|nearly|almost|not|never|no longer|if|unless|assuming|estimated?)\b|n't\b/i;
const MAY = /\bmay\b/;
const TRUTH = /\b(?:is|are|was|were)\s+(true|false)$/i;
const OPTION = /^(?:(?:so|thus|therefore|hence)\b,?\s+)?(?:the\s+)?(?:option|choice|answer)?\s*\(?([A-J])\)?\s+is\s+(?:the\s+)?(?:correct|right)(?:\s+(?:answer|option|choice))?$/i;
const CONCLUDING_START = /^(?:so|thus|therefore|hence|overall|altogether|finally|in total|in all|in the end|in conclusion|that means|this means|this gives|which means|the total is)\b/i;
const TOTALLING = /\b(?:a total of|in total|altogether|in all|combined)\b/i;
// A number as written: digits (grouped, decimal, with currency or percent), or a run of number words.
const DIGIT_NUMBER = /[$€£¥₹]?\d(?:[\d,]*\d)?(?:\.\d+)?%?/g;

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=\S)/)
    .map((s) => s.trim().replace(/[.!?…]+$/, '').trim())
    .filter((s) => s !== '');
}

/** Every number mentioned in a sentence, with where it starts and its text. */
function numbersIn(sentence: string): { text: string; index: number }[] {
  const found: { text: string; index: number }[] = [];
  for (const m of sentence.matchAll(DIGIT_NUMBER)) found.push({ text: m[0], index: m.index });
  // Runs of number words ("twenty-one", "one hundred and five") count once.
  const words = [...sentence.matchAll(/[A-Za-z]+(?:-[A-Za-z]+)*/g)];
  let run: { start: number; end: number } | undefined;
  const flush = () => {
    if (run) found.push({ text: sentence.slice(run.start, run.end), index: run.start });
    run = undefined;
  };
  for (const w of words) {
    const parts = w[0].split('-');
    if (parts.every((part) => isNumberWord(part))) {
      if (run) run.end = w.index + w[0].length;
      else run = { start: w.index, end: w.index + w[0].length };
    } else if (!(run && w[0].toLowerCase() === 'and')) flush();
  }
  flush();
  return found.sort((a, b) => a.index - b.index);
}

/** The number and up to three words after it ("5 apples left", "120 km"). */
function numberWithUnit(sentence: string, number: { text: string; index: number }): string {
  const after = sentence.slice(number.index + number.text.length);
  const words = (/^[^,;:()]*/.exec(after)?.[0] ?? '').trim().split(/\s+/).filter((w) => w !== '').slice(0, 3);
  return [number.text, ...words].join(' ').replace(/[*_]+/g, '').trim();
}

/** The value a reply's prose concludes with, if it states exactly one (see the classes above). */
export function concludingValue(blocks: readonly TextBlock[]): string | undefined {
  const prose = blocks.filter((block) => block.kind !== 'heading' && block.kind !== 'table');
  const first = prose[0]?.lines[0];
  if (first === undefined) return undefined;
  const verdict = VERDICT.exec(first);
  if (verdict) return verdict[1] as string;

  const last = prose[prose.length - 1] as TextBlock;
  const all = prose.flatMap((block) => sentences(block.lines.join(' ')));
  const sentence = sentences(last.lines.join(' ')).pop();
  if (sentence === undefined || HEDGE_OR_NEGATION.test(sentence) || MAY.test(sentence)) return undefined;
  const truth = TRUTH.exec(sentence);
  if (truth) return (truth[1] as string).toLowerCase();
  const option = OPTION.exec(sentence);
  if (option) return (option[1] as string).toUpperCase();

  const numbers = numbersIn(sentence);
  if (numbers.length !== 1) return undefined;
  const number = numbers[0] as { text: string; index: number };
  const bold = last.strong.some((span) => span === number.text);
  const concludes = CONCLUDING_START.test(sentence) || TOTALLING.test(sentence) || bold || all.length === 1;
  return concludes ? numberWithUnit(sentence, number) : undefined;
}
