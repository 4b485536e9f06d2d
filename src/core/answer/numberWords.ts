/**
 * Whole numbers written in English words ("twelve", "twenty-one", "one hundred and five",
 * "three thousand"), read by their grammar rather than from a list of remembered phrases.
 */

const SMALL: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 };

/** Whether a word is one a number in words is made of. */
export function isNumberWord(word: string): boolean {
  const w = word.toLowerCase();
  return w in SMALL || w in TENS || w in SCALES || w === 'hundred';
}

/**
 * The value of a whole phrase in number words, or undefined when any word is not part of a
 * number ("and" only between parts: "one hundred and five"; "a hundred" is read as 100).
 */
export function numberFromWords(phrase: string): number | undefined {
  const words = phrase
    .toLowerCase()
    .trim()
    .split(/[\s-]+/)
    .filter((w) => w !== '');
  if (words.length === 0) return undefined;
  let total = 0;
  let group = 0;
  let seen = false;
  let last: 'small' | 'tens' | 'hundred' | 'scale' | 'and' | undefined;
  for (const [i, word] of words.entries()) {
    if (word === 'and') {
      if (!seen || last === 'and' || i === words.length - 1) return undefined;
      last = 'and';
      continue;
    }
    if (word === 'a' && i === 0 && (words[1] === 'hundred' || (words[1] ?? '') in SCALES)) {
      group = 1;
      seen = true;
      last = 'small';
      continue;
    }
    if (word in SMALL) {
      // "twenty one" is 21, but "five six" is no number.
      if (last === 'small' || (last === 'tens' && (SMALL[word] as number) >= 10)) return undefined;
      if (last === 'tens' && SMALL[word] === 0) return undefined;
      group += SMALL[word] as number;
      last = 'small';
    } else if (word in TENS) {
      if (last === 'small' || last === 'tens') return undefined;
      group += TENS[word] as number;
      last = 'tens';
    } else if (word === 'hundred') {
      if (last !== 'small' || group === 0 || group >= 10) return undefined;
      group *= 100;
      last = 'hundred';
    } else if (word in SCALES) {
      if (!seen || group === 0) return undefined;
      total += group * (SCALES[word] as number);
      group = 0;
      last = 'scale';
    } else {
      return undefined;
    }
    seen = true;
  }
  return seen ? total + group : undefined;
}
