/**
 * The commands of Review Selection, as factories `(ctx) => handler` for registerCommands:
 * Review Selection (with its focus quick pick), Clear Review Findings, and the panel's
 * reveal-a-finding action.
 */
import * as vscode from 'vscode';
import { REVIEW_FOCUSES, type ReviewFocus } from '../../review';
import type { CommandFactory } from '../commandFactory';
import type { ExtensionServices } from '../services';
import { reportSetupProblem } from '../runs/setupProblems';
import { rerunChangesReview, reviewChanges } from './reviewChangesCommand';
import { ReviewService, type ReviewTarget } from './reviewService';

interface FocusItem extends vscode.QuickPickItem {
  focus: ReviewFocus | undefined;
}

const FOCUS_DETAIL: Record<ReviewFocus, string> = {
  security: 'injection, untrusted input, secrets, authentication, path traversal, cryptography',
  performance: 'needless work, complexity, allocations or I/O in hot paths, blocking calls',
  correctness: 'logic errors, edge cases, off-by-one, null handling, error handling, races',
  style: 'naming, structure, duplication, dead code, idioms of the language',
};

/** Asks what the review should concentrate on; undefined when the user dismissed the pick. */
async function pickFocus(): Promise<{ focus: ReviewFocus | undefined } | undefined> {
  const items: FocusItem[] = [
    { label: 'No particular focus', description: 'bugs, security, performance and readability', focus: undefined },
    ...REVIEW_FOCUSES.map((focus): FocusItem => ({
      label: focus[0]!.toUpperCase() + focus.slice(1),
      description: FOCUS_DETAIL[focus],
      focus,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Consensus: Review Selection',
    placeHolder: 'What should the review concentrate on?',
  });
  return picked ? { focus: picked.focus } : undefined;
}

/** A focus passed as the command's argument: one of REVIEW_FOCUSES, or 'none'. */
function focusArgument(value: unknown): { focus: ReviewFocus | undefined } | undefined {
  if (value === 'none') return { focus: undefined };
  return typeof value === 'string' && (REVIEW_FOCUSES as readonly string[]).includes(value) ? { focus: value as ReviewFocus } : undefined;
}

/**
 * Starts a review of `target` with the configured agents. When no review can start (no agents, a
 * bad setting, missing keys) the panel shows the setup page, as for Run Consensus, and the review
 * starts once the setup is done.
 */
async function startReview(ctx: ExtensionServices, target: ReviewTarget): Promise<void> {
  if (!(await ctx.setup.ready({ resume: () => startReview(ctx, target) }))) return;
  try {
    const settings = ctx.config.runSettings();
    const agents = await ctx.runs.participants(async () => []);
    ctx.review.start(target, agents, settings);
  } catch (error) {
    if (!reportSetupProblem(error, 'review')) throw error;
  }
}

/** Review Selection: the selection (whole lines) or the whole file, with an optional focus. */
async function reviewSelection(ctx: ExtensionServices, focusArg: unknown): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open a file and select the code to review (or nothing, to review the whole file).');
    return;
  }
  const chosen = focusArgument(focusArg) ?? (await pickFocus());
  if (!chosen) return;
  await startReview(ctx, ReviewService.targetOf(editor, chosen.focus));
}

/**
 * Run Again for a review: the same lines of the same file with the same focus. Returns false when
 * `runId` is not this window's latest review (the caller then treats it as a normal run).
 */
export async function rerunReview(ctx: ExtensionServices, runId: string): Promise<boolean> {
  if (ctx.review.current?.view.runId !== runId) return false;
  if (await rerunChangesReview(ctx, runId)) return true;
  const target = await ctx.review.lastTarget();
  if (!target) {
    void vscode.window.showInformationMessage('The reviewed file is no longer available.');
    return true;
  }
  await startReview(ctx, target);
  return true;
}

/** The commands of Review Selection, for `registerCommands(ctx, reviewCommands)`. */
export const reviewCommands: Record<string, CommandFactory> = {
  'consensus.reviewSelection': (ctx) => (focus?: unknown) => reviewSelection(ctx, focus),
  'consensus.reviewChanges': (ctx) => (arg?: unknown) => reviewChanges(ctx, arg),
  'consensus.clearReview': (ctx) => () => {
    if (!ctx.review.findings.clear()) void vscode.window.showInformationMessage('There are no review findings to clear.');
  },
  'consensus.revealFinding': (ctx) => async (runId?: unknown, findingId?: unknown) => {
    if (typeof runId !== 'string' || typeof findingId !== 'string') return false;
    return ctx.review.reveal(runId, findingId);
  },
};
