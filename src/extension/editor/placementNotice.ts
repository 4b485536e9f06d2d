/**
 * Keeps the panel's "Inserted the answer at lines 5–7 of a.ts" true: the notice is withdrawn as
 * soon as an edit of that document makes it false (the insertion undone, lines added or removed
 * above or inside the answer), or another notice takes its place.
 */
import * as vscode from 'vscode';
import type { OffsetRange } from '../../editor/trackedRange';

/** True when an edit at `offset` leaves the answer's lines as the notice names them (it comes after the answer). */
export function editKeepsPlacement(offset: number, answer: OffsetRange): boolean {
  return offset >= answer.end;
}

export class PlacementNotice implements vscode.Disposable {
  private watch: vscode.Disposable | undefined;

  /** `withdraw` clears the notice where it is shown. */
  constructor(private readonly withdraw: () => void) {}

  /** Watches the notice just shown about `answer` in `document`. */
  follow(document: vscode.TextDocument, answer: vscode.Range): void {
    this.stop();
    const uri = document.uri.toString();
    const offsets = { start: document.offsetAt(answer.start), end: document.offsetAt(answer.end) };
    this.watch = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.uri.toString() !== uri) return;
      if (event.contentChanges.every((change) => editKeepsPlacement(change.rangeOffset, offsets))) return;
      this.stop();
      this.withdraw();
    });
  }

  /** Another notice replaced it: nothing to withdraw any more. */
  stop(): void {
    this.watch?.dispose();
    this.watch = undefined;
  }

  dispose(): void {
    this.stop();
  }
}
