/**
 * The code a chat request is about: its `#file` and `#selection` references, else the active
 * editor's selection. Paths are workspace-relative, never absolute paths of the machine.
 */
import * as vscode from 'vscode';
import { extractCode, hasCodeBlock } from '../../editor/extractCode';
import { lastSelectedLine } from '../../editor/placement';
import type { CodeSelection } from '../../editor/prompt';
import { fenced } from '../../core/text';

/** A piece of code with where it came from. */
export interface ChatCode extends CodeSelection {
  location: NonNullable<CodeSelection['location']>;
}

function fileName(document: vscode.TextDocument): string {
  return document.isUntitled ? document.fileName : vscode.workspace.asRelativePath(document.uri, false);
}

async function codeOf(uri: vscode.Uri, range?: vscode.Range): Promise<ChatCode | undefined> {
  const document = await vscode.workspace.openTextDocument(uri).then(
    (opened) => opened,
    () => undefined,
  );
  if (!document) return undefined;
  const code = document.getText(range);
  if (code.trim() === '') return undefined;
  const startLine = (range?.start.line ?? 0) + 1;
  const endLine = range ? lastSelectedLine(range.start.line, range.end.line, range.end.character) : document.lineCount;
  return { code, languageId: document.languageId, location: { fileName: fileName(document), startLine, endLine } };
}

/** The code of the request's references, in the order they were written. */
export async function referencedCode(request: vscode.ChatRequest): Promise<ChatCode[]> {
  const codes: ChatCode[] = [];
  for (const reference of request.references) {
    const value = reference.value;
    let code: ChatCode | undefined;
    if (value instanceof vscode.Uri) code = await codeOf(value);
    else if (value instanceof vscode.Location) code = await codeOf(value.uri, value.range);
    if (code) codes.push(code);
  }
  return codes;
}

/** The active editor's selection, when something is selected. */
export function activeSelection(): ChatCode | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  const document = editor.document;
  const code = document.getText(editor.selection);
  if (code.trim() === '') return undefined;
  const { start, end } = editor.selection;
  return {
    code,
    languageId: document.languageId,
    location: { fileName: fileName(document), startLine: start.line + 1, endLine: lastSelectedLine(start.line, end.line, end.character) },
  };
}

/** The references' code, else the active selection. */
export async function requestCode(request: vscode.ChatRequest): Promise<ChatCode[]> {
  const referenced = await referencedCode(request);
  if (referenced.length > 0) return referenced;
  const selected = activeSelection();
  return selected ? [selected] : [];
}

/**
 * The question and the code it is about: one piece of code goes with the question as its
 * selection; several are quoted in the question, each with where it came from.
 */
export function questionWithCode(question: string, codes: readonly ChatCode[]): { question: string; selection?: CodeSelection } {
  if (codes.length === 0) return { question };
  if (codes.length === 1) return { question, selection: codes[0]! };
  const blocks = codes.map((code) => {
    return [
      `${code.location.fileName}, lines ${code.location.startLine}-${code.location.endLine}:`,
      fenced(code.code, code.languageId),
    ].join('\n');
  });
  return { question: [question.trim(), '', 'The code it is about:', '', ...blocks].join('\n') };
}

/** The code of this participant's latest answer in the chat, for "review this". */
export function codeOfPreviousAnswer(context: vscode.ChatContext, participant: string): ChatCode | undefined {
  for (let index = context.history.length - 1; index >= 0; index--) {
    const turn = context.history[index];
    if (!(turn instanceof vscode.ChatResponseTurn) || turn.participant !== participant) continue;
    const markdown = turn.response.map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : '')).join('');
    if (!hasCodeBlock(markdown)) continue;
    const code = extractCode(markdown);
    if (code.trim() === '') continue;
    return { code, languageId: 'plaintext', location: { fileName: 'the previous answer', startLine: 1, endLine: code.split('\n').length } };
  }
  return undefined;
}
