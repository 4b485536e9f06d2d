/**
 * A reply with no explicit final answer may still end by stating one value; these are the
 * classes of such endings, each a rule over the plain text of the reply's prose:
 * - an answer given up front or as a closing verdict (`opening.ts`);
 * - a last sentence saying a statement is true or false: "The statement is true."
 * - a last sentence naming the option chosen: "The correct option is C.", "B is correct.",
 *   "so I'd pick B", "I'd go with option **B**, since …";
 * - a last sentence with one number in bold ("9 × $2 = **$18** every day", "**Eighteen students.**");
 * - a concluding "… is V" where V is one number or mathematical value, or wholly bold
 *   ("so the probability is 0.5", "which is $5$ units", "The capital of France is **Paris**.");
 * - a last sentence that states one number, concluding ("So she has 5 apples left.",
 *   "Therefore …"), totalling ("… a total of 72 clips"), or the reply's only sentence; what is
 *   counted ends at a preposition ("$10 for babysitting" is $10).
 * A sentence that hedges or negates ("probably", "not") or holds more than one number states
 * no single value, and then nothing is read: two such replies compare as whole texts.
 */
import { canonicalAnswer } from './canonical';
import { isNumberWord } from './numberWords';
import { readNumber } from './numbers';
import { openingAnswer } from './opening';
import type { TextBlock } from './markdownText';

// "may" only in lower case: "May" is also a month.
const HEDGE_OR_NEGATION = /\b(?:probably|maybe|perhaps|likely|might|could|approximately|roughly|about|around|nearly|almost|not|never|no longer|if|unless|assuming|estimated?)\b|n't\b/i;
const MAY = /\bmay\b/;
const TRUTH = /\b(?:is|are|was|were)\s+(true|false)$/i;
const OPTION = /^(?:(?:so|thus|therefore|hence)\b,?\s+)?(?:the\s+)?(?:option|choice|answer)?\s*\(?([A-J])\)?\s+is\s+(?:the\s+)?(?:correct|right)(?:\s+(?:answer|option|choice))?$/i;
const CONCLUDING_START = /^(?:so|thus|therefore|hence|overall|altogether|finally|in total|in all|in the end|in conclusion|that means|this means|this gives|which means|the total is)\b/i;
// A first-person choice closing the reply: "so I'd pick B", "I'd go with option **B**, since …".
const CHOSEN = /\b(?:i'?d|i would|i will|i'll|we'?d|i)\s+(?:pick|choose|go with|select|answer)\s+(?:option\s+|choice\s+)?\(?([A-J])\)?(?=\s*$|\s*[,;]|\s+(?:since|because|as)\b)/i;
const CONCLUDING_WORD = /\b(?:so|thus|therefore|hence)\b/i;
// The last copula of a sentence and what it states: "… so the probability is 0.5".
const COPULA = /^.*\b(?:is|are|was|were|equals|comes to)\s+(.+)$/i;
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

const NOT_UNIT = /^(?:for|at|on|to|from|by|with|every|each|into|than|that|which|who|when|while|after|before|because|since|is|are|was|were|a|an)$/i;

/** The number and up to three words after it ("5 apples left", "120 km"). */
function numberWithUnit(sentence: string, number: { text: string; index: number }): string {
  const after = sentence.slice(number.index + number.text.length);
  const words: string[] = [];
  for (const word of (/^[^,;:()]*/.exec(after)?.[0] ?? '').trim().split(/\s+/).filter((w) => w !== '').slice(0, 3)) {
    // What is counted ends where a preposition or clause begins ("$10 for babysitting", "9 eggs left to sell").
    if (NOT_UNIT.test(word)) break;
    words.push(word);
  }
  return [number.text, ...words].join(' ').replace(/[*_]+/g, '').trim();
}

/** Inline maths in a stated value without its dollars (`$5$ units` → `5 units`); money stays. */
function withoutMathDollars(value: string): string {
  return value.replace(/\$(?![\s$])((?:[^$\\]|\\.)+?)(?<!\s)\$(?!\d)/g, '$1').trim();
}

/**
 * "… is V" ending a concluding sentence ("so the probability is 0.5", "which is $5$ units",
 * "The value is $0.\overline{3}$", "The capital of France is **Paris**"): V when it reads as one
 * number or one mathematical value, or when it is wholly in bold.
 */
function statedAfterCopula(sentence: string, strong: readonly string[], concludes: boolean): string | undefined {
  const match = COPULA.exec(sentence);
  if (!match || !(concludes || /\bwhich\s+is\b/i.test(sentence))) return undefined;
  const value = withoutMathDollars((match[1] as string).replace(/[*_]{2}/g, '').trim());
  if (value === '') return undefined;
  if (strong.includes(value)) return value;
  const key = canonicalAnswer(value).key;
  return /^[#≈]|^f\(/.test(key) ? value : undefined;
}

/** The one bold span of the sentence that reads as a number ("9 × $2 = **$18** every day"). */
function boldNumber(sentence: string, strong: readonly string[]): string | undefined {
  const spans = strong.map((span) => span.replace(/[.!]+$/, '').trim());
  const numeric = spans.filter((span) => span !== '' && sentence.includes(span) && readNumber(span) !== undefined);
  return numeric.length === 1 ? numeric[0] : undefined;
}

/** The value a reply's prose concludes with, if it states exactly one (see the classes above). */
export function concludingValue(blocks: readonly TextBlock[]): string | undefined {
  const prose = blocks.filter((block) => block.kind !== 'heading' && block.kind !== 'table');
  if (prose.length === 0) return undefined;
  const opening = openingAnswer(prose);
  if (opening !== undefined) return opening;

  const last = prose[prose.length - 1] as TextBlock;
  const all = prose.flatMap((block) => sentences(block.lines.join(' ')));
  const written = sentences(last.lines.join(' ')).pop();
  const sentence = written === undefined ? undefined : withoutMathDollars(written);
  if (sentence === undefined || HEDGE_OR_NEGATION.test(sentence) || MAY.test(sentence)) return undefined;
  const truth = TRUTH.exec(sentence);
  if (truth) return (truth[1] as string).toLowerCase();
  const option = OPTION.exec(sentence) ?? CHOSEN.exec(sentence);
  if (option) return (option[1] as string).toUpperCase();
  const bold = boldNumber(sentence, last.strong);
  // A bare bold number takes the words after it as what it counts ("**72** clips").
  if (bold !== undefined) return readNumber(bold)?.unit === '' ? numberWithUnit(sentence, { text: bold, index: sentence.indexOf(bold) }) : bold;
  const concludes = CONCLUDING_START.test(sentence) || CONCLUDING_WORD.test(sentence) || all.length === 1;
  const stated = statedAfterCopula(sentence, last.strong, concludes);
  if (stated !== undefined) return stated;

  const numbers = numbersIn(sentence);
  if (numbers.length !== 1) return undefined;
  const number = numbers[0] as { text: string; index: number };
  return concludes || TOTALLING.test(sentence) ? numberWithUnit(sentence, number) : undefined;
}
