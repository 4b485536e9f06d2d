/**
 * What shows a run is going on outside the panel: a status-bar item (round i/N; click opens the
 * panel), a progress notification with a Cancel button, and the `consensus.running` context key
 * (the Cancel command's menus). Runs and reviews share it. The item and the notification belong
 * to the latest one started, so a cancelled run finishing late cannot clear its successor's; the
 * context key stays set while any of them is still running.
 */
import * as vscode from 'vscode';
import type { ConsensusEvent } from '../../core';
import { currentRound, type RunView } from '../../shared/runView';

export class RunIndicators implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('consensus.status', vscode.StatusBarAlignment.Left, 100);
  private progress: { report: (text: string) => void; end: () => void; cancelling: vscode.Disposable } | undefined;
  /** The run or review the indicators show. */
  private owner: string | undefined;
  /** Runs and reviews started and not yet finished (a cancelled one may still be closing). */
  private readonly running = new Set<string>();

  constructor() {
    this.item.name = 'Consensus';
    this.item.command = 'consensus.openPanel';
  }

  started(view: RunView, cancel: () => void): void {
    this.endProgress();
    this.owner = view.runId;
    this.setRunning(view.runId, true);
    this.update(view);
    this.item.show();
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Consensus${view.demo ? ' (Demo)' : ''}: ${view.title}`, cancellable: true },
      (progress, token) => {
        return new Promise<void>((resolve) => {
          this.progress = {
            report: (message) => progress.report({ message }),
            end: resolve,
            cancelling: token.onCancellationRequested(cancel),
          };
        });
      },
    );
  }

  event(view: RunView, event: ConsensusEvent): void {
    if (view.runId !== this.owner) return;
    if (event.type === 'round-start' || event.type === 'poll' || event.type === 'synthesis-start') {
      this.update(view);
      this.progress?.report(this.describe(view, event));
    }
  }

  /** Hides the indicators if they still show `runId`. */
  finished(runId: string): void {
    this.setRunning(runId, false);
    if (runId !== this.owner) return;
    this.owner = undefined;
    this.item.hide();
    this.endProgress();
  }

  /** The one place that writes `consensus.running`. */
  private setRunning(runId: string, running: boolean): void {
    const before = this.running.size > 0;
    if (running) this.running.add(runId);
    else this.running.delete(runId);
    const after = this.running.size > 0;
    if (after !== before) void vscode.commands.executeCommand('setContext', 'consensus.running', after);
  }

  private endProgress(): void {
    this.progress?.cancelling.dispose();
    this.progress?.end();
    this.progress = undefined;
  }

  private describe(view: RunView, event: ConsensusEvent): string {
    if (event.type === 'synthesis-start') return 'writing the final answer…';
    const round = currentRound(view);
    return round <= 0 ? 'agents are proposing answers…' : `round ${round} of ${view.params.rounds}…`;
  }

  private update(view: RunView): void {
    const round = Math.max(0, currentRound(view));
    this.item.text = `$(sync~spin) Consensus${view.demo ? ' (Demo)' : ''}: round ${round}/${view.params.rounds}`;
    this.item.tooltip = `${view.title}\nClick to show the discussion.`;
  }

  dispose(): void {
    this.endProgress();
    this.item.dispose();
  }
}
