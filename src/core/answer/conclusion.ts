/**
 * A reply with no explicit final answer may still end by stating one value; these are the
 * classes of such endings, each a rule over the plain text of the reply's prose:
 * - an answer given up front or as a closing verdict (`opening.ts`), unless a "yes" up front is
 *   a concession that a negated conclusion takes back ("Yes, it looks prime. … so it is not prime.");
 * - a last sentence saying a statement is true or false: "The statement is true."
 * - a last sentence naming the option chosen: "The correct option is C.", "B is correct.",
 *   "so I'd pick B", "I'd go with option **B**, since …", "…, which is option B.";
 * - one option alone in bold as a paragraph of its own (`**C) Paris**`), before any explanation;
 * - a last sentence with one number in bold ("9 × $2 = **$18** every day", "**Eighteen students.**");
 * - a concluding "… is V" where V is one number or mathematical value, or wholly bold
 *   ("so the probability is 0.5", "which is $5$ units", "The capital of France is **Paris**.");
 * - a last sentence that states one number, concluding ("So she has 5 apples left.",
 *   "Therefore …"), wholly in bold, totalling ("… a total of 72 clips", "twelve pencils
 *   altogether"), or the reply's only sentence; what is counted ends at a preposition ("$10 for
 *   babysitting" is $10); an approximate value ("about 8 × 10^9 people") states that value;
 * - a reply ending on an equation, or restating the result its working arrives at (`working.ts`);
 * - a one-sentence reply framing a short answer in words (`frame.ts`);
 * - an answer stated up front: a bare first paragraph, or "The X is **V** — …" (`opening.ts`).
 * A sentence that hedges or negates ("probably", "not") or holds more than one number states
 * no single value, and then nothing is read: two such replies compare as whole texts.
 */
import { canonicalAnswer, optionLetter, unwrap, withoutMathDollars } from './canonical';
import { framedValue } from './frame';
import { takesBackYes } from './sentence';
import { numbersIn, numberWithUnit, mentionValue, type Mention } from './mentions';
import { leadingStatement, openingAnswer } from './opening';
import { equationValue, isValueKey, restatedResult, workingResult } from './working';
import type { TextBlock } from './markdownText';

// "may" only in lower case: "May" is also a month. An approximate value ("about 42") is stated.
const HEDGE_OR_NEGATION =
  /\b(?:probably|maybe|perhaps|likely|might|could|nearly|almost|not|never|no longer|if|unless|assuming|estimated?)\b|n't\b/i;
const MAY = /\bmay\b/;
// A parenthesis opening on a word ("(Multiply …)", "(Note: …)"), never maths such as `(x + 1)(x - 1)`.
const ASIDE = /^\(\s*[A-Z][a-z]+\b[\s\S]*\)[.!]?$/;
const TRUTH = /\b(?:is|are|was|were)\s+(true|false)$/i;
// Also after a clause: "Since all of them fly, option (D) is correct."
const OPTION =
  /^(?:(?:so|thus|therefore|hence)\b,?\s+|[^;]*,\s+)?(?:the\s+)?(?:option|choice|answer)?\s*\(?([A-J])\)?\s+is\s+(?:the\s+)?(?:correct|right)(?:\s+(?:answer|option|choice))?$/i;
const CONCLUDING_START =
  /^(?:so|thus|therefore|hence|overall|altogether|finally|in total|in all|in the end|in conclusion|that means|this means|this gives|which means|the total is)\b/i;
// A first-person choice closing the reply: "so I'd pick B", "I'd go with option **B**, since …".
const CHOSEN =
  /\b(?:i'?d|i would|i will|i'll|we'?d|i)\s+(?:pick|choose|go with|select|answer)\s+(?:option\s+|choice\s+)?\(?([A-J])\)?(?=\s*$|\s*[,;]|\s+(?:since|because|as)\b)/i;
// The option a sentence ends by naming: "…, which is option B", "that is choice (c)".
const NAMED_OPTION = /\b(?:is|are|gives|matches)\s+(?:the\s+)?(?:option|choice)\s+\(?([A-J])\)?$/i;
const CONCLUDING_WORD = /\b(?:so|thus|therefore|hence)\b/i;
// The last copula of a sentence and what it states: "… so the probability is 0.5".
const COPULA = /^.*\b(?:is|are|was|were|equals|comes to)\s+(.+)$/i;
const TOTALLING = /\b(?:a total of|in total|altogether|in all|combined)\b/i;
// A count closed by a totalling word: "… gives Tom twelve pencils altogether".
const TOTALLED_AFTER = /^\s*(?:[A-Za-z]+\s+){0,3}?(?:altogether|in total|in all|combined)\s*$/i;
const TOTAL_BEFORE = /\b(?:a total of|total of|in total|altogether)\s*$/i;

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=\S)/)
    .map((s) =>
      s
        .trim()
        .replace(/[.!?…]+$/, '')
        .trim(),
    )
    .filter((s) => s !== '');
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
  return isValueKey(canonicalAnswer(value).key) ? value : undefined;
}

/** The one bold span of the sentence that reads as a number ("9 × $2 = **$18** every day", "**−4 °C**"). */
function boldNumber(sentence: string, strong: readonly string[]): string | undefined {
  const spans = strong.map((span) => span.replace(/[.!]+$/, '').trim());
  const numeric = spans.filter((span) => span !== '' && sentence.includes(span) && mentionValue(span) !== undefined);
  return numeric.length === 1 ? numeric[0] : undefined;
}

