/**
 * Review Selection in the editor: reviews the selection (whole lines) or the whole file with the
 * same agents and settings as a run, started as a session of the application layer
 * (`startReviewSession`, which keeps the review's view and its place in past runs); streams the
 * review to the panel's review layout, shows progress with cancel and turns its findings into
 * diagnostics that follow the text. One review at a time; starting one cancels any run or review.
 */
import * as vscode from 'vscode';
import type { AgentConfig } from '../../agents';
import type { ChangesEvent, ChangesReviewState } from '../../app/reviewChanges';
import type { RunSession, SessionDeps } from '../../app/session';
import type { RunHandle } from '../../app/types';
import type { ChangesPlan } from '../../review/changes/plan';
import { reviewedLines } from '../../editor/findings';
import { shiftRangeByAll, type OffsetRange } from '../../editor/trackedRange';
import type { ReviewFinding, ReviewFocus, ReviewState } from '../../review';
import type { RunView } from '../../shared/runView';
import { agentsRuntime } from '../agentsRuntime';
import { protocolOptions, type Config, type RunSettings } from '../config';
import type { Log } from '../log';
import type { ConsensusPanel } from '../panel/consensusPanel';
import type { AgentHealth } from '../runs/agentHealth';
import type { History } from '../runs/history';
import type { RunIndicators } from '../runs/runIndicators';
import type { RunService } from '../runs/runService';
import { ReviewDiagnostics } from './diagnostics';
import { registerFindingFixes } from './codeActions';
import { registerFindingHover } from './hover';

/** What to review: whole lines of a document, with an optional focus. */
export interface ReviewTarget {
  document: vscode.TextDocument;
  /** 0-based, inclusive. */
  startLine: number;
  endLine: number;
  focus: ReviewFocus | undefined;
}

/** A change to review: its repository, the planned batches, and how it was read (for Run Again). */
export interface ChangesTarget {
  root: vscode.Uri;
  plan: ChangesPlan;
  /** How the change was read, e.g. "working tree vs HEAD". */
  title: string;
  focus: ReviewFocus | undefined;
  /** Passed back unchanged by Run Again: what the command needs to read the change again. */
  source: unknown;
}

/** Any review's handle: a selection's events are a subset of a change's. */
type AnyReviewHandle = RunHandle<ChangesEvent, ReviewState>;

/** A review in progress or finished in this window. */
export interface ActiveReview {
  view: RunView;
  uri: vscode.Uri;
  /** The file as the agents and the panel name it (workspace-relative when it can be). */
  file: string;
  /** The lines reviewed (as they were numbered when it started) and the focus, for Run Again. */
  request: { startLine: number; endLine: number; focus: ReviewFocus | undefined };
  /** Aborting it cancels the review (as `ReviewService.cancel` does). */
  controller: AbortController;
  /** The review in the application layer, once started. */
  handle?: AnyReviewHandle;
  /** Set for a review of a change (several files): what was reviewed. */
  changes?: ChangesTarget;
  /** Settles when the review ended (undefined when it failed before deciding anything). */
  done: Promise<ReviewState | undefined>;
}

