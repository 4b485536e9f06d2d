/**
 * How the evaluator reads an answer: through the protocol's own answer reader (src/core), so an
 * answer is graded the way the protocol forms options. This file is the one place the evaluator
 * depends on that reader's shape.
 */
import { defaultEquivalent, prepareAnswer } from '../core/answers';
import { optionLetter } from '../core/answer/canonical';

/**
 * The final answer a text states, in the reader's canonical form, or undefined when it states
 * none that can be read (long free text with no `Final answer:` and no concluding value, code).
 */
export function readableAnswer(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  const key = prepareAnswer(text).key;
  return key === undefined || key.trim() === '' ? undefined : key;
}

/** The letters of the options, in order: A, B, ... (the reader knows A to J). */
export const OPTION_LETTERS = 'ABCDEFGHIJ';

/** The letter of option `index` (0-based). */
export function letterAt(index: number): string {
  const letter = OPTION_LETTERS[index];
  if (letter === undefined) throw new RangeError(`option ${index + 1} has no letter: at most ${OPTION_LETTERS.length} options`);
  return letter;
}

/**
 * The option an answer picks, as a letter: the letter it states (`Final answer: (C)`, `C. Paris`),
 * else the one option whose text it states (`Final answer: Paris`); undefined when it states no
 * readable answer or a text that is no single option. A letter beyond the options is still
 * returned (it is a readable, wrong answer).
 */
export function choiceOf(text: string, choices: readonly string[]): string | undefined {
  const key = readableAnswer(text);
  if (key === undefined) return undefined;
  const letter = optionLetter(key);
  if (letter !== undefined) return letter;
  const matching = choices.flatMap((choice, index) => (defaultEquivalent(text, choice) ? [letterAt(index)] : []));
  return matching.length === 1 ? matching[0] : undefined;
}
