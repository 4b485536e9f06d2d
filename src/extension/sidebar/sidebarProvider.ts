/**
 * The sidebar view in the Consensus activity-bar container: the current run, a box to ask, the
 * configured agents and the past runs. It renders whatever `SidebarState` answers its page's
 * `ready` (see WebviewHost); a refresh sends that snapshot again.
 */
import * as vscode from 'vscode';
import { SIDEBAR_PROTOCOL, type FromSidebar } from '../../shared/messages';
import type { WebviewFailures } from '../webviewChannel';
import { WebviewHost } from '../webviewHost';
import { webviewHtml, webviewOptions } from '../webviewHtml';

export class SidebarProvider extends WebviewHost<'sidebar', FromSidebar> implements vscode.WebviewViewProvider {
  static readonly viewId = 'consensus.discussion';
  private view: vscode.WebviewView | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    failures: WebviewFailures,
  ) {
    super(SIDEBAR_PROTOCOL, failures);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'sidebar', 'Consensus');
    const listeners = [
      this.listen(view.webview),
      view.onDidChangeVisibility(() => {
        if (view.visible) this.refresh();
      }),
    ];
    listeners.push(
      view.onDidDispose(() => {
        this.view = undefined;
        for (const listener of listeners.splice(0)) listener.dispose();
      }),
    );
  }

  /** Rebuilds the sidebar soon; calls made while streaming are folded into one. */
  refresh(): void {
    if (!this.view || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      if (this.view) void this.resend(this.view.webview);
    }, 100);
  }

  override dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    super.dispose();
  }
}
