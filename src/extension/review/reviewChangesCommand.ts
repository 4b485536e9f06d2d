/**
 * Consensus: Review Changes, from the command palette or the Source Control view's title bar:
 * asks what to review (working tree vs HEAD, staged changes, or HEAD against a chosen ref), reads
 * it through the Git extension, plans it into batches the call budget can pay for, and hands it to
 * the review service, which runs it as it runs Review Selection.
 */
import * as vscode from 'vscode';
import { planChangesReview } from '../../app/reviewChanges';
import { parseUnifiedDiff } from '../../review/changes/diff';
import { REVIEW_FOCUSES, type ReviewFocus } from '../../review';
import { protocolOptions } from '../config';
import type { ExtensionServices } from '../services';
import { reportSetupProblem } from '../runs/setupProblems';
import { showError } from '../errorDisplay';
import { baseRefs, describeSource, gitApi, pickRepository, readChange, type ChangeSource, type GitRepository } from './gitChanges';

const TITLE = 'Consensus: Review Changes';

/** A review of changes as it is asked for: by the palette, a Source Control button, or a caller's arguments. */
interface ChangesRequest {
  root?: vscode.Uri;
  source?: ChangeSource;
  focus?: ReviewFocus;
}

/**
 * The command's argument: a Source Control provider (its title button passes one, with its
 * root), or `{ source: 'working-tree' | 'staged' | 'branch', base?, focus?, root? }`.
 */
function requestOf(arg: unknown): ChangesRequest {
  if (typeof arg !== 'object' || arg === null) return {};
  const value = arg as Record<string, unknown>;
  const request: ChangesRequest = {};
  if (value.rootUri instanceof vscode.Uri) request.root = value.rootUri;
  if (value.root instanceof vscode.Uri) request.root = value.root;
  else if (typeof value.root === 'string') request.root = vscode.Uri.file(value.root);
  if (value.source === 'working-tree' || value.source === 'staged') request.source = { kind: value.source };
  else if (value.source === 'branch' && typeof value.base === 'string' && value.base.trim() !== '')
    request.source = { kind: 'branch', base: value.base.trim() };
  if (typeof value.focus === 'string' && (REVIEW_FOCUSES as readonly string[]).includes(value.focus))
    request.focus = value.focus as ReviewFocus;
  return request;
}

/** Asks which change to review; undefined when dismissed. */
async function pickSource(repository: GitRepository): Promise<ChangeSource | undefined> {
  const items: Array<vscode.QuickPickItem & { choice: ChangeSource['kind'] }> = [
    { label: 'Working tree vs HEAD', description: 'every uncommitted change to tracked files', choice: 'working-tree' },
    { label: 'Staged changes', description: 'what is about to be committed', choice: 'staged' },
    { label: 'Branch against a ref…', description: 'HEAD against where it left another branch or tag', choice: 'branch' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: 'What should the agents review?' });
  if (!picked) return undefined;
  if (picked.choice !== 'branch') return { kind: picked.choice };
  const refs = await baseRefs(repository).catch(() => []);
  const base =
    refs.length > 0
      ? await vscode.window.showQuickPick(refs, { title: TITLE, placeHolder: 'Review HEAD against which branch or tag?' })
      : await vscode.window.showInputBox({ title: TITLE, prompt: 'Review HEAD against which ref (branch, tag or commit)?', value: 'main' });
  return base && base.trim() !== '' ? { kind: 'branch', base: base.trim() } : undefined;
}

/** Reads, plans and starts the review; a setup problem opens the setup page and resumes after it. */
async function start(
  ctx: ExtensionServices,
  repository: GitRepository,
  source: ChangeSource,
  focus: ReviewFocus | undefined,
): Promise<void> {
  if (!(await ctx.setup.ready({ resume: () => start(ctx, repository, source, focus) }))) return;
  const what = describeSource(source);
  let text: string;
  try {
    text = await readChange(repository, source);
  } catch (error) {
    if (showError(error)) return;
    throw error;
  }
  let changes;
  try {
    changes = parseUnifiedDiff(text);
  } catch (error) {
    if (showError(error, (message) => `Git's diff of the ${what} could not be read: ${message}`)) return;
    throw error;
  }
  if (changes.length === 0) {
    void vscode.window.showInformationMessage(`Nothing to review: the ${what} has no changes.`);
    return;
  }
  try {
    const settings = ctx.config.runSettings();
    const agents = await ctx.runs.participants(async () => []);
    const plan = planChangesReview(changes, agents.length, protocolOptions(settings));
    if (plan.batches.length === 0) {
      const why = plan.leftOut.map((part) => `${part.file} (${part.reason})`).join('; ');
      void vscode.window.showInformationMessage(`Nothing to review in the ${what}: ${why}.`);
      return;
    }
    ctx.review.startChanges(
      { root: repository.rootUri, plan, title: what, focus, source: { root: repository.rootUri, source } },
      agents,
      settings,
    );
  } catch (error) {
    if (!reportSetupProblem(error, 'review')) throw error;
  }
}

/** Review Changes: which repository and which change, then the review. */
export async function reviewChanges(ctx: ExtensionServices, arg: unknown): Promise<void> {
  const request = requestOf(arg);
  let repository: GitRepository | undefined;
  try {
    repository = await pickRepository(await gitApi(), request.root);
  } catch (error) {
    if (showError(error)) return;
    throw error;
  }
  if (!repository) return;
  const source = request.source ?? (await pickSource(repository));
  if (!source) return;
  await start(ctx, repository, source, request.focus);
}

/**
 * Run Again for a change review: the same change read anew (the files may have changed since).
 * Returns false when `runId` is not this window's latest change review.
 */
export async function rerunChangesReview(ctx: ExtensionServices, runId: string): Promise<boolean> {
  const current = ctx.review.current;
  if (current?.view.runId !== runId || !current.changes) return false;
  const { root, source } = current.changes.source as { root: vscode.Uri; source: ChangeSource };
  await reviewChanges(ctx, {
    root,
    source: source.kind,
    ...(source.kind === 'branch' ? { base: source.base } : {}),
    ...(current.changes.focus ? { focus: current.changes.focus } : {}),
  });
  return true;
}
