/**
 * Keeps the range a run was started on pointing at the same text while the user goes on editing,
 * so that inserting the answer later replaces what was selected, not whatever now sits at the old
 * line numbers. Works on document offsets, as VS Code's change events report them.
 */

/** A half-open range of document offsets [start, end). */
export interface OffsetRange {
  start: number;
  end: number;
}

/** One edit: `length` characters at `offset` were replaced by `insertedLength` characters. */
export interface OffsetEdit {
  offset: number;
  length: number;
  insertedLength: number;
}

/**
 * The range after `edit`. Edits wholly before shift it; edits wholly after leave it; an edit
 * inside grows or shrinks it; an edit over an edge clips the range to what survives; an edit
 * over all of it leaves the range on the replacing text. Text typed exactly at either edge stays
 * outside, so typing next to the selection is never swallowed by the replacement.
 */
export function shiftRange(range: OffsetRange, edit: OffsetEdit): OffsetRange {
  const editEnd = edit.offset + edit.length;
  const delta = edit.insertedLength - edit.length;
  if (editEnd <= range.start) return { start: range.start + delta, end: range.end + delta };
  if (edit.offset >= range.end) return range;
  const coversStart = edit.offset <= range.start;
  const coversEnd = editEnd >= range.end;
  if (coversStart && coversEnd) return { start: edit.offset, end: edit.offset + edit.insertedLength };
  if (coversStart) return { start: edit.offset + edit.insertedLength, end: range.end + delta };
  if (coversEnd) return { start: range.start, end: edit.offset + edit.insertedLength };
  return { start: range.start, end: range.end + delta };
}

/** Applies all edits of one change event; VS Code reports each against the text before the event. */
export function shiftRangeByAll(range: OffsetRange, edits: readonly OffsetEdit[]): OffsetRange {
  // Apply from the end of the document backwards so each edit's offsets still refer to the old text.
  const ordered = [...edits].sort((a, b) => b.offset - a.offset);
  return ordered.reduce(shiftRange, range);
}
