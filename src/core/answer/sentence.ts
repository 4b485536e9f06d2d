/** Where a stated value ends: its sentence, before a reason or a further clause; and a verdict taken back. */

/** Cuts a phrase after its first sentence ("42. Because..." → "42"; "18, since" → "18"). */
export function firstSentence(value: string): string {
  const cut = value.search(/[.;!?](?=\s|$)|,\s+(?:since|because|as|which|so|and|but)\b|\s+(?:because|since)\b/i);
  return (cut >= 0 ? value.slice(0, cut) : value).trim();
}

const CONCLUDING = /\b(?:so|thus|therefore|hence)\b/i;
const NEGATED = /\b(?:not|never|no longer)\b|n't\b/i;

/**
 * Whether a reply's concluding sentence takes back a "yes" given up front ("Yes, it looks prime.
 * … so it is not prime."): a later sentence that concludes and negates.
 */
export function takesBackYes(text: string): boolean {
  const all = text.split(/(?<=[.!?])\s+(?=\S)/).filter((s) => s.trim() !== '');
  const last = all[all.length - 1];
  return all.length > 1 && last !== undefined && CONCLUDING.test(last) && NEGATED.test(last);
}
