/**
 * The composition root: owns the extension's long-lived services and registers each disposable
 * the moment it is created.
 */
import * as vscode from 'vscode';
import { ConsensusPanel } from './panel/consensusPanel';
import { SidebarProvider } from './sidebar/sidebarProvider';

export class Ctx {
  readonly sidebar: SidebarProvider;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.sidebar = new SidebarProvider(extension.extensionUri);
    this.register(vscode.window.registerWebviewViewProvider(SidebarProvider.viewId, this.sidebar));
    this.register(vscode.window.registerWebviewPanelSerializer(ConsensusPanel.viewType, {
      deserializeWebviewPanel: async (panel) => {
        ConsensusPanel.revive(panel, extension.extensionUri);
      },
    }));
  }

  /** Ties a disposable to the extension's lifetime. */
  register<T extends vscode.Disposable>(disposable: T): T {
    this.extension.subscriptions.push(disposable);
    return disposable;
  }

  get extensionUri(): vscode.Uri {
    return this.extension.extensionUri;
  }
}
