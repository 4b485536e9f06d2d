/**
 * The numbers a sentence mentions, each as one quantity the way models write it: digits with
 * grouping, currency and percent, scientific notation (`6.02 × 10^23`, `9.11e-31`, `3 × 10⁸`), a
 * scale word (`8 billion`), a quantity in two units of one dimension (`4 hours and 30 minutes`),
 * and runs of number words ("twenty-one"); with what each counts (the words after it). A decade
 * ("the 1990s") is no number.
 */
import { unwrap } from './canonical';
import { compoundQuantity } from './conversion';
import { isNumberWord } from './numberWords';
import { readNumber, type NumberReading } from './numbers';

/** A number as written in a sentence: its text and where it starts. */
export interface Mention {
  text: string;
  index: number;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺';
const DIGITS = String.raw`\d(?:[\d,]*\d)?(?:\.\d+)?`;
// The power of ten after a mantissa, in the spellings models use.
const POWER = String.raw`(?:\s*(?:×|x|\*|\\times|\\cdot|·)\s*10(?:\s*\^\s*\{?\s*\(?[-+−]?\d+\)?\s*\}?|[${SUPERSCRIPT}]+)|[eE][-+]?\d+)`;
const SCALE = String.raw`(?:\s+(?:thousand|million|billion|trillion)\b)`;
const NUMBER = new RegExp(String.raw`[-−]?[$€£¥₹]?${DIGITS}(?:${POWER}|${SCALE})?%?`, 'g');
// Two or three terms of a quantity in units ("4 hours and 30 minutes", "3 h 45 min").
const COMPOUND = /\d+(?:\.\d+)?\s*[a-z]+(?:\s*(?:,|and)?\s*\d+(?:\.\d+)?\s*[a-z]+){1,2}/gi;

/** Every number mentioned in a sentence, in order. */
export function numbersIn(sentence: string): Mention[] {
  const found: Mention[] = [];
  const taken: [number, number][] = [];
  for (const m of sentence.matchAll(COMPOUND)) {
    if (compoundQuantity(m[0]) === undefined) continue;
    found.push({ text: m[0], index: m.index });
    taken.push([m.index, m.index + m[0].length]);
  }
  const free = (index: number) => !taken.some(([start, end]) => index >= start && index < end);
  for (const m of sentence.matchAll(NUMBER)) {
    // A sign only when it starts the number ("= −4"), never a hyphen inside a word or range.
    const text = /^[-−]/.test(m[0]) && m.index > 0 && /[\w)]/.test(sentence[m.index - 1] as string) ? m[0].slice(1) : m[0];
    const index = m.index + m[0].length - text.length;
    // A decade or century ("the 1990s", "the early 1500s") is a time, no quantity.
    if (/^\d+0s\b/.test(sentence.slice(index))) continue;
    if (free(index)) found.push({ text, index });
  }
  // Runs of number words ("twenty-one", "one hundred and five") count once.
  const words = [...sentence.matchAll(/[A-Za-z]+(?:-[A-Za-z]+)*/g)];
  let run: { start: number; end: number } | undefined;
  const flush = () => {
    if (run && free(run.start)) found.push({ text: sentence.slice(run.start, run.end), index: run.start });
    run = undefined;
  };
  for (const w of words) {
    const parts = w[0].split('-');
    if (parts.every((part) => isNumberWord(part)) && free(w.index)) {
      if (run) run.end = w.index + w[0].length;
      else run = { start: w.index, end: w.index + w[0].length };
    } else if (!(run && w[0].toLowerCase() === 'and')) flush();
  }
  flush();
  return found.sort((a, b) => a.index - b.index);
}

// Where what is counted ends: a preposition or a clause ("$10 for babysitting", "9 eggs left to sell").
const NOT_UNIT =
  /^(?:for|at|on|to|from|by|with|every|each|into|than|that|which|who|when|while|after|before|because|since|is|are|was|were|a|an)$/i;

/** The number and up to three words after it ("5 apples left", "120 km", "3600 seconds"). */
export function numberWithUnit(sentence: string, number: Mention): string {
  const after = sentence.slice(number.index + number.text.length);
  const words: string[] = [];
  for (const word of (/^[^,;:()]*/.exec(after)?.[0] ?? '')
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '')
    .slice(0, 3)) {
    // "in" after a unit is a preposition ("3600 seconds in an hour"); right after the number it is inches.
    if (NOT_UNIT.test(word) || (word.toLowerCase() === 'in' && words.length > 0)) break;
    words.push(word);
  }
  return [number.text, ...words].join(' ').replace(/[*_]+/g, '').trim();
}

/** The value of a mentioned number, read as a final answer would be (`−4`, `3 × 10⁸`). */
export function mentionValue(text: string): NumberReading | undefined {
  return readNumber(unwrap(text));
}
