/**
 * The window's one consensus panel: created when first needed, revived after a reload, replaced
 * when another is adopted, and the host that hears its page (see WebviewHost). It shows runs and
 * the setup page, and the notices of `Notices` on its status line.
 */
import * as vscode from 'vscode';
import type { ConsensusEvent } from '../../core/events';
import { PANEL_PROTOCOL, type FromPanel, type Replies } from '../../shared/messages';
import type { RunView } from '../../shared/runView';
import type { SetupView } from '../../shared/setup';
import type { Notices } from '../notices';
import type { WebviewFailures } from '../webviewChannel';
import { WebviewHost } from '../webviewHost';
import { ConsensusPanel } from './consensusPanel';

export class ConsensusPanels extends WebviewHost<'panel', FromPanel> {
  private panel: ConsensusPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly setupClosed = new vscode.EventEmitter<void>();
  /** The panel closed while it showed the setup page: the run that waited for it is given up. */
  readonly onDidCloseSetup = this.setupClosed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    notices: Notices,
    failures: WebviewFailures,
  ) {
    super(PANEL_PROTOCOL, failures);
    this.disposables.push(
      this.setupClosed,
      vscode.window.registerWebviewPanelSerializer(ConsensusPanel.viewType, {
        deserializeWebviewPanel: async (panel, state) => {
          this.adopt(ConsensusPanel.revive(panel, extensionUri, state));
        },
      }),
      notices.onDidSay(({ level, text }) => this.panel?.status(level, text)),
    );
  }

  /** Shows the panel (created when closed), on `view` when given. */
  show(view?: RunView): ConsensusPanel {
    const panel = this.panel ?? this.adopt(ConsensusPanel.create(this.extensionUri));
    panel.reveal();
    if (view) panel.show(view);
    return panel;
  }

  /** Shows `view` again if the panel is on it (a snapshot settles what events could not say); reveals nothing. */
  update(view: RunView): void {
    if (this.panel?.shownRunId === view.runId) this.panel.show(view);
  }

  /** Shows the setup page in the panel (created when closed). */
  showSetup(view: SetupView): void {
    const panel = this.panel ?? this.adopt(ConsensusPanel.create(this.extensionUri));
    panel.reveal();
    panel.showSetup(view);
  }

  /** The run on show, if the panel is open. */
  get shownRunId(): string | undefined {
    return this.panel?.shownRunId;
  }

  /** True while the panel is open and in view. */
  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** Streams one event of run `runId` to the panel, if it shows that run. */
  event(runId: string, event: ConsensusEvent): void {
    this.panel?.event(runId, event);
  }

  /** What the panel's page is sent when it says `ready` (see ConsensusPanel.snapshot). */
  async snapshot(viewOf: (runId: string) => Promise<RunView | undefined>): Promise<Replies['panel']['ready'] | undefined> {
    return this.panel?.snapshot(viewOf);
  }

  private adopt(panel: ConsensusPanel): ConsensusPanel {
    this.panel?.dispose();
    this.panel = panel;
    const listening = this.listen(panel.webview);
    const forget = panel.onDidDispose(() => {
      forget.dispose();
      listening.dispose();
      if (panel.showingSetup) this.setupClosed.fire();
      if (this.panel === panel) this.panel = undefined;
    });
    return panel;
  }

  override dispose(): void {
    this.panel?.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    super.dispose();
  }
}
