/**
 * Reading a change as unified diff text through the built-in Git extension (`vscode.git`), so
 * Review Changes works wherever Source Control does (remote hosts and code-server included) and
 * never starts git itself. Only the few parts of the Git extension's API used here are typed: the
 * extension is not a dependency, and its API is reached at run time through `getAPI(1)`.
 */
import { ConsensusError } from '../../core/errors';
import * as vscode from 'vscode';

/** A changed file as the Git API lists it. */
interface GitChange {
  readonly uri: vscode.Uri;
  readonly originalUri: vscode.Uri;
  readonly renameUri: vscode.Uri | undefined;
}

/** A branch or tag as the Git API lists it. */
interface GitRef {
  readonly name?: string;
  readonly commit?: string;
  /** 0 head, 1 remote head, 2 tag. */
  readonly type: number;
}

/** The parts of a Git API repository that Review Changes uses. */
export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD: GitRef | undefined; readonly refs?: readonly GitRef[] };
  /** The files that differ between HEAD and the working tree. */
  diffWithHEAD(): Promise<GitChange[]>;
  /** `git diff HEAD -- path`: unified diff text. */
  diffWithHEAD(path: string): Promise<string>;
  /** `git diff` (`--cached` when true): unified diff text. */
  diff(cached?: boolean): Promise<string>;
  /** The files that differ between ref1 and ref2 (`ref1...ref2`). */
  diffBetween(ref1: string, ref2: string): Promise<GitChange[]>;
  diffBetween(ref1: string, ref2: string, path: string): Promise<string>;
  /** Newer versions of the API list branches this way; older ones keep them in `state.refs`. */
  getBranches?(query: { remote?: boolean }): Promise<GitRef[]>;
}

interface GitApi {
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** Why a change cannot be read (no Git extension, no repository, git failed); the message says what to do. */
export class GitChangesError extends ConsensusError {
  constructor(message: string) {
    super('git-changes', message, 'Open the folder of a Git repository with the Git extension enabled, then review again.');
    this.name = 'GitChangesError';
  }
}

/** What to review: the working tree against HEAD, the staged changes, or HEAD against a base ref. */
export type ChangeSource = { kind: 'working-tree' } | { kind: 'staged' } | { kind: 'branch'; base: string };

/** How a source is named in titles and messages. */
export function describeSource(source: ChangeSource): string {
  switch (source.kind) {
    case 'working-tree':
      return 'working tree vs HEAD';
    case 'staged':
      return 'staged changes';
    case 'branch':
      return `HEAD vs ${source.base}`;
  }
}

/** The Git extension's API, activated; throws a GitChangesError when Git is not available. */
export async function gitApi(): Promise<GitApi> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) throw new GitChangesError('The built-in Git extension is not installed: Review Changes reads the change through it.');
  const exports = extension.isActive ? extension.exports : await extension.activate();
  if (!exports.enabled) throw new GitChangesError('Git is disabled (the git.enabled setting): enable it to review changes.');
  return exports.getAPI(1);
}

/**
 * The repository to review: the one holding `hint` (a Source Control title button passes its
 * root), else the active editor's, else the only one open. Asks when several are open.
 */
export async function pickRepository(api: GitApi, hint: vscode.Uri | undefined): Promise<GitRepository | undefined> {
  const near = hint ?? vscode.window.activeTextEditor?.document.uri;
  const found = near ? (api.getRepository(near) ?? (hint && api.openRepository ? await api.openRepository(hint) : null)) : null;
  if (found) return found;
  const repositories = api.repositories;
  if (repositories.length === 0) {
    throw new GitChangesError(
      'No git repository is open: open a folder that is a git repository (or run "Git: Open Repository") and try again.',
    );
  }
  if (repositories.length === 1) return repositories[0];
  const picked = await vscode.window.showQuickPick(
    repositories.map((repository) => ({ label: vscode.workspace.asRelativePath(repository.rootUri, true), repository })),
    { title: 'Consensus: Review Changes', placeHolder: 'Which repository?' },
  );
  return picked?.repository;
}

/** The refs a branch can be compared with: local and remote branches, then tags. */
export async function baseRefs(repository: GitRepository): Promise<string[]> {
  const refs = repository.getBranches ? await repository.getBranches({ remote: true }) : [...(repository.state.refs ?? [])];
  const head = repository.state.HEAD?.name;
  return [
    ...new Set(
      refs
        .filter((ref) => ref.name && ref.name !== head)
        .sort((a, b) => a.type - b.type)
        .map((ref) => ref.name as string),
    ),
  ];
}

/** The repository-relative path of a changed file (forward slashes). */
function relativePath(repository: GitRepository, uri: vscode.Uri): string {
  const root = repository.rootUri.path.replace(/\/+$/, '');
  return uri.path.startsWith(`${root}/`) ? uri.path.slice(root.length + 1) : uri.path;
}

/** The change `source` of `repository` as unified diff text (empty when nothing changed). */
export async function readChange(repository: GitRepository, source: ChangeSource): Promise<string> {
  try {
    if (source.kind === 'staged') return await repository.diff(true);
    // The per-file diffs are asked for one by one: the Git API lists the changed files without text.
    const changes = source.kind === 'working-tree' ? await repository.diffWithHEAD() : await repository.diffBetween(source.base, 'HEAD');
    const texts: string[] = [];
    for (const change of changes) {
      const path = relativePath(repository, change.renameUri ?? change.uri);
      const text =
        source.kind === 'working-tree' ? await repository.diffWithHEAD(path) : await repository.diffBetween(source.base, 'HEAD', path);
      if (text.trim() !== '') texts.push(text.endsWith('\n') ? text : `${text}\n`);
    }
    return texts.join('');
  } catch (error) {
    const detail = error instanceof Error ? (error as Error & { stderr?: string }).stderr?.trim() || error.message : String(error);
    throw new GitChangesError(`Git could not read the ${describeSource(source)}: ${detail}`);
  }
}
