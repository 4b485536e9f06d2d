/**
 * A change cut into review batches: each batch is the excerpts (hunks with their context) of one
 * or more files, small enough for one prompt; the batches that the call budget cannot pay for are
 * left out, and so are files with nothing to review. What was left out is said, file by file.
 */
import type { DiffRow, FileChange } from './diff';
import { ReviewLayout } from './layout';
import type { Excerpt } from './layout';

/** How to cut the change. */
export interface PlanOptions {
  /** Most characters of change one batch shows (its prompt's code part). Default 24,000 (about 6,000 tokens). */
  maxChars?: number;
  /** Calls one batch may make at most (the app layer's `callBound` for a review). */
  callsPerBatch: number;
  /** Calls a batch needs at the least to be worth starting (every agent's proposal: the number of agents). */
  minCallsPerBatch: number;
  /** The whole review's call budget; none when undefined or 0. */
  maxCalls?: number;
}

/** One review run of the plan. */
export interface ReviewBatch {
  layout: ReviewLayout;
  files: string[];
  /** The calls this batch may make (its share of the budget). */
  maxCalls: number;
}

/** A file, or part of one, that will not be reviewed, and why. */
export interface LeftOut {
  file: string;
  reason: string;
}

/** The review of a change as it will run. */
export interface ChangesPlan {
  batches: ReviewBatch[];
  leftOut: LeftOut[];
  /** Files with at least one batch (some of them possibly in part). */
  files: string[];
  /** The most calls the whole review can make: shown before it starts. */
  callBound: number;
}

export const DEFAULT_BATCH_CHARS = 24_000;

/** What a row costs in the prompt: its text and the marker, number and bar before it. */
function rowSize(row: DiffRow): number {
  return row.text.length + 10;
}

function size(excerpt: Excerpt): number {
  return excerpt.rows.reduce((sum, row) => sum + rowSize(row), 0);
}

/** Why a file has nothing to review, or undefined when it has. */
function nothingToReview(change: FileChange): string | undefined {
  if (change.binary) return 'binary file: no lines to review';
  if (change.status === 'deleted') return 'deleted: no lines are left to review';
  const shown = change.hunks.some((hunk) => hunk.rows.some((row) => row.newLine !== undefined));
  if (!shown)
    return change.oldPath !== undefined ? `${change.status} from ${change.oldPath} without a change to its lines` : 'no lines to review';
  return undefined;
}

/** The excerpts of one file: one per hunk, a hunk longer than `maxChars` cut into pieces. */
function excerptsOf(change: FileChange, maxChars: number): Excerpt[] {
  const out: Excerpt[] = [];
  const base = (rows: DiffRow[]): Excerpt => ({
    file: change.path,
    status: change.status,
    rows,
    ...(change.oldPath !== undefined ? { oldPath: change.oldPath } : {}),
  });
  for (const hunk of change.hunks) {
    let rows: DiffRow[] = [];
    let used = 0;
    for (const row of hunk.rows) {
      if (used + rowSize(row) > maxChars && rows.length > 0) {
        out.push(base(rows));
        rows = [];
        used = 0;
      }
      rows.push(row);
      used += rowSize(row);
    }
    if (rows.some((row) => row.newLine !== undefined)) out.push(base(rows));
  }
  return out;
}

/** "lines 12-40" of the new file an excerpt shows. */
function linesOf(excerpts: readonly Excerpt[]): string {
  const numbers = excerpts.flatMap((excerpt) => excerpt.rows.flatMap((row) => (row.newLine === undefined ? [] : [row.newLine + 1])));
  return `lines ${Math.min(...numbers)}-${Math.max(...numbers)}`;
}

/** Cuts the change into batches and says what will not be reviewed. */
export function planChanges(changes: readonly FileChange[], options: PlanOptions): ChangesPlan {
  const maxChars = options.maxChars ?? DEFAULT_BATCH_CHARS;
  const leftOut: LeftOut[] = [];
  const groups: Excerpt[][] = [];
  let current: Excerpt[] = [];
  let used = 0;
  const close = (): void => {
    if (current.length > 0) groups.push(current);
    current = [];
    used = 0;
  };
  for (const change of changes) {
    const why = nothingToReview(change);
    if (why !== undefined) {
      leftOut.push({ file: change.path, reason: why });
      continue;
    }
    const excerpts = excerptsOf(change, maxChars);
    const total = excerpts.reduce((sum, excerpt) => sum + size(excerpt), 0);
    // A file that fits in a batch of its own is never split between two.
    if (used + total > maxChars && total <= maxChars) close();
    for (const excerpt of excerpts) {
      if (used + size(excerpt) > maxChars) close();
      current.push(excerpt);
      used += size(excerpt);
    }
  }
  close();

  const batches: ReviewBatch[] = [];
  let budget = options.maxCalls === undefined || options.maxCalls === 0 ? Number.POSITIVE_INFINITY : options.maxCalls;
  for (const group of groups) {
    const calls = Math.min(options.callsPerBatch, budget);
    if (calls < options.minCallsPerBatch) {
      const files = [...new Set(group.map((excerpt) => excerpt.file))];
      for (const file of files) {
        const parts = group.filter((excerpt) => excerpt.file === file);
        leftOut.push({
          file,
          reason: `${linesOf(parts)} not reviewed: the call budget (${options.maxCalls} calls) pays for ${batches.length} of ${groups.length} batches`,
        });
      }
      continue;
    }
    budget -= calls;
    const layout = new ReviewLayout(group);
    batches.push({ layout, files: layout.files, maxCalls: calls });
  }
  const files = [...new Set(batches.flatMap((batch) => batch.files))];
  return { batches, leftOut, files, callBound: batches.reduce((sum, batch) => sum + batch.maxCalls, 0) };
}

/** Keeps only the files named by `paths` (a path, or a folder holding it). */
export function filterChanges(changes: readonly FileChange[], paths: readonly string[]): FileChange[] {
  if (paths.length === 0) return [...changes];
  const wanted = paths.map((path) => path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, ''));
  const matches = (file: string | undefined): boolean =>
    file !== undefined && wanted.some((path) => path === '' || path === '.' || file === path || file.startsWith(`${path}/`));
  return changes.filter((change) => matches(change.path) || matches(change.oldPath));
}
