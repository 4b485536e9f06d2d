/**
 * The sidebar view in the Consensus activity-bar container: the current run, a box to ask, the
 * configured agents and the past runs. It renders whatever `SidebarState` the host builds.
 */
import * as vscode from 'vscode';
import { isFromSidebar, type FromSidebar, type ToSidebar } from '../../shared/messages';
import type { SidebarState } from '../../shared/summary';
import { webviewHtml, webviewOptions } from '../webviewHtml';

export interface SidebarHost {
  sidebarState(): Promise<SidebarState>;
  handle(message: FromSidebar): Promise<void>;
  /** An action of the page failed unexpectedly: tell the user and log it. */
  failed(action: string, error: unknown): void;
}

export class SidebarProvider implements vscode.WebviewViewProvider {
  static readonly viewId = 'consensus.discussion';
  private view: vscode.WebviewView | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly host: SidebarHost) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'sidebar', 'Consensus');
    const listeners = [
      view.webview.onDidReceiveMessage(async (message: unknown) => {
        if (!isFromSidebar(message)) return;
        try {
          if (message.type === 'ready') await this.push();
          else await this.host.handle(message);
        } catch (error) {
          this.host.failed(message.type, error);
        }
      }),
      view.onDidChangeVisibility(() => {
        if (view.visible) this.refresh();
      }),
    ];
    listeners.push(view.onDidDispose(() => {
      this.view = undefined;
      for (const listener of listeners.splice(0)) listener.dispose();
    }));
  }

  /** Rebuilds the sidebar soon; calls made while streaming are folded into one. */
  refresh(): void {
    if (!this.view || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.push().catch((error: unknown) => this.host.failed('refresh', error));
    }, 100);
  }

  /** Tells the page whether its question `askId` started a run (`runId`), so it clears the box only then. */
  askAnswered(askId: string, runId: string | undefined): void {
    const message: ToSidebar = runId ? { type: 'asked', askId, started: true, runId } : { type: 'asked', askId, started: false };
    void this.view?.webview.postMessage(message);
  }

  private async push(): Promise<void> {
    if (!this.view) return;
    const message: ToSidebar = { type: 'state', state: await this.host.sidebarState() };
    await this.view.webview.postMessage(message);
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
  }
}
