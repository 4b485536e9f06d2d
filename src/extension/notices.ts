/**
 * Transient notices: a line on the panel's status line (if the panel is open), and a
 * notification for warnings and errors. The notice of where an answer was placed is withdrawn as
 * soon as an edit makes it false, or another notice takes its place.
 */
import * as vscode from 'vscode';
import { PlacementNotice } from './editor/placementNotice';

export type NoticeLevel = 'info' | 'warning' | 'error';

export interface Notice {
  level: NoticeLevel;
  /** Empty: the status line is cleared. */
  text: string;
}

export class Notices implements vscode.Disposable {
  private readonly said = new vscode.EventEmitter<Notice>();
  /** Each notice, for the panel's status line. */
  readonly onDidSay = this.said.event;
  private readonly placement = new PlacementNotice(() => this.said.fire({ level: 'info', text: '' }));

  /** Shows a transient line in the panel, if open, and a notification for warnings and errors. */
  notify(level: NoticeLevel, text: string): void {
    this.placement.stop();
    this.said.fire({ level, text });
    if (level === 'error') void vscode.window.showErrorMessage(text);
    else if (level === 'warning') void vscode.window.showWarningMessage(text);
  }

  /** Says where an answer was placed (`text`), and withdraws it once an edit of `document` makes it false. */
  placed(text: string, document: vscode.TextDocument | undefined, answer: vscode.Range): void {
    this.notify('info', text);
    if (document) this.placement.follow(document, answer);
  }

  dispose(): void {
    this.placement.dispose();
    this.said.dispose();
  }
}
