/**
 * The findings of the latest review of each file, shown as diagnostics (source "Consensus") on
 * their lines. VS Code does not move diagnostics when the text changes, so each finding's lines are
 * tracked as document offsets through every change (src/editor/findings.ts `followEdits`) and the
 * diagnostics are republished. Hover and quick fix read the same tracked findings.
 */
import * as vscode from 'vscode';
import { diagnosticMessage, diagnosticSeverity, followEdits, isFixed } from '../../editor/findings';
import type { OffsetRange } from '../../editor/trackedRange';
import type { ReviewFinding } from '../../review';
import type { AgentView, FindingSeverity } from '../../shared/runView';
import type { Config } from '../config';

/** A finding of a finished review and where its lines are now. */
export interface TrackedFinding {
  readonly runId: string;
  readonly uri: vscode.Uri;
  readonly finding: ReviewFinding;
  /** The review's participants, with their labels and names (for the hover). */
  readonly agents: readonly AgentView[];
  /** The finding's whole lines as document offsets, from the start of the first to the end of the last's text. */
  offsets: OffsetRange;
  /** The same lines as a range, kept so diagnostics can be redrawn while the document is closed. */
  range: vscode.Range;
}

/** A finding as the review service hands it over: the finding and its lines in the document now. */
export interface PlacedFinding {
  finding: ReviewFinding;
  offsets: OffsetRange;
}

/** The `source` of every diagnostic of a review. */
export const DIAGNOSTIC_SOURCE = 'Consensus';

const SEVERITY: Record<FindingSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export class ReviewDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('consensus.review');
  /** Document URI → its findings, from the latest review of that document. */
  private readonly documents = new Map<string, TrackedFinding[]>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly config: Config) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidChangeTextDocument((event) => this.follow(event)),
      // The disputed-findings setting shows or hides hints at once, without a new review.
      config.onDidChange(() => {
        for (const key of this.documents.keys()) this.publish(key);
      }),
    );
  }

  /** Replaces every finding of `document` (a new review of it) with `findings`. */
  replace(document: vscode.TextDocument, runId: string, agents: readonly AgentView[], findings: readonly PlacedFinding[]): void {
    const key = document.uri.toString();
    this.documents.set(
      key,
      findings.map(({ finding, offsets }) => ({
        runId,
        uri: document.uri,
        finding,
        agents,
        offsets,
        range: new vscode.Range(document.positionAt(offsets.start), document.positionAt(offsets.end)),
      })),
    );
    this.publish(key);
  }

  /** Removes every finding of every file; false when there was none. */
  clear(): boolean {
    const had = this.documents.size > 0;
    this.documents.clear();
    this.collection.clear();
    return had;
  }

  /** The findings of `uri` that are on show (diagnostics) and touch `range`. */
  shownAt(uri: vscode.Uri, range: vscode.Range): TrackedFinding[] {
    const disputed = this.config.disputedFindings();
    return (this.documents.get(uri.toString()) ?? []).filter(
      (tracked) => diagnosticSeverity(tracked.finding, disputed) !== undefined && tracked.range.intersection(range) !== undefined,
    );
  }

  /** The tracked finding `findingId` of review `runId`, if its file still has it. */
  find(runId: string, findingId: string): TrackedFinding | undefined {
    for (const findings of this.documents.values()) {
      const found = findings.find((tracked) => tracked.runId === runId && tracked.finding.id === findingId);
      if (found) return found;
    }
    return undefined;
  }

  /** The diagnostic shown for a tracked finding, if it is on show. */
  diagnosticOf(tracked: TrackedFinding): vscode.Diagnostic | undefined {
    return this.collection
      .get(tracked.uri)
      ?.find((diagnostic) => diagnostic.code === tracked.finding.id && diagnostic.range.isEqual(tracked.range));
  }

  private follow(event: vscode.TextDocumentChangeEvent): void {
    const key = event.document.uri.toString();
    const findings = this.documents.get(key);
    if (!findings || event.contentChanges.length === 0) return;
    const edits = event.contentChanges.map((change) => ({
      offset: change.rangeOffset,
      length: change.rangeLength,
      insertedLength: change.text.length,
    }));
    const kept: TrackedFinding[] = [];
    for (const tracked of findings) {
      const followed = followEdits(tracked.offsets, edits);
      // A finding whose lines were deleted has nothing left to point at.
      if (followed.kind === 'deleted') continue;
      const range = new vscode.Range(event.document.positionAt(followed.range.start), event.document.positionAt(followed.range.end));
      // Once its lines read as the agreed replacement, the problem is fixed.
      if (isFixed(event.document.getText(range), tracked.finding.replacement)) continue;
      tracked.offsets = followed.range;
      tracked.range = range;
      kept.push(tracked);
    }
    this.documents.set(key, kept);
    this.publish(key);
  }

  private publish(key: string): void {
    const findings = this.documents.get(key);
    const uri = findings?.[0]?.uri ?? vscode.Uri.parse(key);
    const disputed = this.config.disputedFindings();
    const diagnostics: vscode.Diagnostic[] = [];
    for (const tracked of findings ?? []) {
      const severity = diagnosticSeverity(tracked.finding, disputed);
      if (severity === undefined) continue;
      const diagnostic = new vscode.Diagnostic(
        tracked.range,
        diagnosticMessage(tracked.finding, tracked.agents.length),
        SEVERITY[severity],
      );
      diagnostic.source = DIAGNOSTIC_SOURCE;
      // The finding's id, as the panel lists it, so the two can be matched.
      diagnostic.code = tracked.finding.id;
      diagnostics.push(diagnostic);
    }
    this.collection.set(uri, diagnostics);
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.documents.clear();
  }
}
