/**
 * The consensus panel: one webview panel, created or revealed on demand and revived after a
 * window reload by the serializer registered in the composition root.
 */
import * as vscode from 'vscode';
import { webviewHtml, webviewOptions } from '../webviewHtml';

export class ConsensusPanel {
  static readonly viewType = 'consensus.panel';
  private static current: ConsensusPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(private readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'panel', 'Consensus');
    this.disposables.push(panel.onDidDispose(() => this.dispose()));
  }

  /** Shows the panel, creating it when it is not open. */
  static createOrShow(extensionUri: vscode.Uri): ConsensusPanel {
    if (ConsensusPanel.current) {
      ConsensusPanel.current.panel.reveal(undefined, true);
      return ConsensusPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(ConsensusPanel.viewType, 'Consensus', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      ...webviewOptions(extensionUri),
      retainContextWhenHidden: true,
    });
    ConsensusPanel.current = new ConsensusPanel(panel, extensionUri);
    return ConsensusPanel.current;
  }

  /** Rebuilds a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): ConsensusPanel {
    ConsensusPanel.current = new ConsensusPanel(panel, extensionUri);
    return ConsensusPanel.current;
  }

  private dispose(): void {
    if (ConsensusPanel.current === this) ConsensusPanel.current = undefined;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
