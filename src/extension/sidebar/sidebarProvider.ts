/**
 * The sidebar view in the Consensus activity-bar container.
 */
import * as vscode from 'vscode';
import { webviewHtml, webviewOptions } from '../webviewHtml';

export class SidebarProvider implements vscode.WebviewViewProvider {
  static readonly viewId = 'consensus.discussion';

  constructor(private readonly extensionUri: vscode.Uri) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'sidebar', 'Consensus');
  }
}