/** The number a totalling word closes or follows ("twelve pencils altogether", "a total of 72 clips"). */
function totalled(sentence: string, numbers: readonly Mention[]): Mention | undefined {
  const found = numbers.filter(
    (number) =>
      TOTALLED_AFTER.test(sentence.slice(number.index + number.text.length)) || TOTAL_BEFORE.test(sentence.slice(0, number.index)),
  );
  return found.length === 1 ? found[0] : undefined;
}

/**
 * The one value a sentence states, if it states one: a verdict on a statement, an option, a
 * bold number, "… is V", or its one number when it concludes or totals (see the classes above).
 */
function valueInSentence(sentence: string, strong: readonly string[], concludes: boolean): string | undefined {
  const truth = TRUTH.exec(sentence);
  if (truth) return (truth[1] as string).toLowerCase();
  const option = OPTION.exec(sentence) ?? CHOSEN.exec(sentence) ?? NAMED_OPTION.exec(sentence);
  if (option) return (option[1] as string).toUpperCase();
  const bold = boldNumber(sentence, strong);
  // A bare bold number takes the words after it as what it counts ("**72** clips").
  if (bold !== undefined)
    return mentionValue(bold)?.unit === '' ? numberWithUnit(sentence, { text: bold, index: sentence.indexOf(bold) }) : bold;
  const stated = statedAfterCopula(sentence, strong, concludes);
  if (stated !== undefined) return stated;
  const mentioned = numbersIn(sentence);
  // Beside numbers in digits, "one" is an article ("so one mole of water contains 6.02e23 molecules").
  const numbers = mentioned.some((m) => /\d/.test(m.text)) ? mentioned.filter((m) => m.text.toLowerCase() !== 'one') : mentioned;
  const total = totalled(sentence, numbers);
  if (total !== undefined) return numberWithUnit(sentence, total);
  if (numbers.length !== 1) return undefined;
  return concludes || TOTALLING.test(sentence) ? numberWithUnit(sentence, numbers[0] as Mention) : undefined;
}

/**
 * The value a statement under an answer marker or heading states when it is a sentence
 * ("**Answer:** Weng earned **$10**.", "### Final Answer\nThere are **16 girls** in the class."),
 * or undefined when it states none or is no sentence.
 */
export function statedInSentence(content: string, strong: readonly string[]): string | undefined {
  const sentence = withoutMathDollars(content.replace(/[.!]+$/, '').trim());
  if (HEDGE_OR_NEGATION.test(sentence) || MAY.test(sentence)) return undefined;
  return valueInSentence(sentence, strong, true) ?? framedValue(sentence, strong);
}

/** A paragraph that is one option alone in bold (`**C) Paris**`), when the reply has exactly one. */
function boldOption(prose: readonly TextBlock[]): string | undefined {
  const letters = prose
    .filter((block) => block.kind === 'paragraph' && block.lines.length === 1 && block.strong.length === 1)
    .filter((block) => (block.strong[0] as string) === (block.lines[0] as string).replace(/[.!]$/, '').trim())
    .map((block) => optionLetter(block.lines[0] as string))
    .filter((letter): letter is string => letter !== undefined);
  return new Set(letters).size === 1 ? letters[0] : undefined;
}

/** The value a reply's prose concludes with, if it states exactly one (see the classes above). */
export function concludingValue(blocks: readonly TextBlock[]): string | undefined {
  const prose = blocks.filter((block) => block.kind !== 'heading' && block.kind !== 'table');
  // A closing aside in parentheses ("(Multiply top and bottom by √2.)") concludes nothing.
  while (prose.length > 1 && ASIDE.test((prose[prose.length - 1] as TextBlock).lines.join(' '))) prose.pop();
  if (prose.length === 0) return undefined;
  const last = prose[prose.length - 1] as TextBlock;
  const all = prose.flatMap((block) => sentences(block.lines.join(' ')));
  const written = sentences(last.lines.join(' ')).pop();
  const opening = openingAnswer(prose);
  // "Yes, it looks prime. … so it is not prime": a "yes" conceded up front and a negated conclusion state no verdict.
  if (opening?.toLowerCase() === 'yes' && takesBackYes(all.join('. '))) return undefined;
  if (opening !== undefined) return opening;

  const sentence = written === undefined ? undefined : withoutMathDollars(written);
  if (sentence === undefined) return undefined;
  const hedged = HEDGE_OR_NEGATION.test(sentence) || MAY.test(sentence);
  const named = hedged ? undefined : (OPTION.exec(sentence) ?? CHOSEN.exec(sentence) ?? NAMED_OPTION.exec(sentence));
  if (named) return (named[1] as string).toUpperCase();
  const option = boldOption(prose);
  if (option !== undefined) return option;
  if (hedged) return undefined;

  // A one-sentence reply naming its answer in bold where its frame puts it: "… was written by **Jane Austen** in 1813".
  const framedBold = all.length === 1 ? framedValue(sentence, last.strong) : undefined;
  if (framedBold !== undefined && last.strong.includes(framedBold)) return framedBold;
  const emphasised = last.strong.some((span) => unwrap(span) === unwrap(written as string));
  const concludes = CONCLUDING_START.test(sentence) || CONCLUDING_WORD.test(sentence) || all.length === 1 || emphasised;
  const value = valueInSentence(sentence, last.strong, concludes);
  if (value !== undefined) return value;

  const lastLine = last.lines[last.lines.length - 1] as string;
  const equation = equationValue(lastLine);
  if (equation !== undefined) return equation;
  const result = workingResult(prose.flatMap((block) => block.lines));
  const restated = result === undefined ? undefined : restatedResult(sentence, result);
  if (restated !== undefined) return restated;
  if (all.length === 1) {
    const framed = framedValue(sentence, last.strong);
    if (framed !== undefined) return framed;
  }
  return leadingStatement(prose);
}
