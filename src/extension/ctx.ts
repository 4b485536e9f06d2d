/**
 * The composition root: owns the extension's long-lived services, registers each disposable the
 * moment it is created, and connects the run service to the panel, the sidebar and the status bar.
 */
import * as vscode from 'vscode';
import type { FromPanel, FromSidebar } from '../shared/messages';
import type { FrontEnds } from './chat/frontEnds';
import type { RunView } from '../shared/runView';
import { summarizeRun, type ConfiguredAgent, type SidebarState } from '../shared/summary';
import { ApiKeys, isLocalServer, needsApiKey } from './apiKeys';
import { Config } from './config';
import { DiffPreview } from './editor/diffPreview';
import { PlacementNotice } from './editor/placementNotice';
import { Log } from './log';
import { describeTarget } from './trust/agentTarget';
import { Consent } from './trust/consent';
import { ConsensusPanel, type PanelHost } from './panel/consensusPanel';
import { RecentQuestions } from './runs/askQuestion';
import { AgentHealth, problemReason, problemStatus } from './runs/agentHealth';
import { History } from './runs/history';
import { RunIndicators } from './runs/runIndicators';
import { RunService, type ActiveRun } from './runs/runService';
import { ReviewService } from './review/reviewService';
import { SidebarProvider } from './sidebar/sidebarProvider';
import { SetupFlow } from './setup/setupFlow';
import type { SetupView } from '../shared/setup';

/** Global-state key: some run was saved to the history. */
const HAS_PAST_RUNS = 'consensus.hasPastRuns';

