/**
 * The shapes of the datasets people have, one record at a time: ours and GSM8K (`question`,
 * `answer`), MMLU (`choices` list, `answer` index or letter), ARC (`choices: {text, label}` and
 * `answerKey`, or `question: {stem, choices}`), MATH (`problem`, `solution` with `\boxed{}`).
 * Multiple-choice records become lettered options graded by letter. A record whose reference
 * states no readable final answer is set apart (`unreadable`), never graded by guesswork.
 */
import { quote } from '../agents/errors';
import { lastBoxed as lastBoxedIn } from '../core/answer/finalAnswer';
import { letterAt, OPTION_LETTERS, readableAnswer } from './reading';

/** The dataset formats `consensus eval` reads. */
export type DatasetFormat = 'question/answer' | 'GSM8K' | 'MMLU' | 'ARC' | 'MATH';

/** The known formats, named for a message that refuses a file. */
export const KNOWN_FORMATS =
  'question/answer ({"question", "answer"}; GSM8K\'s "... #### 72" answers too), ' +
  'MMLU ({"question", "choices": [...], "answer": index or letter}), ' +
  'ARC ({"question", "choices": {"text": [...], "label": [...]}, "answerKey"} or {"question": {"stem", "choices"}, "answerKey"}), ' +
  'MATH ({"problem", "solution" with \\boxed{...}} or {"problem", "answer"}), ' +
  'each as JSON Lines or a JSON array; or CSV with "question" and "answer" columns (and A, B, C, ... columns for options)';

/** One question ready to run. */
export interface RecognisedItem {
  kind: 'item';
  format: DatasetFormat;
  /** The question as the agents get it (with lettered options for a multiple-choice item). */
  question: string;
  /** The reference: the option letter of a multiple-choice item, else the final answer. */
  expected: string;
  /** Option texts in letter order, for a multiple-choice item. */
  choices?: string[];
}

/** What one record turned out to be. */
export type Recognised =
  | RecognisedItem
  /** A record of a known format whose reference states no readable final answer. */
  | { kind: 'unreadable'; format: DatasetFormat; message: string }
  /** A record of a known format with a field missing or wrong. */
  | { kind: 'problem'; message: string }
  /** A record of no known format. */
  | { kind: 'unknown'; message: string };

type Fields = Record<string, unknown>;

/** The reference of a GSM8K-style answer: what follows the last `####`; otherwise the whole answer. */
export function referenceAnswer(answer: string): string {
  const at = answer.lastIndexOf('####');
  return (at >= 0 ? answer.slice(at + 4) : answer).trim();
}

/** Content of the last `\boxed{...}`, braces balanced, as MATH marks its answers (the protocol's own reader). */
export function lastBoxed(text: string): string | undefined {
  return lastBoxedIn(text)?.content.trim();
}

