/**
 * Puts a run's answer into the editor: inserted at the run's position, replacing the range the
 * run was started on, or through a diff the user accepts. Each is one edit, so one undo reverts it.
 */
import * as vscode from 'vscode';
import { extractCode } from '../../editor/extractCode';
import { placementText } from '../../editor/placement';
import type { AnswerTarget } from './answerTarget';

/** Languages whose documents take the answer as written, prose and fences included. */
const PROSE_LANGUAGES = new Set(['markdown', 'plaintext', 'restructuredtext', 'latex']);

/** The text to put into a document of `languageId`: for code, only the code. */
export function textForDocument(answer: string, languageId: string): string {
  return PROSE_LANGUAGES.has(languageId) ? answer.trim() : extractCode(answer, languageId);
}

export type InsertMode = 'insert' | 'replace';

/** Thrown with a message for the user when the answer cannot be placed. */
export class InsertError extends Error {}

async function documentOf(target: AnswerTarget): Promise<vscode.TextDocument> {
  try {
    return await vscode.workspace.openTextDocument(target.uri);
  } catch {
    throw new InsertError(`The document this run was started on (${vscode.workspace.asRelativePath(target.uri)}) is no longer available.`);
  }
}

/** The edit `mode` makes: insert after the target range, or replace it. */
export function editFor(document: vscode.TextDocument, target: AnswerTarget, mode: InsertMode, answer: string): vscode.TextEdit {
  const range = target.rangeIn(document);
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const text = placementText(mode, document.getText(range), textForDocument(answer, document.languageId), eol);
  // Inserting after a selection keeps the selected code and adds the answer below it.
  return mode === 'replace' ? vscode.TextEdit.replace(range, text) : vscode.TextEdit.insert(range.end, text);
}

/** Applies the answer as one edit and shows the result. Returns the range that now holds it. */
export async function placeAnswer(target: AnswerTarget, mode: InsertMode, answer: string): Promise<vscode.Range> {
  if (!answer.trim()) throw new InsertError('This run has no answer to insert.');
  const document = await documentOf(target);
  const edit = editFor(document, target, mode, answer);
  const workspaceEdit = new vscode.WorkspaceEdit();
  workspaceEdit.set(document.uri, [edit]);
  if (!(await vscode.workspace.applyEdit(workspaceEdit))) {
    throw new InsertError(`VS Code refused the edit to ${vscode.workspace.asRelativePath(document.uri)} (is it read-only?).`);
  }
  const start = edit.range.start;
  const end = document.positionAt(document.offsetAt(start) + edit.newText.length);
  const editor = await vscode.window.showTextDocument(document, { preserveFocus: false, preview: false });
  editor.selection = new vscode.Selection(start, end);
  editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return new vscode.Range(start, end);
}