export class Ctx {
  readonly log: Log;
  readonly config = new Config();
  readonly apiKeys: ApiKeys;
  /** The user's one-time decisions about what a workspace's agents may do. */
  readonly consent: Consent;
  readonly history: History;
  readonly runs: RunService;
  readonly review: ReviewService;
  readonly diff: DiffPreview;
  /** The panel's notice of where an answer was placed, withdrawn once an edit makes it false. */
  readonly placementNotice: PlacementNotice;
  readonly recentQuestions: RecentQuestions;
  /** The latest outcome of each agent's calls, for the sidebar. */
  readonly agentHealth = new AgentHealth();
  readonly sidebar: SidebarProvider;
  /** The status-bar item and progress notification, shared by runs and reviews (one at a time). */
  readonly indicators: RunIndicators;
  /** The setup page and the run waiting for it. */
  readonly setup: SetupFlow;
  private panel: ConsensusPanel | undefined;
  /** Milliseconds spent evaluating the bundle plus running activate (for bench:ui). */
  activationMs: number | undefined;
  /** The part of it spent in `activate` itself, after the bundle was loaded. */
  activateMs: number | undefined;
  /** Chat, agent-mode tools, the model picker and the MCP server; set by activate. */
  frontEnds: FrontEnds | undefined;
  /** Handlers for panel and sidebar actions; set by registerCommands, which owns the behaviour. */
  actions: { panel(message: FromPanel): Promise<void>; sidebar(message: FromSidebar): Promise<void> } = {
    panel: async () => undefined,
    sidebar: async () => undefined,
  };

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = this.register(new Log());
    this.consent = new Consent(extension.globalState);
    this.apiKeys = new ApiKeys(extension.secrets, this.log, this.consent, (agentId) => this.config.userAgentTarget(agentId));
    this.history = this.register(new History(extension.globalStorageUri, this.log, () => this.config.historyMaxRuns()));
    this.recentQuestions = new RecentQuestions(extension.globalState);
    this.indicators = this.register(new RunIndicators());
    this.diff = this.register(new DiffPreview());
    this.placementNotice = this.register(new PlacementNotice(() => this.panel?.status('info', '')));
    this.runs = this.register(new RunService(this.config, this.apiKeys, this.consent, this.log, {
      started: (run) => this.runStarted(run),
      event: (run, event) => {
        this.panel?.event(run.view.runId, event);
        this.indicators.event(run.view, event);
        // The sidebar shows states, not text: streamed deltas need no refresh.
        if (event.type !== 'agent-text' && event.type !== 'synthesis-text') this.sidebar.refresh();
      },
      finished: (run) => void this.runFinished(run),
    }, { history: this.history, health: this.agentHealth }));
    this.sidebar = new SidebarProvider(extension.extensionUri, {
      sidebarState: () => this.sidebarState(),
      handle: (message) => this.actions.sidebar(message),
      failed: (action, error) => this.actionFailed(action, error),
    });
    this.register(this.sidebar);
    this.register(vscode.window.registerWebviewViewProvider(SidebarProvider.viewId, this.sidebar, { webviewOptions: { retainContextWhenHidden: true } }));
    this.register(vscode.window.registerWebviewPanelSerializer(ConsensusPanel.viewType, {
      deserializeWebviewPanel: async (panel, state) => {
        this.adoptPanel(ConsensusPanel.revive(panel, extension.extensionUri, this.panelHost(), state));
      },
    }));
    this.register(this.history.onDidChange(() => this.sidebar.refresh()));
    this.register(this.config.onDidChange(() => {
      this.agentHealth.clear();
      this.sidebar.refresh();
    }));
    this.register(this.apiKeys.onDidChange(() => {
      this.agentHealth.clear();
      this.sidebar.refresh();
    }));
    this.review = this.register(new ReviewService({
      config: this.config,
      changed: () => this.sidebar.refresh(),
      log: this.log,
      runs: this.runs,
      indicators: this.indicators,
      agentHealth: this.agentHealth,
      history: this.history,
      showPanel: (view) => this.showPanel(view),
      viewOf: (runId) => this.viewOf(runId),
      notify: (level, text) => this.notify(level, text),
    }));
    // Past runs survive a reload, and so do the commands that act on them (a memento, not the
    // history folder, so activation reads no file).
    if (extension.globalState.get<boolean>(HAS_PAST_RUNS, false)) {
      void vscode.commands.executeCommand('setContext', 'consensus.hasRun', true);
      void vscode.commands.executeCommand('setContext', 'consensus.hasAnswer', true);
    }
    this.register(this.history.onDidChange(() => void extension.globalState.update(HAS_PAST_RUNS, true)));
    this.setup = this.register(new SetupFlow(this));
  }

  /** Ties a disposable to the extension's lifetime. */
  register<T extends vscode.Disposable>(disposable: T): T {
    this.extension.subscriptions.push(disposable);
    return disposable;
  }

  get extensionUri(): vscode.Uri {
    return this.extension.extensionUri;
  }

  /** Shows the panel (created when closed), on `view` when given. */
  showPanel(view?: RunView): ConsensusPanel {
    if (!this.panel) this.adoptPanel(ConsensusPanel.create(this.extensionUri, this.panelHost()));
    const panel = this.panel!;
    panel.reveal();
    if (view) panel.show(view);
    return panel;
  }

  /** Shows the setup page in the panel (created when closed). */
  showSetup(view: SetupView): void {
    if (!this.panel) this.adoptPanel(ConsensusPanel.create(this.extensionUri, this.panelHost()));
    this.panel!.reveal();
    this.panel!.showSetup(view);
  }

  /** The run the panel shows (else the latest of this window). */
  async shownRun(): Promise<RunView | undefined> {
    const runId = this.panel?.shownRunId ?? this.runs.current?.view.runId;
    return runId ? this.viewOf(runId) : undefined;
  }

  /** The live view of a run of this window, or the saved one. */
  async viewOf(runId: string): Promise<RunView | undefined> {
    const current = this.runs.current;
    if (current?.view.runId === runId) return current.view;
    return this.review.viewOf(runId) ?? this.history.get(runId);
  }

  /** Shows a transient line in the panel, if open, and a notification for errors. */
  notify(level: 'info' | 'warning' | 'error', text: string): void {
    this.placementNotice.stop();
    this.panel?.status(level, text);
    if (level === 'error') void vscode.window.showErrorMessage(text);
    else if (level === 'warning') void vscode.window.showWarningMessage(text);
  }

  private panelHost(): PanelHost {
    return { viewOf: (runId) => this.viewOf(runId), handle: (message) => this.actions.panel(message), failed: (action, error) => this.actionFailed(action, error) };
  }

  /** A button of a webview led to an unexpected error: the user hears of it, the log keeps it. */
  private actionFailed(action: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.log.error(`The webview action '${action}' failed: ${error instanceof Error && error.stack ? error.stack : message}`);
    this.notify('error', `Consensus could not complete '${action}': ${message}`);
  }

  private adoptPanel(panel: ConsensusPanel): void {
    this.panel?.dispose();
    this.panel = panel;
    const forget = panel.onDidDispose(() => {
      forget.dispose();
      // Closing the setup page gives up the run that waited for it (its question stays in the recent ones).
      if (panel.showingSetup) this.setup.forget();
      if (this.panel === panel) this.panel = undefined;
    });
  }

  private runStarted(run: ActiveRun): void {
    this.setup.forget();
    this.showPanel(run.view);
    this.indicators.started(run.view, () => this.runs.cancel());
    void vscode.commands.executeCommand('setContext', 'consensus.hasRun', true);
    this.sidebar.refresh();
  }

  private async runFinished(run: ActiveRun): Promise<void> {
    this.indicators.finished(run.view.runId);
    // A snapshot settles anything the event stream could not say (e.g. a run that failed to start).
    if (this.panel?.shownRunId === run.view.runId) this.panel.show(run.view);
    // A run cancelled because another started must not reset what the newer one set.
    if (this.runs.current === run && !this.review.running) await vscode.commands.executeCommand('setContext', 'consensus.hasAnswer', Boolean(run.view.synthesis.text));
    // The run's session keeps it in past runs (the sidebar redraws when history changes).
    this.sidebar.refresh();
    if (run.view.status === 'failed') this.runFailed(run.view);
  }

  /**
   * A failed run in the panel on show is said there, politely (the banner, each lane's error); a
   * notification, which VS Code announces as an alert, is only for a run out of view.
   */
  private runFailed(view: RunView): void {
    if (this.panel?.visible && this.panel.shownRunId === view.runId) return;
    void vscode.window.showErrorMessage(`Consensus failed: ${view.error ?? 'every agent failed'}. See the Consensus output for each agent's error.`, 'Show Output').then((choice) => {
      if (choice) this.log.show();
    });
  }

  private async sidebarState(): Promise<SidebarState> {
    const state: SidebarState = { agents: await this.configuredAgents(), pastRuns: await this.history.summaries() };
    if (this.config.demoInUse()) state.demo = true;
    // The latest of this window's run and review is the current one (a review is a run too).
    const current = [this.runs.current?.view, this.review.current?.view].filter((view) => view !== undefined).sort((a, b) => b.createdAt - a.createdAt)[0];
    if (current) state.current = summarizeRun(current);
    return state;
  }

  private async configuredAgents(): Promise<ConfiguredAgent[]> {
    const { agents, problem } = this.config.agentsForDisplay();
    if (problem) return [{ id: 'settings', name: 'consensus.agents', status: 'unreachable', reason: problem }];
    return Promise.all(agents.map(async (agent) => {
      const detail = this.config.demoInUse() ? 'scripted demo agent, served by npm start' : 'model' in agent ? `${agent.provider} · ${agent.model}` : agent.provider;
      if (agent.enabled === false) return { id: agent.id, name: agent.name, detail, status: 'disabled' as const };
      if (needsApiKey(agent) && !isLocalServer(agent) && !(await this.apiKeys.has(agent))) {
        const redirect = await this.apiKeys.redirect(agent);
        const reason = redirect
          ? `Its key was stored for ${describeTarget(redirect.stored)}, not for ${describeTarget(redirect.current)} where this workspace points it: allow that when a run asks, or set the key again.`
          : 'No API key: set one to include this agent.';
        return { id: agent.id, name: agent.name, detail, status: 'key-missing' as const, reason };
      }
      const problem = this.agentHealth.problemOf(agent.id);
      if (problem) {
        // The key was sent and refused, or the agent could not be reached or failed: its kind says which.
        return { id: agent.id, name: agent.name, detail, status: problemStatus(problem), reason: problemReason(problem) };
      }
      return { id: agent.id, name: agent.name, detail, status: 'ready' as const };
    }));
  }
}