/** The question with its options as lettered lines, and what to answer with. */
export function choiceQuestion(question: string, choices: readonly string[]): string {
  const options = choices.map((choice, index) => `${letterAt(index)}. ${choice.trim()}`).join('\n');
  return `${question.trim()}\n\n${options}\n\nAnswer with the letter of the correct option.`;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function nonEmpty(value: unknown): string | undefined {
  const t = text(value);
  return t !== undefined && t.trim() !== '' ? t : undefined;
}

function short(value: string): string {
  return quote(value, [], 60);
}

/** A multiple-choice item, or why the options cannot be used. */
function choiceItem(format: DatasetFormat, question: string, choices: readonly string[], answerIndex: number): Recognised {
  if (choices.length < 2) return { kind: 'problem', message: `${choices.length} option(s): a multiple-choice question needs at least 2` };
  if (choices.length > OPTION_LETTERS.length)
    return { kind: 'problem', message: `${choices.length} options: at most ${OPTION_LETTERS.length} (A to J) can be lettered` };
  const empty = choices.findIndex((choice) => choice.trim() === '');
  if (empty >= 0) return { kind: 'problem', message: `option ${empty + 1} is empty` };
  return { kind: 'item', format, question: choiceQuestion(question, choices), expected: letterAt(answerIndex), choices: [...choices] };
}

/** ARC: `answerKey` names one of the labels of `choices` (top level, or inside `question`). */
function arc(record: Fields): Recognised {
  const nested = record.question !== null && typeof record.question === 'object' ? (record.question as Fields) : undefined;
  const stem = nonEmpty(nested ? nested.stem : record.question);
  if (stem === undefined)
    return { kind: 'problem', message: nested ? '"question.stem" is missing or empty' : '"question" is missing or empty' };
  const raw = nested?.choices ?? record.choices;
  let options: { text: string; label: string }[] | undefined;
  if (Array.isArray(raw)) {
    const list = raw.map((c: unknown) =>
      c !== null && typeof c === 'object' ? { text: text((c as Fields).text), label: text((c as Fields).label) } : {},
    );
    if (list.every((c) => c.text !== undefined && c.label !== undefined)) options = list as { text: string; label: string }[];
  } else if (raw !== null && typeof raw === 'object') {
    const { text: texts, label: labels } = raw as Fields;
    if (Array.isArray(texts) && Array.isArray(labels) && texts.length === labels.length) {
      const list = texts.map((t: unknown, i) => ({ text: text(t), label: text(labels[i]) }));
      if (list.every((c) => c.text !== undefined && c.label !== undefined)) options = list as { text: string; label: string }[];
    }
  }
  if (options === undefined)
    return {
      kind: 'problem',
      message: '"choices" must be {"text": [...], "label": [...]} of equal length, or a list of {"text", "label"}',
    };
  const key = text(record.answerKey)?.trim() ?? '';
  const index = options.findIndex((option) => option.label.trim() === key);
  if (index < 0)
    return {
      kind: 'problem',
      message: `"answerKey" ${JSON.stringify(record.answerKey ?? null)} is not one of the labels ${options.map((o) => o.label).join(', ')}`,
    };
  return choiceItem(
    'ARC',
    stem,
    options.map((option) => option.text),
    index,
  );
}

/** MMLU: `choices` (or `options`) a list of texts, `answer` a 0-based index or a letter. */
function mmlu(record: Fields): Recognised {
  const question = nonEmpty(record.question);
  if (question === undefined) return { kind: 'problem', message: '"question" is missing or not a non-empty string' };
  const list = (Array.isArray(record.choices) ? record.choices : record.options) as unknown[];
  const choices = list.map(text);
  if (choices.some((c) => c === undefined)) return { kind: 'problem', message: '"choices" must be a list of texts' };
  const texts = choices as string[];
  const answer = record.answer;
  let index: number | undefined;
  if (typeof answer === 'number') {
    if (!Number.isInteger(answer) || answer < 0 || answer >= texts.length) {
      return {
        kind: 'problem',
        message: `"answer" ${answer} is no option: as a number it is the 0-based index of one of the ${texts.length} choices`,
      };
    }
    index = answer;
  } else if (typeof answer === 'string') {
    const letter = /^\s*\(?([A-Za-z])\)?\s*$/.exec(answer)?.[1]?.toUpperCase();
    if (/^\s*\d+\s*$/.test(answer)) {
      // "2" could be an index from 0 or an option number from 1: grading on a guess would misgrade silently.
      return {
        kind: 'problem',
        message: `"answer" "${answer.trim()}" is ambiguous: give the 0-based index as a number (${answer.trim()}) or the letter`,
      };
    }
    if (letter === undefined || OPTION_LETTERS.indexOf(letter) < 0 || OPTION_LETTERS.indexOf(letter) >= texts.length) {
      return {
        kind: 'problem',
        message: `"answer" ${JSON.stringify(answer)} is no option letter of the ${texts.length} choices (A to ${OPTION_LETTERS[Math.min(texts.length, OPTION_LETTERS.length) - 1]})`,
      };
    }
    index = OPTION_LETTERS.indexOf(letter);
  } else {
    return { kind: 'problem', message: '"answer" is missing: the 0-based index of the right choice, or its letter' };
  }
  return choiceItem('MMLU', question, texts, index);
}

/** An open question: readable reference, or set apart. */
function openItem(format: DatasetFormat, question: string, reference: string, source: string): Recognised {
  if (readableAnswer(reference) === undefined) {
    return { kind: 'unreadable', format, message: `the reference ${source} states no readable final answer ("${short(reference)}")` };
  }
  return { kind: 'item', format, question, expected: reference };
}

/** MATH: the answer is the last `\boxed{}` of `solution` (or a plain `answer`, as MATH-500 has). */
function math(record: Fields): Recognised {
  const problem = nonEmpty(record.problem);
  if (problem === undefined) return { kind: 'problem', message: '"problem" is missing or not a non-empty string' };
  const answer = nonEmpty(record.answer);
  if (answer !== undefined) return openItem('MATH', problem, answer.trim(), '"answer"');
  const solution = text(record.solution);
  if (solution === undefined) return { kind: 'problem', message: '"solution" (with the answer in \\boxed{...}) or "answer" is missing' };
  const boxed = lastBoxed(solution);
  if (boxed === undefined || boxed === '')
    return { kind: 'unreadable', format: 'MATH', message: `the "solution" has no \\boxed{...} answer ("${short(solution)}")` };
  return openItem('MATH', problem, boxed, '\\boxed{} answer');
}

/** Ours and GSM8K: `question` and `answer` (a short answer, a number, or a solution ending `#### 72`). */
function questionAnswer(record: Fields): Recognised {
  const question = record.question;
  if (typeof question !== 'string' || question.trim() === '')
    return { kind: 'problem', message: '"question" is missing or not a non-empty string' };
  const answer = text(record.answer);
  if (answer === undefined || referenceAnswer(answer) === '') {
    return { kind: 'problem', message: '"answer" is missing or empty (a string or a number; GSM8K style "... #### 72" is fine)' };
  }
  const format: DatasetFormat = answer.includes('####') ? 'GSM8K' : 'question/answer';
  return openItem(format, question, referenceAnswer(answer), '"answer"');
}

/** Recognises one record (a parsed JSON value, or a CSV row as an object). */
export function recogniseRecord(value: unknown): Recognised {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { kind: 'problem', message: 'not an object; expected { "question": "...", "answer": "..." } or another known format' };
  }
  const record = value as Fields;
  if ('answerKey' in record) return arc(record);
  if (Array.isArray(record.choices) || Array.isArray(record.options)) return mmlu(record);
  if ('problem' in record) return math(record);
  if ('question' in record) return questionAnswer(record);
  const fields = Object.keys(record);
  return {
    kind: 'unknown',
    message: `fields ${fields.length > 0 ? fields.map((f) => JSON.stringify(f)).join(', ') : '(none)'} match no known format`,
  };
}
