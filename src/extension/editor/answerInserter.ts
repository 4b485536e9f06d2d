/**
 * Puts a run's answer into the editor: inserted below the run's selection (or at its cursor),
 * replacing the range the run was started on, or through a diff the user accepts. Each is one
 * edit, so one undo reverts it.
 */
import { ConsensusError } from '../../core/errors';
import * as vscode from 'vscode';
import { extractCode } from '../../editor/extractCode';
import { placement } from '../../editor/placement';
import type { OffsetRange } from '../../editor/trackedRange';
import type { AnswerTarget } from './answerTarget';
import { columnFor } from './editorColumn';

/** Languages whose documents take the answer as written, prose and fences included. */
const PROSE_LANGUAGES = new Set(['markdown', 'plaintext', 'restructuredtext', 'latex']);

/** The text to put into a document of `languageId`: for code, only the code. */
export function textForDocument(answer: string, languageId: string): string {
  return PROSE_LANGUAGES.has(languageId) ? answer.trim() : extractCode(answer, languageId);
}

export type InsertMode = 'insert' | 'replace';

/** Thrown with a message for the user when the answer cannot be placed. */
export class InsertError extends ConsensusError {
  constructor(message: string) {
    super('insert-failed', message, 'Open the document the run was started on, then insert the answer again (or copy it from the panel).');
    this.name = 'InsertError';
  }
}

async function documentOf(target: AnswerTarget): Promise<vscode.TextDocument> {
  try {
    return await vscode.workspace.openTextDocument(target.uri);
  } catch {
    throw new InsertError(`The document this run was started on (${vscode.workspace.asRelativePath(target.uri)}) is no longer available.`);
  }
}

/** The edit `mode` makes (insert below the target range, or replace it) and where the answer lies once it is made. */
export function editFor(
  document: vscode.TextDocument,
  target: AnswerTarget,
  mode: InsertMode,
  answer: string,
): { edit: vscode.TextEdit; answerOffsets: OffsetRange } {
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const placed = placement(mode, document.getText(), target.offsetsIn(document), textForDocument(answer, document.languageId), eol);
  const range = new vscode.Range(document.positionAt(placed.range.start), document.positionAt(placed.range.end));
  return {
    edit: vscode.TextEdit.replace(range, placed.text),
    answerOffsets: { start: placed.range.start + placed.answer.start, end: placed.range.start + placed.answer.end },
  };
}

/**
 * Applies the answer as one edit and shows the document where it already is (never over the
 * panel). Returns the range that now holds the answer.
 */
export async function placeAnswer(target: AnswerTarget, mode: InsertMode, answer: string): Promise<vscode.Range> {
  if (!answer.trim()) throw new InsertError('This run has no answer to insert.');
  const document = await documentOf(target);
  const { edit, answerOffsets } = editFor(document, target, mode, answer);
  const workspaceEdit = new vscode.WorkspaceEdit();
  workspaceEdit.set(document.uri, [edit]);
  if (!(await vscode.workspace.applyEdit(workspaceEdit))) {
    throw new InsertError(`VS Code refused the edit to ${vscode.workspace.asRelativePath(document.uri)} (is it read-only?).`);
  }
  const placed = new vscode.Range(document.positionAt(answerOffsets.start), document.positionAt(answerOffsets.end));
  const editor = await vscode.window.showTextDocument(document, {
    viewColumn: columnFor(document.uri),
    preserveFocus: false,
    preview: false,
  });
  editor.selection = new vscode.Selection(placed.start, placed.end);
  editor.revealRange(placed, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return placed;
}
