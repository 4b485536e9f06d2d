/**
 * The composition root: builds every long-lived service of the extension in one place, in an
 * order where each is handed only what already exists (a narrow host, not the whole), registers
 * each disposable the moment it is made, and wires the services together. What flows back up —
 * a run's events to the views, a webview's requests to the commands, the setup page closing —
 * goes through events subscribed here, so nothing is filled in after construction.
 */
import * as vscode from 'vscode';
import type { FromPanel, FromSidebar, ReplyOf } from '../shared/messages';
import type { RunView } from '../shared/runView';
import { ApiKeys } from './apiKeys';
import { handlePanel, handleSidebar, registerCommands } from './commands';
import { registerFrontEnds, type FrontEnds } from './chat/frontEnds';
import { Config } from './config';
import { DiffPreview } from './editor/diffPreview';
import { Log } from './log';
import { Notices } from './notices';
import { ConsensusPanels } from './panel/consensusPanels';
import { reviewCommands } from './review/reviewCommands';
import { ReviewService } from './review/reviewService';
import { AgentHealth } from './runs/agentHealth';
import { RecentQuestions } from './runs/askQuestion';
import { History } from './runs/history';
import { RunFeed } from './runs/runFeed';
import { RunIndicators } from './runs/runIndicators';
import { presentRuns } from './runs/runPresenter';
import { RunService } from './runs/runService';
import type { ExtensionServices } from './services';
import { SetupFlow } from './setup/setupFlow';
import { SidebarProvider } from './sidebar/sidebarProvider';
import { sidebarState } from './sidebar/sidebarState';
import { Consent } from './trust/consent';
import { webviewFailures } from './webviewChannel';

/** Global-state key: some run was saved to the history. */
const HAS_PAST_RUNS = 'consensus.hasPastRuns';

/** Everything the composition root built. */
export interface Composition {
  readonly services: ExtensionServices;
  /** Chat, agent-mode tools, the model picker and the MCP server. */
  readonly frontEnds: FrontEnds;
  /** The handler of the sidebar's requests, as its page reaches it (for the test API). */
  askFromSidebar(message: Extract<FromSidebar, { type: 'ask' }>): Promise<ReplyOf<'sidebar'> | undefined>;
}

/** Builds the extension's services and registers its commands, views and front-ends. */
export function compose(extension: vscode.ExtensionContext): Composition {
  const register = <T extends vscode.Disposable>(disposable: T): T => {
    extension.subscriptions.push(disposable);
    return disposable;
  };

  // Services that need nothing of the others.
  const log = register(new Log());
  const config = new Config();
  const consent = new Consent(extension.globalState);
  const apiKeys = new ApiKeys(extension.secrets, log, consent, (agentId) => config.userAgentTarget(agentId));
  const history = register(new History(extension.globalStorageUri, log, () => config.historyMaxRuns()));
  const recentQuestions = new RecentQuestions(extension.globalState);
  const indicators = register(new RunIndicators());
  const diff = register(new DiffPreview());
  const agentHealth = new AgentHealth();
  const notices = register(new Notices());

  // The views, and the runs they show. The run service reports to a feed the views subscribe to.
  const failures = webviewFailures({
    warn: (text) => log.warn(text),
    error: (text) => log.error(text),
    notify: (level, text) => notices.notify(level, text),
  });
  const panels = register(new ConsensusPanels(extension.extensionUri, notices, failures));
  const sidebar = register(new SidebarProvider(extension.extensionUri, failures));
  register(
    vscode.window.registerWebviewViewProvider(SidebarProvider.viewId, sidebar, { webviewOptions: { retainContextWhenHidden: true } }),
  );
  const feed = register(new RunFeed());
  const runs = register(new RunService(config, apiKeys, consent, log, feed, { history, health: agentHealth }));
  const viewOfLive = (runId: string): RunView | undefined => (runs.current?.view.runId === runId ? runs.current.view : undefined);
  const review = register(
    new ReviewService({
      config,
      changed: () => sidebar.refresh(),
      log,
      runs,
      indicators,
      agentHealth,
      history,
      showPanel: (view) => panels.show(view),
      viewOf: async (runId) => viewOfLive(runId) ?? history.get(runId),
      notify: (level, text) => notices.notify(level, text),
    }),
  );
  const viewOf = async (runId: string): Promise<RunView | undefined> => viewOfLive(runId) ?? review.viewOf(runId) ?? history.get(runId);
  const setup = register(new SetupFlow({ config, apiKeys, recentQuestions, runs, showSetup: (view) => panels.showSetup(view) }));
  register(presentRuns({ feed, runs, review, panels, sidebar, indicators, log, forgetSetup: () => setup.forget() }));

  const services: ExtensionServices = Object.freeze({
    log,
    config,
    apiKeys,
    consent,
    history,
    recentQuestions,
    runs,
    review,
    setup,
    diff,
    notices,
    register,
    viewOf,
    shownRun: async () => {
      const runId = panels.shownRunId ?? runs.current?.view.runId;
      return runId ? viewOf(runId) : undefined;
    },
    showPanel: (view?: RunView) => panels.show(view),
    refreshSidebar: () => sidebar.refresh(),
  });

  // What flows back: the pages' requests, the setup page closing, changes the sidebar lists.
  const answerSidebar = (message: FromSidebar): Promise<ReplyOf<'sidebar'> | undefined> =>
    message.type === 'ready'
      ? sidebarState({ config, apiKeys, history, agentHealth, currentViews: () => [runs.current?.view, review.current?.view] }).then(
          (state) => ({ type: 'state', state }),
        )
      : handleSidebar(services, message);
  const answerPanel = async (message: FromPanel): Promise<ReplyOf<'panel'> | undefined> => {
    if (message.type === 'ready') return panels.snapshot(viewOf);
    await handlePanel(services, message);
    return undefined;
  };
  register(panels.onDidRequest((request) => request.respondWith(answerPanel(request.message))));
  register(sidebar.onDidRequest((request) => request.respondWith(answerSidebar(request.message))));
  // Closing the setup page gives up the run that waited for it (its question stays in the recent ones).
  register(panels.onDidCloseSetup(() => setup.forget()));
  register(history.onDidChange(() => sidebar.refresh()));
  const healthChanged = (): void => {
    agentHealth.clear();
    sidebar.refresh();
  };
  register(config.onDidChange(healthChanged));
  register(apiKeys.onDidChange(healthChanged));
  // Past runs survive a reload, and so do the commands that act on them (a memento, not the
  // history folder, so activation reads no file).
  if (extension.globalState.get<boolean>(HAS_PAST_RUNS, false)) {
    void vscode.commands.executeCommand('setContext', 'consensus.hasRun', true);
    void vscode.commands.executeCommand('setContext', 'consensus.hasAnswer', true);
  }
  register(history.onDidChange(() => void extension.globalState.update(HAS_PAST_RUNS, true)));

  registerCommands(services, reviewCommands);
  const frontEnds = registerFrontEnds({
    extension,
    extensionUri: extension.extensionUri,
    config,
    apiKeys,
    consent,
    log,
    history,
    agentHealth,
    runs,
    register,
    viewOf,
    showPanel: (view?: RunView) => panels.show(view),
  });
  return { services, frontEnds, askFromSidebar: (message) => handleSidebar(services, message) };
}
