/**
 * Where an answer goes in the document and the exact text it becomes, so that it forms whole
 * lines where the selection did: a replaced selection of whole lines (ending at the start of the
 * next line, as a triple-click or Shift+Down makes) keeps its line break; an inserted answer goes
 * below the selected lines, after a blank line, without splitting a line; the document's line
 * ends are used. Works on document offsets, like trackedRange.ts.
 */
import type { OffsetRange } from './trackedRange';

export type PlacementMode = 'insert' | 'replace';

/** One edit that places the answer. */
export interface Placement {
  /** The document range the edit replaces (empty for an insertion). */
  range: OffsetRange;
  /** The text put there. */
  text: string;
  /** Where the answer itself lies within `text` (the line breaks added around it excluded). */
  answer: OffsetRange;
}

/**
 * The edit that places `answer` into `documentText` for a run started on `selection` (empty for
 * a cursor: an insertion goes at the cursor, as typed).
 */
export function placement(
  mode: PlacementMode,
  documentText: string,
  selection: OffsetRange,
  answer: string,
  eol: '\n' | '\r\n',
): Placement {
  const text = answer.replace(/\r?\n/g, eol);
  const selected = documentText.slice(selection.start, selection.end);
  const endsWithLineBreak = /\n$/.test(selected);
  if (mode === 'replace') {
    const placed = endsWithLineBreak && !text.endsWith(eol) ? `${text}${eol}` : text;
    return { range: selection, text: placed, answer: { start: 0, end: text.length } };
  }
  if (selection.start === selection.end) {
    return { range: selection, text, answer: { start: 0, end: text.length } };
  }
  // A blank line separates the answer from the selected code, unless the selection ends on one.
  const lastLine = lastLineOf(documentText, selection);
  const gap = lastLine.trim() === '' ? '' : eol;
  if (endsWithLineBreak) {
    // After whole lines: the answer takes lines of its own before the next line.
    const placed = `${gap}${text}${text.endsWith(eol) ? '' : eol}`;
    return {
      range: { start: selection.end, end: selection.end },
      text: placed,
      answer: { start: gap.length, end: gap.length + text.length },
    };
  }
  // Ending inside a line: the answer goes after the end of that line, so no line is split.
  const lineEnd = endOfLine(documentText, selection.end);
  const lead = `${eol}${gap}`;
  return {
    range: { start: lineEnd, end: lineEnd },
    text: `${lead}${text}`,
    answer: { start: lead.length, end: lead.length + text.length },
  };
}

/** The offset where the line holding `offset` ends (before its line break, or at the end of the text). */
function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline < 0) return text.length;
  return newline > 0 && text[newline - 1] === '\r' ? newline - 1 : newline;
}

/** The text of the last line the selection covers (a selection ending at a line start does not cover that line). */
function lastLineOf(text: string, selection: OffsetRange): string {
  let end = selection.end;
  if (end > selection.start && text[end - 1] === '\n') end -= 1;
  if (end > selection.start && text[end - 1] === '\r') end -= 1;
  const start = text.lastIndexOf('\n', end - 1) + 1;
  return text.slice(start, endOfLine(text, start));
}

/** The 1-based last line a selection covers: one ending at the start of a line does not cover that line. */
export function lastSelectedLine(startLine: number, endLine: number, endCharacter: number): number {
  return endCharacter === 0 && endLine > startLine ? endLine : endLine + 1;
}

/** What the user is told once the answer is in: where it now is (1-based lines) and in which file. */
export function placementMessage(mode: PlacementMode, firstLine: number, lastLine: number, fileName: string): string {
  const lines = lastLine > firstLine ? `lines ${firstLine}–${lastLine}` : `line ${firstLine}`;
  return mode === 'replace'
    ? `Replaced the selection in ${fileName}: the answer is at ${lines}.`
    : `Inserted the answer at ${lines} of ${fileName}.`;
}
