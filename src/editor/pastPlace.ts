/**
 * Where the answer of a past run goes. A run remembers the range of its document it was started
 * on, as offsets, with a fingerprint of the document's text at that time; later the document may
 * have changed (in this window or another, or before a reload). Pure, on document offsets like
 * trackedRange.ts: the caller opens the document and asks the user when the place is uncertain.
 */
import type { OffsetRange } from './trackedRange';

/** A compact fingerprint of a text: FNV-1a (32 bits) and the length. Equal texts give equal fingerprints. */
export function textFingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${hash.toString(16).padStart(8, '0')}:${text.length}`;
}

/** What a run remembers of its range: offsets and the fingerprint of the document's text then. */
export interface RememberedRange extends OffsetRange {
  fingerprint: string;
}

/**
 * Where the range is now:
 * - `unchanged`: the document is as it was, the offsets hold;
 * - `moved`: the document changed but the selected code is in it exactly once: there;
 * - `uncertain`: the code is gone, repeated, or the run had no selection (a cursor) and the
 *   document changed: the old offsets, kept inside the document, which the user must confirm.
 */
export type PastPlace = { how: 'unchanged' | 'moved' | 'uncertain'; range: OffsetRange };

export function locatePastRange(documentText: string, remembered: RememberedRange, selectedCode: string | undefined): PastPlace {
  if (textFingerprint(documentText) === remembered.fingerprint)
    return { how: 'unchanged', range: { start: remembered.start, end: remembered.end } };
  if (selectedCode !== undefined && selectedCode.trim() !== '' && remembered.end > remembered.start) {
    const first = documentText.indexOf(selectedCode);
    if (first >= 0 && documentText.indexOf(selectedCode, first + 1) < 0)
      return { how: 'moved', range: { start: first, end: first + selectedCode.length } };
  }
  const start = Math.min(remembered.start, documentText.length);
  return { how: 'uncertain', range: { start, end: Math.min(Math.max(remembered.end, start), documentText.length) } };
}
