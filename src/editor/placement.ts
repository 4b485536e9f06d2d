/**
 * The exact text an answer becomes in the document, so that it forms whole lines where the
 * selection did: a selection of whole lines (ending at the start of the next line, as a
 * triple-click or Shift+Down makes) keeps its line break, and the document's line ends are used.
 */

export type PlacementMode = 'insert' | 'replace';

/**
 * `selected` is the text of the target range (empty for a cursor), `answer` the text to place,
 * `eol` the document's line end. Returns the text to put at the range (replace) or after it (insert).
 */
export function placementText(mode: PlacementMode, selected: string, answer: string, eol: '\n' | '\r\n'): string {
  const text = answer.replace(/\r?\n/g, eol);
  const endsWithLineBreak = /\r?\n$/.test(selected);
  if (mode === 'replace') return endsWithLineBreak && !text.endsWith(eol) ? `${text}${eol}` : text;
  if (selected === '') return text;
  // After whole lines the answer goes on lines of its own before the next one; after a part of a
  // line it starts on a new line.
  return endsWithLineBreak ? `${text}${text.endsWith(eol) ? '' : eol}` : `${eol}${text}`;
}

/** The 1-based last line a selection covers: one ending at the start of a line does not cover that line. */
export function lastSelectedLine(startLine: number, endLine: number, endCharacter: number): number {
  return endCharacter === 0 && endLine > startLine ? endLine : endLine + 1;
}
