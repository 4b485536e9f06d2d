/**
 * The consensus panel: one webview panel showing one run (the current one or a past one), created
 * or revealed on demand and revived after a window reload (see ConsensusPanels, which owns it and
 * hears its page). Speaks only the typed messages of src/shared/messages.ts.
 */
import * as vscode from 'vscode';
import type { ConsensusEvent } from '../../core/events';
import type { Replies, ToPanel } from '../../shared/messages';
import type { FindingView, RunView } from '../../shared/runView';
import type { SetupView } from '../../shared/setup';
import { webviewHtml, webviewOptions } from '../webviewHtml';

export class ConsensusPanel implements vscode.Disposable {
  static readonly viewType = 'consensus.panel';
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  /** The run on show; the webview drops events of any other. */
  private runId: string | undefined;
  /** The setup page on show instead of a run, if any. */
  private setup: SetupView | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    runId: string | undefined,
  ) {
    this.runId = runId;
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'panel', 'Consensus');
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'consensus.svg');
    this.disposables.push(panel.onDidDispose(() => this.dispose()));
  }

  /** Opens a new panel beside the editor. */
  static create(extensionUri: vscode.Uri): ConsensusPanel {
    const panel = vscode.window.createWebviewPanel(
      ConsensusPanel.viewType,
      'Consensus',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        ...webviewOptions(extensionUri),
        retainContextWhenHidden: true,
      },
    );
    return new ConsensusPanel(panel, extensionUri, undefined);
  }

  /** Rebuilds a panel VS Code restored after a reload; `state` is what the page saved. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: unknown): ConsensusPanel {
    const saved = (state as { view?: { runId?: unknown } } | undefined)?.view?.runId;
    return new ConsensusPanel(panel, extensionUri, typeof saved === 'string' ? saved : undefined);
  }

  /** The page of the panel, for the host that hears it. */
  get webview(): vscode.Webview {
    return this.panel.webview;
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

  /**
   * What a page that (re)started is sent so it rebuilds itself: the setup page, or the whole run on
   * show as `viewOf` finds it. A run this window no longer knows (in progress when the window
   * reloaded) stays as the page saved it: undefined.
   */
  async snapshot(viewOf: (runId: string) => Promise<RunView | undefined>): Promise<Replies['panel']['ready'] | undefined> {
    if (this.setup) return { type: 'setup', setup: this.setup };
    if (!this.runId) return { type: 'snapshot', view: null };
    const view = await viewOf(this.runId);
    return view ? { type: 'snapshot', view } : undefined;
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }
}
