/**
 * The consensus panel: one webview panel showing one run (the current one or a past one), created
 * or revealed on demand and revived after a window reload by the serializer registered in the
 * composition root. Speaks only the typed messages of src/shared/messages.ts.
 */
import * as vscode from 'vscode';
import type { ConsensusEvent } from '../../core/events';
import { isFromPanel, type FromPanel, type ToPanel } from '../../shared/messages';
import type { FindingView, RunView } from '../../shared/runView';
import type { SetupView } from '../../shared/setup';
import { webviewHtml, webviewOptions } from '../webviewHtml';

/** What the panel asks of the rest of the extension. */
export interface PanelHost {
  /** The freshest view of a run: the live one, or a past one from history. */
  viewOf(runId: string): Promise<RunView | undefined>;
  handle(message: FromPanel): Promise<void>;
  /** An action of the page failed unexpectedly: tell the user and log it. */
  failed(action: string, error: unknown): void;
}

export class ConsensusPanel implements vscode.Disposable {
  static readonly viewType = 'consensus.panel';
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  /** The run on show; the webview drops events of any other. */
  private runId: string | undefined;
  /** The setup page on show instead of a run, if any. */
  private setup: SetupView | undefined;

  private constructor(private readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly host: PanelHost, runId: string | undefined) {
    this.runId = runId;
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'panel', 'Consensus');
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'consensus.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
    );
  }

  /** Opens a new panel beside the editor. */
  static create(extensionUri: vscode.Uri, host: PanelHost): ConsensusPanel {
    const panel = vscode.window.createWebviewPanel(ConsensusPanel.viewType, 'Consensus', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      ...webviewOptions(extensionUri),
      retainContextWhenHidden: true,
    });
    return new ConsensusPanel(panel, extensionUri, host, undefined);
  }

  /** Rebuilds a panel VS Code restored after a reload; `state` is what the page saved. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, host: PanelHost, state: unknown): ConsensusPanel {
    const saved = (state as { view?: { runId?: unknown } } | undefined)?.view?.runId;
    return new ConsensusPanel(panel, extensionUri, host, typeof saved === 'string' ? saved : undefined);
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  /** Shows a whole run. */
  show(view: RunView): void {
    this.runId = view.runId;
    this.setup = undefined;
    const title = view.mode === 'review' ? `Review: ${view.title}` : `Consensus: ${view.title}`;
    this.panel.title = view.demo ? `Demo · ${title}` : title;
    this.post({ type: 'snapshot', view });
  }

  /** Shows the setup page (a run that cannot start yet) until a run is shown. */
  showSetup(setup: SetupView): void {
    this.setup = setup;
    this.panel.title = 'Consensus: Set Up';
    this.post({ type: 'setup', setup });
  }

  /** True while the setup page is on show. */
  get showingSetup(): boolean {
    return this.setup !== undefined;
  }

  /** Streams one event of the run on show. */
  event(runId: string, event: ConsensusEvent): void {
    if (runId === this.runId) this.post({ type: 'event', runId, event });
  }

  findings(runId: string, findings: FindingView[]): void {
    if (runId === this.runId) this.post({ type: 'review', runId, findings });
  }

  status(level: 'info' | 'warning' | 'error', text: string): void {
    this.post({ type: 'status', level, text });
  }

  get shownRunId(): string | undefined {
    return this.runId;
  }

  private post(message: ToPanel): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(message: unknown): Promise<void> {
    if (!isFromPanel(message)) return;
    try {
      if (message.type === 'ready') {
        // The page (re)started: give it the whole run so it rebuilds itself. A run this window no
        // longer knows (in progress when the window reloaded) stays as the page saved it.
        if (this.setup) this.post({ type: 'setup', setup: this.setup });
        else if (!this.runId) this.post({ type: 'snapshot', view: null });
        else {
          const view = await this.host.viewOf(this.runId);
          if (view) this.post({ type: 'snapshot', view });
        }
        return;
      }
      await this.host.handle(message);
    } catch (error) {
      this.host.failed(message.type, error);
    }
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }
}
