/**
 * The extension's long-lived services as the commands see them: every one built by the
 * composition root (compositionRoot.ts) before the first command is registered, and none
 * replaced afterwards (the record is frozen).
 */
import type * as vscode from 'vscode';
import type { RunView } from '../shared/runView';
import type { ApiKeys } from './apiKeys';
import type { Config } from './config';
import type { Consent } from './trust/consent';
import type { DiffPreview } from './editor/diffPreview';
import type { Log } from './log';
import type { Notices } from './notices';
import type { ConsensusPanel } from './panel/consensusPanel';
import type { RecentQuestions } from './runs/askQuestion';
import type { History } from './runs/history';
import type { RunService } from './runs/runService';
import type { ReviewService } from './review/reviewService';
import type { SetupFlow } from './setup/setupFlow';

export interface ExtensionServices {
  readonly log: Log;
  readonly config: Config;
  readonly apiKeys: ApiKeys;
  /** The user's one-time decisions about what a workspace's agents may do. */
  readonly consent: Consent;
  readonly history: History;
  readonly recentQuestions: RecentQuestions;
  readonly runs: RunService;
  readonly review: ReviewService;
  readonly setup: SetupFlow;
  readonly diff: DiffPreview;
  /** The panel's status line and the notifications. */
  readonly notices: Notices;
  /** Ties a disposable to the extension's lifetime. */
  register<T extends vscode.Disposable>(disposable: T): T;
  /** The live view of a run of this window, or the saved one. */
  viewOf(runId: string): Promise<RunView | undefined>;
  /** The run the panel shows (else the latest of this window). */
  shownRun(): Promise<RunView | undefined>;
  /** Shows the panel (created when closed), on `view` when given. */
  showPanel(view?: RunView): ConsensusPanel;
  /** Redraws the sidebar soon. */
  refreshSidebar(): void;
}
