/**
 * The run service's listener as events: built before the service, so the views that show runs
 * (built after it) subscribe instead of being handed to it.
 */
import * as vscode from 'vscode';
import type { ConsensusEvent, ConsensusState } from '../../core';
import type { ActiveRun, RunListener } from './runService';

export class RunFeed implements RunListener, vscode.Disposable {
  private readonly startedRuns = new vscode.EventEmitter<ActiveRun>();
  private readonly runEvents = new vscode.EventEmitter<{ run: ActiveRun; event: ConsensusEvent }>();
  private readonly finishedRuns = new vscode.EventEmitter<{ run: ActiveRun; state: ConsensusState | undefined }>();
  /** A run of this window started. */
  readonly onDidStart = this.startedRuns.event;
  /** One engine event of a run of this window. */
  readonly onDidEvent = this.runEvents.event;
  /** A run of this window ended (its state is undefined when it failed to start). */
  readonly onDidFinish = this.finishedRuns.event;

  started(run: ActiveRun): void {
    this.startedRuns.fire(run);
  }

  event(run: ActiveRun, event: ConsensusEvent): void {
    this.runEvents.fire({ run, event });
  }

  finished(run: ActiveRun, state: ConsensusState | undefined): void {
    this.finishedRuns.fire({ run, state });
  }

  dispose(): void {
    this.startedRuns.dispose();
    this.runEvents.dispose();
    this.finishedRuns.dispose();
  }
}
