/**
 * What shows a run is going on outside the panel: a status-bar item (round i/N; click opens the
 * panel) and a progress notification with a Cancel button.
 */
import * as vscode from 'vscode';
import type { ConsensusEvent } from '../../core';
import { currentRound, type RunView } from '../../shared/runView';

export class RunIndicators implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('consensus.status', vscode.StatusBarAlignment.Left, 100);
  private progress: { report: (text: string) => void; end: () => void } | undefined;

  constructor() {
    this.item.name = 'Consensus';
    this.item.command = 'consensus.openPanel';
  }

  started(view: RunView, cancel: () => void): void {
    this.update(view);
    this.item.show();
    this.progress?.end();
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Consensus: ${view.title}`, cancellable: true }, (progress, token) => {
      token.onCancellationRequested(cancel);
      return new Promise<void>((resolve) => {
        this.progress = {
          report: (message) => progress.report({ message }),
          end: resolve,
        };
      });
    });
  }

  event(view: RunView, event: ConsensusEvent): void {
    if (event.type === 'round-start' || event.type === 'poll' || event.type === 'synthesis-start') {
      this.update(view);
      this.progress?.report(this.describe(view, event));
    }
  }

  finished(): void {
    this.item.hide();
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
    this.item.text = `$(sync~spin) Consensus: round ${round}/${view.params.rounds}`;
    this.item.tooltip = `${view.title}\nClick to show the discussion.`;
  }

  dispose(): void {
    this.finished();
    this.item.dispose();
  }
}
