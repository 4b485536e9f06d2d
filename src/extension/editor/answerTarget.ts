/**
 * Where a run's answer goes: the document and range the run was started on, kept pointing at the
 * same text while the user goes on editing (see src/editor/trackedRange.ts for the rules).
 */
import * as vscode from 'vscode';
import { textFingerprint } from '../../editor/pastPlace';
import { lastSelectedLine } from '../../editor/placement';
import { shiftRangeByAll, type OffsetRange } from '../../editor/trackedRange';
import type { AnswerPlaceView } from '../../shared/runView';

export class AnswerTarget implements vscode.Disposable {
  private range: OffsetRange;
  private readonly subscription: vscode.Disposable;
  private closed = false;

  constructor(
    readonly uri: vscode.Uri,
    readonly languageId: string,
    range: OffsetRange,
  ) {
    this.range = range;
    this.subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.uri.toString() !== this.uri.toString() || event.contentChanges.length === 0) return;
      this.range = shiftRangeByAll(
        this.range,
        event.contentChanges.map((change) => ({
          offset: change.rangeOffset,
          length: change.rangeLength,
          insertedLength: change.text.length,
        })),
      );
    });
  }

  /** The target of the active editor's selection (or its cursor). */
  static fromEditor(editor: vscode.TextEditor): AnswerTarget {
    const document = editor.document;
    return new AnswerTarget(document.uri, document.languageId, {
      start: document.offsetAt(editor.selection.start),
      end: document.offsetAt(editor.selection.end),
    });
  }

  /**
   * A target of its own at the same place, tracked from now on independently of this one: a diff
   * preview keeps its range even after the run it came from is replaced (and its target disposed).
   */
  copy(): AnswerTarget {
    return new AnswerTarget(this.uri, this.languageId, { ...this.range });
  }

  /** The tracked range in `document` (which must be the target's). */
  rangeIn(document: vscode.TextDocument): vscode.Range {
    return new vscode.Range(document.positionAt(this.range.start), document.positionAt(this.range.end));
  }

  /** The tracked range as offsets of `document`, kept inside it. */
  offsetsIn(document: vscode.TextDocument): OffsetRange {
    const length = document.getText().length;
    const start = Math.min(this.range.start, length);
    return { start, end: Math.min(Math.max(this.range.end, start), length) };
  }

  /**
   * The target as a run remembers it (for past runs): where the range is now in its open
   * document, with the document's fingerprint; undefined when the document is not open.
   */
  remember(): AnswerPlaceView | undefined {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === this.uri.toString());
    if (!document) return undefined;
    const offsets = this.offsetsIn(document);
    const start = document.positionAt(offsets.start);
    const end = document.positionAt(offsets.end);
    return {
      uri: this.uri.toString(),
      file: vscode.workspace.asRelativePath(this.uri),
      start: offsets.start,
      end: offsets.end,
      startLine: start.line + 1,
      endLine: Math.max(start.line + 1, lastSelectedLine(start.line, end.line, end.character)),
      fingerprint: textFingerprint(document.getText()),
    };
  }

  get isEmpty(): boolean {
    return this.range.start === this.range.end;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  dispose(): void {
    this.closed = true;
    this.subscription.dispose();
  }
}
