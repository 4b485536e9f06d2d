/**
 * "Preview Answer as Diff": the target document beside the same document with the answer in
 * place. Accepting applies exactly that replacement to the real document (one undo reverts it).
 */
import * as vscode from 'vscode';
import { editFor, placeAnswer } from './answerInserter';
import type { AnswerTarget } from './answerTarget';
import { columnFor } from './editorColumn';

export const DIFF_SCHEME = 'consensus-answer';

interface PendingDiff {
  /** The preview's own copy of the run's target, tracked until the diff is accepted or dropped. */
  target: AnswerTarget;
  answer: string;
  proposedUri: vscode.Uri;
}

export class DiffPreview implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private pending: PendingDiff | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /**
   * Opens the diff of the target document against the document with the answer replacing the
   * target range, in the document's own editor group (never over the panel). The preview tracks
   * a copy of `target`, so a later run replacing the one it came from does not freeze its range.
   */
  async show(runTarget: AnswerTarget, answer: string, runId: string): Promise<void> {
    this.release();
    const target = runTarget.copy();
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(target.uri);
    } catch (error) {
      target.dispose();
      throw error;
    }
    const { edit } = editFor(document, target, 'replace', answer);
    const text = document.getText();
    const start = document.offsetAt(edit.range.start);
    const end = document.offsetAt(edit.range.end);
    const proposed = text.slice(0, start) + edit.newText + text.slice(end);
    const name = target.uri.path.split('/').pop() ?? 'document';
    const proposedUri = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${runId}/${name}` });
    this.contents.set(proposedUri.toString(), proposed);
    this.changed.fire(proposedUri);
    this.pending = { target, answer, proposedUri };
    await vscode.commands.executeCommand('setContext', 'consensus.diffOpen', true);
    const options: vscode.TextDocumentShowOptions = { preview: true, viewColumn: columnFor(target.uri) };
    await vscode.commands.executeCommand('vscode.diff', target.uri, proposedUri, `${name} ↔ Consensus answer`, options);
  }

  /** Applies the previewed answer; false when no diff is pending. */
  async accept(): Promise<boolean> {
    const pending = this.pending;
    if (!pending) return false;
    await this.closeDiffTabs(pending.proposedUri);
    this.pending = undefined;
    this.contents.delete(pending.proposedUri.toString());
    await vscode.commands.executeCommand('setContext', 'consensus.diffOpen', false);
    try {
      await placeAnswer(pending.target, 'replace', pending.answer);
    } finally {
      pending.target.dispose();
    }
    return true;
  }

  /** Drops a preview that was never accepted. */
  private release(): void {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) return;
    this.contents.delete(pending.proposedUri.toString());
    pending.target.dispose();
  }

  private async closeDiffTabs(proposedUri: vscode.Uri): Promise<void> {
    const tabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === proposedUri.toString());
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
  }

  dispose(): void {
    this.release();
    this.registration.dispose();
    this.changed.dispose();
  }
}
