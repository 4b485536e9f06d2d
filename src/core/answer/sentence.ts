/** Where a stated value ends: its sentence, before a reason or a further clause. */

/** Cuts a phrase after its first sentence ("42. Because..." → "42"; "18, since" → "18"). */
export function firstSentence(value: string): string {
  const cut = value.search(/[.;!?](?=\s|$)|,\s+(?:since|because|as|which|so|and|but)\b|\s+(?:because|since)\b/i);
  return (cut >= 0 ? value.slice(0, cut) : value).trim();
}
