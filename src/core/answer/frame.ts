/**
 * A short answer in words, stated inside a sentence frame that restates the question. Classes:
 * - a definite subject and a copula: "The capital of France is Paris." → Paris;
 * - a passive naming who did it: "The Mona Lisa was painted by Leonardo da Vinci." → Leonardo da Vinci;
 * - a named subject doing it: "Jane Austen wrote it." → Jane Austen;
 * - the answer, a dash, then its explanation: "Jupiter — it is the largest." → Jupiter.
 * The value ends before an explanation: a dash, a comma opening a phrase ("Au, from the Latin
 * aurum"), "because …"; a value in bold right where the frame puts it is taken as written.
 * A frame around a negated or hedged value ("is not Paris") states nothing.
 */

const DEFINITE = /^(?:the|its|his|her|their)\s+[^,;:]*?\b(?:is|are|was|were)\s+(.+)$/i;
const PASSIVE = /^.*?\b(?:is|are|was|were)\s+[a-z]+\s+by\s+(.+)$/i;
const DOER = /^((?:[A-Z][\w.'’-]*)(?:\s+[A-Za-z][\w.'’-]*){0,3}?)\s+[a-z]+\s+it\b/;
const PRONOUN = /^(?:it|this|that|these|those|he|she|they|we|i|you|there|here)$/i;
const LEADING = /^([^\s,;:—–]+(?:\s+[^\s,;:—–]+){0,3})\s+[—–]\s+\S/;
// What ends a value: a dash, a comma opening a phrase, a reason.
const VALUE_END =
  /\s+[—–-]\s|,\s+(?:from|which|who|where|as|because|since|named|meaning|known|derived|located|with|not|and|but)\b|\s+(?:because|since|and (?:was|is|were|published|built|became))\b|\s*\(/i;
const NOT_A_VALUE = /^(?:not|no|never|probably|maybe|perhaps|likely|the|a|an|to|that|because|unknown|unclear)\b/i;

function cut(value: string, strong: readonly string[]): string | undefined {
  const bold = strong.find((span) => span !== '' && value.startsWith(span));
  const end = value.search(VALUE_END);
  const text = (bold ?? (end >= 0 ? value.slice(0, end) : value)).replace(/[.!]+$/, '').trim();
  if (text === '' || NOT_A_VALUE.test(text) || text.split(/\s+/).length > 5) return undefined;
  return text;
}

/** The short value a sentence frames (see the classes above), or undefined. */
export function framedValue(sentence: string, strong: readonly string[] = []): string | undefined {
  const s = sentence.trim().replace(/[.!]+$/, '');
  const doer = DOER.exec(s);
  if (doer && !PRONOUN.test((doer[1] as string).split(/\s+/)[0] as string)) return cut(doer[1] as string, strong);
  const passive = PASSIVE.exec(s);
  if (passive) return cut(passive[1] as string, strong);
  const definite = DEFINITE.exec(s);
  if (definite) return cut(definite[1] as string, strong);
  const leading = LEADING.exec(s);
  if (leading) return cut(leading[1] as string, strong);
  return undefined;
}
