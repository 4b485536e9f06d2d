/**
 * Unified diffs read into files, hunks and rows with their real line numbers. The parsing of the
 * text itself is jsdiff's `parsePatch` (it knows git's extended headers: renames, copies, new and
 * deleted files, binary files, quoted paths); this file only turns its hunks into rows numbered
 * by the new version of each file, which is what findings point at.
 */
import { ConsensusError } from '../../core/errors';
import { parsePatch } from 'diff';
import type { StructuredPatch } from 'diff';

/** What happened to a file. */
export type ChangeStatus = 'added' | 'deleted' | 'modified' | 'renamed' | 'copied';

/** One line of a hunk. `newLine` / `oldLine` are 0-based lines of the new / old file, where the line exists there. */
export interface DiffRow {
  kind: 'context' | 'added' | 'removed';
  text: string;
  newLine?: number;
  oldLine?: number;
}

/** One hunk: its header's 1-based starts, and its rows in order. */
export interface DiffHunk {
  oldStart: number;
  newStart: number;
  rows: DiffRow[];
}

/** One file of a diff. */
export interface FileChange {
  /** The file's path after the change (before it, for a deleted file), relative to the repository. */
  path: string;
  /** The path before the change, when it differs (a rename or copy). */
  oldPath?: string;
  status: ChangeStatus;
  /** A binary file: git shows no lines, so there is nothing to review. */
  binary: boolean;
  hunks: DiffHunk[];
}

/** A diff that cannot be read; the message says what is wrong with it. */
export class DiffParseError extends ConsensusError {
  constructor(message: string) {
    super('diff-unreadable', message, "give the output of 'git diff' or 'diff -u'");
    this.name = 'DiffParseError';
  }
}

/** Strips git's `a/` / `b/` prefixes (and a `./`); `/dev/null` means "no such file". */
function cleanPath(name: string | undefined, prefix: string, git: boolean): string | undefined {
  if (name === undefined) return undefined;
  const trimmed = name.trim();
  if (trimmed === '' || trimmed === '/dev/null') return undefined;
  if (git && trimmed.startsWith(prefix)) return trimmed.slice(prefix.length);
  return trimmed.replace(/^\.\//, '');
}

function statusOf(patch: StructuredPatch, oldPath: string | undefined, newPath: string | undefined): ChangeStatus {
  if (patch.isCreate || oldPath === undefined) return 'added';
  if (patch.isDelete || newPath === undefined) return 'deleted';
  if (patch.isRename) return 'renamed';
  if (patch.isCopy) return 'copied';
  return oldPath === newPath ? 'modified' : 'renamed';
}

function rowsOf(hunk: StructuredPatch['hunks'][number]): DiffRow[] {
  const rows: DiffRow[] = [];
  // A side with no lines in the hunk starts at 0 ("@@ -0,0 +1,3 @@"); it then numbers nothing.
  let oldLine = Math.max(hunk.oldStart - 1, 0);
  let newLine = Math.max(hunk.newStart - 1, 0);
  for (const line of hunk.lines) {
    const marker = line[0];
    const text = line.slice(1);
    if (marker === '+') rows.push({ kind: 'added', text, newLine: newLine++ });
    else if (marker === '-') rows.push({ kind: 'removed', text, oldLine: oldLine++ });
    else if (marker === ' ' || line === '') rows.push({ kind: 'context', text, newLine: newLine++, oldLine: oldLine++ });
    // "\ No newline at end of file" describes the line before it; it is not a line.
  }
  return rows;
}

/**
 * Reads a unified diff (git's, or `diff -u`'s) into its files. Throws `DiffParseError` when the
 * text is not a diff at all; an empty text is an empty list (no changes).
 */
export function parseUnifiedDiff(text: string): FileChange[] {
  if (text.trim() === '') return [];
  let patches: StructuredPatch[];
  try {
    patches = parsePatch(text.replace(/\r\n/g, '\n'));
  } catch (error) {
    throw new DiffParseError(
      `the diff could not be read: ${error instanceof Error ? error.message : String(error)}; give the output of 'git diff' or 'diff -u'`,
    );
  }
  const files: FileChange[] = [];
  for (const patch of patches) {
    const git = patch.isGit === true || (patch.oldFileName?.startsWith('a/') === true && patch.newFileName?.startsWith('b/') === true);
    const oldPath = cleanPath(patch.oldFileName, 'a/', git);
    const newPath = cleanPath(patch.newFileName, 'b/', git);
    const path = newPath ?? oldPath;
    // jsdiff yields an empty entry for text before the first file header (a commit message, say).
    if (path === undefined) continue;
    const status = statusOf(patch, oldPath, newPath);
    const change: FileChange = {
      path,
      status,
      binary: patch.isBinary === true,
      hunks: patch.hunks.map((hunk) => ({ oldStart: hunk.oldStart, newStart: hunk.newStart, rows: rowsOf(hunk) })),
    };
    if (oldPath !== undefined && newPath !== undefined && oldPath !== newPath) change.oldPath = oldPath;
    files.push(change);
  }
  if (files.length === 0) {
    throw new DiffParseError(
      "the text holds no file of a unified diff (no '--- a/file' / '+++ b/file' or 'diff --git' headers); give the output of 'git diff' or 'diff -u'",
    );
  }
  return files;
}