/** The reviewed lines of a document, followed through the user's edits while the agents work. */
class ReviewedLines implements vscode.Disposable {
  private readonly lines: OffsetRange[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(
    document: vscode.TextDocument,
    readonly startLine: number,
    endLine: number,
  ) {
    for (let line = startLine; line <= endLine; line++) {
      const range = document.lineAt(line).range;
      this.lines.push({ start: document.offsetAt(range.start), end: document.offsetAt(range.end) });
    }
    const uri = document.uri.toString();
    this.subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.uri.toString() !== uri || event.contentChanges.length === 0) return;
      const edits = event.contentChanges.map((change) => ({
        offset: change.rangeOffset,
        length: change.rangeLength,
        insertedLength: change.text.length,
      }));
      for (let index = 0; index < this.lines.length; index++) this.lines[index] = shiftRangeByAll(this.lines[index]!, edits);
    });
  }

  /** Where file lines startLine..endLine (0-based, inclusive) of the review are now. */
  offsetsOf(startLine: number, endLine: number): OffsetRange {
    const at = (line: number): OffsetRange => this.lines[Math.min(Math.max(line - this.startLine, 0), this.lines.length - 1)]!;
    return { start: at(startLine).start, end: Math.max(at(startLine).start, at(endLine).end) };
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** What a review needs from the rest of the extension. */
export interface ReviewServiceDeps {
  config: Config;
  /** The review's state changed (started, a round, findings, the end): views that list it redraw. */
  changed(): void;
  log: Log;
  /** Runs and reviews cancel each other, and share what a session needs (agents, log, demo). */
  runs: Pick<RunService, 'cancel' | 'addCanceller' | 'sessionDeps'>;
  indicators: Pick<RunIndicators, 'started' | 'event' | 'finished'>;
  agentHealth: Pick<AgentHealth, 'record'>;
  history: Pick<History, 'save'>;
  /** Shows the panel (created when closed) on `view`. */
  showPanel(view: RunView): ConsensusPanel;
  /** The view of a run of this window or a saved one, for revealing a finding of a past review. */
  viewOf(runId: string): Promise<RunView | undefined>;
  /** A transient line in the panel, and a notification for warnings and errors. */
  notify(level: 'info' | 'warning' | 'error', text: string): void;
}

/** The file as the agents and the panel name it: workspace-relative, else its URI. */
function fileLabel(document: vscode.TextDocument): string {
  if (document.isUntitled) return document.uri.path;
  return vscode.workspace.getWorkspaceFolder(document.uri) ? vscode.workspace.asRelativePath(document.uri, false) : document.uri.toString();
}

export class ReviewService implements vscode.Disposable {
  /** The findings of the latest review of each file, as diagnostics. */
  readonly findings: ReviewDiagnostics;
  private readonly disposables: vscode.Disposable[] = [];
  private active: ActiveReview | undefined;
  private lines: ReviewedLines | undefined;
  private panel: ConsensusPanel | undefined;

  constructor(private readonly deps: ReviewServiceDeps) {
    this.findings = new ReviewDiagnostics(deps.config);
    this.disposables.push(
      this.findings,
      registerFindingHover(this.findings),
      registerFindingFixes(this.findings),
      // Cancel (command, panel, sidebar) and starting a run stop a review as they stop a run.
      deps.runs.addCanceller(() => this.cancel()),
    );
  }

  get current(): ActiveReview | undefined {
    return this.active;
  }

  get running(): boolean {
    return this.active?.view.status === 'running';
  }

  /** The target of `editor`: its selection's whole lines, or the whole file when nothing is selected. */
  static targetOf(editor: vscode.TextEditor, focus: ReviewFocus | undefined): ReviewTarget {
    const document = editor.document;
    const { start, end } = editor.selection;
    const lastLineEmpty = document.lineAt(document.lineCount - 1).text === '';
    const lines = reviewedLines(
      { startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character },
      document.lineCount,
      lastLineEmpty,
    );
    return { document, ...lines, focus };
  }

  /** Starts a review of `target`; the returned review's `done` settles when it ends. */
  start(target: ReviewTarget, agentConfigs: AgentConfig[], settings: RunSettings): ActiveReview {
    const { document, startLine, endLine, focus } = target;
    const code = document.getText(new vscode.Range(startLine, 0, endLine, document.lineAt(endLine).text.length));
    const file = fileLabel(document);
    const lines = startLine === endLine ? `line ${startLine + 1}` : `lines ${startLine + 1}–${endLine + 1}`;
    const controller = new AbortController();
    // Made first: a configuration that cannot make an agent throws to the caller before anything is cancelled.
    const session = agentsRuntime().startReviewSession(
      {
        title: `${file}, ${lines}${focus ? ` · ${focus}` : ''}`,
        prompt: `Review ${file}, ${lines}${focus ? `, focusing on ${focus}` : ''}`,
        code,
        startLine,
        fileName: file,
        language: document.languageId,
        ...(focus ? { focus } : {}),
        agents: agentConfigs,
        settings: protocolOptions(settings),
        signal: controller.signal,
      },
      this.sessionDeps(settings),
    );
    this.deps.runs.cancel();
    const review: ActiveReview = {
      view: session.view,
      uri: document.uri,
      file,
      request: { startLine, endLine, focus },
      controller,
      handle: session.handle,
      done: Promise.resolve(undefined),
    };
    // Each review follows its own lines until its findings are placed (a cancelled one still places them).
    const reviewed = new ReviewedLines(document, startLine, endLine);
    this.lines = reviewed;
    this.follow(review, session, reviewed);
    return review;
  }

  /**
   * Starts a review of a change (several files, in batches the budget can pay for) through the
   * same panel, progress, cancel, history and diagnostics as a selection's review.
   */
  startChanges(target: ChangesTarget, agentConfigs: AgentConfig[], settings: RunSettings): ActiveReview {
    const { plan, focus, root } = target;
    const controller = new AbortController();
    const session = agentsRuntime().startChangesSession(
      {
        title: `${target.title}: ${plan.files.length === 1 ? plan.files[0] : `${plan.files.length} files`}${focus ? ` · ${focus}` : ''}`,
        prompt: `Review the ${target.title} (${plan.files.join(', ') || 'nothing to review'})${focus ? `, focusing on ${focus}` : ''}`,
        plan,
        source: target.title,
        ...(focus ? { focus } : {}),
        agents: agentConfigs,
        settings: protocolOptions(settings),
        signal: controller.signal,
      },
      this.sessionDeps(settings),
    );
    this.deps.runs.cancel();
    const review: ActiveReview = {
      view: session.view,
      uri: root,
      file: target.title,
      request: { startLine: 0, endLine: 0, focus },
      controller,
      handle: session.handle,
      changes: target,
      done: Promise.resolve(undefined),
    };
    this.lines?.dispose();
    this.lines = undefined;
    if (plan.leftOut.length > 0) this.deps.notify('warning', `Not reviewed: ${leftOutText(plan.leftOut)}.`);
    this.follow(review, session, undefined);
    return review;
  }

  /** What a review session needs: the run service's, with this service's history and agents' health. */
  private sessionDeps(settings: RunSettings): SessionDeps {
    return { ...this.deps.runs.sessionDeps(settings), history: this.deps.history, health: this.deps.agentHealth };
  }

  /** Shows `review` as its session goes: the panel, progress, the sidebar; then its end. */
  private follow(review: ActiveReview, session: RunSession<ChangesEvent, ReviewState>, lines: ReviewedLines | undefined): void {
    this.active = review;
    this.showPanel(review.view);
    this.deps.indicators.started(review.view, () => this.cancel());
    this.deps.changed();
    void vscode.commands.executeCommand('setContext', 'consensus.hasRun', true);
    session.onEvent((event, view) => {
      review.view = view;
      this.event(review, event);
    });
    review.done = session.result.then(async ({ view, state }) => {
      review.view = view;
      await this.finished(review, lines, state);
      // Past runs hold the review once `done` settles.
      await session.saved;
      return state;
    });
  }

  /**
   * The target of the latest review again (same file, same line numbers, same focus), for Run
   * Again; undefined when there was none or its file cannot be opened.
   */
  async lastTarget(): Promise<ReviewTarget | undefined> {
    const last = this.active;
    if (!last || last.changes) return undefined;
    const document = await vscode.workspace.openTextDocument(last.uri).then(
      (opened) => opened,
      () => undefined,
    );
    if (!document) return undefined;
    const endLine = Math.min(last.request.endLine, document.lineCount - 1);
    return { document, startLine: Math.min(last.request.startLine, endLine), endLine, focus: last.request.focus };
  }

  /** Cancels the review in progress, if any. */
  cancel(): boolean {
    if (!this.active || this.active.view.status !== 'running') return false;
    if (this.active.handle) this.active.handle.cancel();
    else this.active.controller.abort();
    return true;
  }

  /** The live view of the review `runId`, while it is this window's latest. */
  viewOf(runId: string): RunView | undefined {
    return this.active?.view.runId === runId ? this.active.view : undefined;
  }

  /** Opens the file of finding `findingId` of review `runId` and selects its lines (where they are now). */
  async reveal(runId: string, findingId: string): Promise<boolean> {
    const tracked = this.findings.find(runId, findingId);
    let uri = tracked?.uri;
    let range = tracked?.range;
    if (!tracked) {
      const view = this.viewOf(runId) ?? (await this.deps.viewOf(runId));
      const finding = view?.findings.find((candidate) => candidate.id === findingId);
      if (!finding) {
        void vscode.window.showInformationMessage('That finding is no longer available.');
        return false;
      }
      const live = this.active?.view.runId === runId ? this.active : undefined;
      // A change's findings name their file relative to its repository.
      uri =
        live?.changes && finding.file !== undefined
          ? vscode.Uri.joinPath(live.changes.root, finding.file)
          : (live?.uri ?? (finding.file !== undefined ? await resolveFile(finding.file) : undefined));
      if (!uri) {
        void vscode.window.showInformationMessage(`Cannot find ${finding.file ?? 'the reviewed file'} in this workspace.`);
        return false;
      }
      const document = await vscode.workspace.openTextDocument(uri);
      if (live && !live.changes && this.lines) {
        const offsets = this.lines.offsetsOf(finding.startLine, finding.endLine);
        range = new vscode.Range(document.positionAt(offsets.start), document.positionAt(offsets.end));
      } else {
        const last = Math.min(finding.endLine, document.lineCount - 1);
        range = new vscode.Range(Math.min(finding.startLine, last), 0, last, document.lineAt(last).text.length);
      }
    }
    if (!uri || !range) return false;
    const column =
      vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString())?.viewColumn ??
      vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: column, selection: range, preview: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  }

  /** The VS Code side of one event; the session has folded it into `review.view` already. */
  private event(review: ActiveReview, event: ChangesEvent): void {
    const runId = review.view.runId;
    switch (event.type) {
      case 'batch-start':
        this.deps.notify(
          'info',
          `Reviewing ${event.batches > 1 ? `batch ${event.batch} of ${event.batches}: ` : ''}${event.files.join(', ')}…`,
        );
        return;
      case 'review-start':
        if (this.panel?.shownRunId === runId) this.panel.show(review.view);
        return;
      case 'findings':
        this.panel?.findings(runId, review.view.findings);
        this.deps.changed();
        return;
      case 'finding-decided':
      case 'parsed':
        return;
      default:
        this.panel?.event(runId, event);
        this.deps.indicators.event(review.view, event);
        if (event.type !== 'agent-text') this.deps.changed();
    }
  }

  private async finished(review: ActiveReview, lines: ReviewedLines | undefined, state: ReviewState | undefined): Promise<void> {
    this.deps.indicators.finished(review.view.runId);
    // A review where every call failed leaves the previous findings of the file on show.
    if (state && state.reason !== 'all-failed') {
      try {
        if (review.changes) await this.placeChanges(review, review.changes, state as ChangesReviewState);
        else if (lines) await this.place(review, lines, state.findings);
      } catch (error) {
        // The file was deleted or renamed meanwhile: the findings stay in the panel and history.
        this.deps.log.warn(
          `Could not show the findings of review ${review.view.runId} in ${review.file}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    // From here the diagnostics follow the text; the review's own tracking is no longer needed.
    lines?.dispose();
    if (lines && this.lines === lines) this.lines = undefined;
    // A snapshot settles anything the event stream could not say (e.g. a review that failed to start).
    if (this.panel?.shownRunId === review.view.runId) this.panel.show(review.view);
    this.deps.changed();
    if (review.view.status === 'failed') {
      const choice = await vscode.window.showErrorMessage(
        `Consensus review failed: ${review.view.error ?? 'every agent failed'}. See the Consensus output for each agent's error.`,
        'Show Output',
      );
      if (choice) this.deps.log.show();
      return;
    }
    const summary =
      review.view.findings.length === 0
        ? 'Review finished: the agents found no problems.'
        : `Review finished: ${(['accepted', 'disputed', 'rejected'] as const).map((kind) => `${review.view.findings.filter((finding) => finding.state === kind).length} ${kind}`).join(', ')}.`;
    const leftOut = review.changes && state ? (state as ChangesReviewState).leftOut : [];
    if (leftOut.length > 0) {
      // What was not reviewed is said, not hidden: a warning (a notification too), and each file in the log.
      for (const part of leftOut) this.deps.log.warn(`Review ${review.view.runId}: ${part.file}: ${part.reason}.`);
      this.deps.notify('warning', `${summary} Not reviewed: ${leftOutText(leftOut)}.`);
      return;
    }
    this.deps.notify('info', summary);
  }

  /** Shows the review's findings as diagnostics, on the lines where the reviewed text now is. */
  private async place(review: ActiveReview, lines: ReviewedLines, findings: readonly ReviewFinding[]): Promise<void> {
    const document = await vscode.workspace.openTextDocument(review.uri);
    this.findings.replace(
      document,
      review.view.runId,
      review.view.agents,
      findings.map((finding) => ({
        finding,
        offsets: lines.offsetsOf(finding.startLine, finding.endLine),
      })),
    );
  }

  /**
   * Shows a change review's findings as diagnostics in each reviewed file, at the file lines the
   * agents were shown; reviewed files without findings lose the findings of an earlier review.
   */
  private async placeChanges(review: ActiveReview, changes: ChangesTarget, state: ChangesReviewState): Promise<void> {
    const files = [
      ...new Set([...state.reviewedFiles, ...state.findings.flatMap((finding) => (finding.file !== undefined ? [finding.file] : []))]),
    ];
    for (const file of files) {
      try {
        const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(changes.root, file));
        const placed = state.findings
          .filter((finding) => finding.file === file)
          .map((finding) => {
            const last = Math.max(0, Math.min(finding.endLine, document.lineCount - 1));
            const first = Math.min(finding.startLine, last);
            return {
              finding,
              offsets: { start: document.offsetAt(new vscode.Position(first, 0)), end: document.offsetAt(document.lineAt(last).range.end) },
            };
          });
        this.findings.replace(document, review.view.runId, review.view.agents, placed);
      } catch (error) {
        // Deleted or renamed meanwhile: its findings stay in the panel and history.
        this.deps.log.warn(
          `Could not show the findings of review ${review.view.runId} in ${file}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }

  private showPanel(view: RunView): void {
    const panel = this.deps.showPanel(view);
    if (panel === this.panel) return;
    this.panel = panel;
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
  }

  dispose(): void {
    this.cancel();
    this.lines?.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

/** "a.ts (binary file: no lines to review); b.ts (…)", at most five, then how many more. */
function leftOutText(leftOut: ReadonlyArray<{ file: string; reason: string }>): string {
  const shown = leftOut.slice(0, 5).map((part) => `${part.file} (${part.reason})`);
  if (leftOut.length > shown.length) shown.push(`and ${leftOut.length - shown.length} more (see the Consensus output)`);
  return shown.join('; ');
}

/** A finding's `file` back to a URI: a path relative to one of the workspace folders, or a URI. */
async function resolveFile(file: string): Promise<vscode.Uri | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const candidate = vscode.Uri.joinPath(folder.uri, file);
    try {
      await vscode.workspace.fs.stat(candidate);
      return candidate;
    } catch {
      // Not in this folder; try the next.
    }
  }
  // Files outside the workspace are kept as URIs (a scheme, then a colon and more than a drive letter).
  return /^[a-z][a-z0-9+.-]+:/i.test(file) ? vscode.Uri.parse(file) : undefined;
}
