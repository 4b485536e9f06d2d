/**
 * Resuming an evaluation: which finished results of an earlier report are reused, which are kept
 * as they are, and which belong to questions no longer in the dataset. A finished result is never
 * dropped: a smaller `--limit` keeps the results beyond it, and an edited dataset keeps the old
 * results apart (`stale`) instead of counting them or losing them.
 */
import type { DatasetItem } from './dataset';
import type { ItemResult } from './grade';

/** Key of an item for resuming: its line and question (a changed file does not reuse a stale result). */
export function resultKey(item: Pick<DatasetItem, 'line' | 'question'>): string {
  return `${item.line}\u0000${item.question}`;
}

/** The earlier results, sorted by what becomes of them. */
export interface PreviousResults {
  /** Results of the items to run now: not run again. */
  reused: ItemResult[];
  /** Results of other items of the dataset (beyond `--limit`): kept in the report and counted. */
  beyond: ItemResult[];
  /** Results of questions no longer in the dataset: kept in the report, not counted. */
  stale: ItemResult[];
}

/**
 * Sorts `previous` against the items to run now (`run`) and the whole dataset (`all`). When an
 * item appears twice in `previous`, the first result is used and the other kept as stale.
 */
export function sortPrevious(previous: readonly ItemResult[], run: readonly DatasetItem[], all: readonly DatasetItem[]): PreviousResults {
  const toRun = new Set(run.map(resultKey));
  const inDataset = new Set(all.map(resultKey));
  const seen = new Set<string>();
  const sorted: PreviousResults = { reused: [], beyond: [], stale: [] };
  for (const result of previous) {
    const key = resultKey(result);
    if (seen.has(key) || !inDataset.has(key)) sorted.stale.push(result);
    else if (toRun.has(key)) sorted.reused.push(result);
    else sorted.beyond.push(result);
    seen.add(key);
  }
  return sorted;
}
