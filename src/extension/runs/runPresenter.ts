/**
 * What a run of this window does to the rest of the editor: the panel, the sidebar, the status
 * bar and progress, the context keys of the answer commands, and the notification for a failed run out of view.
 */
import * as vscode from 'vscode';
import type { RunView } from '../../shared/runView';
import type { Log } from '../log';
import type { ConsensusPanels } from '../panel/consensusPanels';
import type { RunFeed } from './runFeed';
import type { RunIndicators } from './runIndicators';
import type { ActiveRun, RunService } from './runService';

/** What the presenter uses of the extension's services. */
export interface RunPresenterHost {
  readonly feed: RunFeed;
  readonly runs: Pick<RunService, 'current' | 'cancel'>;
  /** Whether a review is running (it owns the answer commands' context key then). */
  readonly review: { readonly running: boolean };
  readonly panels: Pick<ConsensusPanels, 'show' | 'update' | 'shownRunId' | 'visible' | 'event'>;
  readonly sidebar: { refresh(): void };
  readonly indicators: Pick<RunIndicators, 'started' | 'event' | 'finished'>;
  readonly log: Log;
  /** A run started another way than through the setup page: nothing waits for it any more. */
  forgetSetup(): void;
}

/** Subscribes the editor to the runs of `host.feed`; dispose to stop. */
export function presentRuns(host: RunPresenterHost): vscode.Disposable {
  return vscode.Disposable.from(
    host.feed.onDidStart((run) => started(host, run)),
    host.feed.onDidEvent(({ run, event }) => {
      host.panels.event(run.view.runId, event);
      host.indicators.event(run.view, event);
      // The sidebar shows states, not text: streamed deltas need no refresh.
      if (event.type !== 'agent-text' && event.type !== 'synthesis-text') host.sidebar.refresh();
    }),
    host.feed.onDidFinish(({ run }) => void finished(host, run)),
  );
}

function started(host: RunPresenterHost, run: ActiveRun): void {
  host.forgetSetup();
  host.panels.show(run.view);
  host.indicators.started(run.view, () => host.runs.cancel());
  void vscode.commands.executeCommand('setContext', 'consensus.hasRun', true);
  host.sidebar.refresh();
}

async function finished(host: RunPresenterHost, run: ActiveRun): Promise<void> {
  host.indicators.finished(run.view.runId);
  // A snapshot settles anything the event stream could not say (e.g. a run that failed to start).
  host.panels.update(run.view);
  // A run cancelled because another started must not reset what the newer one set.
  if (host.runs.current === run && !host.review.running)
    await vscode.commands.executeCommand('setContext', 'consensus.hasAnswer', Boolean(run.view.synthesis.text));
  // The run's session keeps it in past runs and records the agents' health (src/app/session.ts).
  host.sidebar.refresh();
  if (run.view.status === 'failed') failed(host, run.view);
}

/**
 * A failed run in the panel on show is said there, politely (the banner, each lane's error); a
 * notification, which VS Code announces as an alert, is only for a run out of view.
 */
function failed(host: RunPresenterHost, view: RunView): void {
  if (host.panels.visible && host.panels.shownRunId === view.runId) return;
  void vscode.window
    .showErrorMessage(
      `Consensus failed: ${view.error ?? 'every agent failed'}. See the Consensus output for each agent's error.`,
      'Show Output',
    )
    .then((choice) => {
      if (choice) host.log.show();
    });
}
