/**
 * Runs the protocol over a dataset: items in parallel (at most `concurrency` at once), each graded
 * as it finishes, finished items reported at once (so a caller can save them as it goes), items
 * already done skipped, and a cancellation that keeps what is finished. No I/O, no `vscode`:
 * the command line and the quality benchmark share it.
 */
import { defaultEquivalent } from '../core/answers';
import type { ConsensusState, Equivalence } from '../core/types';
import type { DatasetItem } from './dataset';
import { gradeRun, type ItemResult } from './grade';
import { resultKey } from './resume';

/** Progress after each finished item. */
export interface EvalProgress {
  done: number;
  total: number;
  /** ms since the evaluation started. */
  elapsedMs: number;
  /** Estimated ms left, from the wall time per item finished in this session. */
  etaMs: number;
}

/** What `evaluate` needs. */
export interface EvaluateOptions {
  items: readonly DatasetItem[];
  /** Runs the protocol on one question. */
  run: (item: DatasetItem, signal: AbortSignal) => Promise<ConsensusState>;
  /** Items run at once (default 1). */
  concurrency?: number;
  /** Results of an earlier evaluation: items with the same line and question are not run again. */
  previous?: readonly ItemResult[];
  signal?: AbortSignal;
  equivalent?: Equivalence;
  /**
   * Baselines run with calls of their own after the protocol's run of an item (same panel, same
   * item); their outcomes are stored on the item's result.
   */
  baselines?: (item: DatasetItem, state: ConsensusState, signal: AbortSignal) => Promise<ItemResult['baselines']>;
  /** Called with each newly graded item. */
  onResult?: (result: ItemResult) => void;
  onProgress?: (progress: EvalProgress) => void;
  /** Clock in ms (default `performance.now`). */
  now?: () => number;
}

/** The graded items (previous ones included) and whether the evaluation was interrupted. */
export interface EvaluateOutcome {
  results: ItemResult[];
  interrupted: boolean;
}

/** Evaluates every item not already done. Never throws for a failing run (it is graded as it ended). */
export async function evaluate(options: EvaluateOptions): Promise<EvaluateOutcome> {
  const now = options.now ?? (() => performance.now());
  const equivalent = options.equivalent ?? defaultEquivalent;
  const wanted = new Set(options.items.map(resultKey));
  const results = (options.previous ?? []).filter((r) => wanted.has(resultKey(r)));
  const done = new Set(results.map(resultKey));
  const queue = options.items.filter((item) => !done.has(resultKey(item)));
  const total = options.items.length;
  const started = now();
  let finishedHere = 0;
  let next = 0;
  const signal = options.signal;

  const worker = async (): Promise<void> => {
    while (next < queue.length && !signal?.aborted) {
      const item = queue[next++] as DatasetItem;
      const itemStart = now();
      const itemSignal = signal ?? new AbortController().signal;
      const state = await options.run(item, itemSignal);
      // A run cut short by the cancellation is not a result: it will run again on --resume.
      if (signal?.aborted || state.reason === 'cancelled') return;
      const result = gradeRun(item, state, now() - itemStart, equivalent);
      if (options.baselines) {
        const baselines = await options.baselines(item, state, itemSignal);
        if (signal?.aborted) return;
        if (baselines !== undefined && Object.keys(baselines).length > 0) result.baselines = baselines;
      }
      results.push(result);
      finishedHere++;
      options.onResult?.(result);
      const elapsedMs = now() - started;
      const left = total - results.length;
      // Wall time per finished item already accounts for the items running side by side.
      options.onProgress?.({ done: results.length, total, elapsedMs, etaMs: (elapsedMs / finishedHere) * left });
    }
  };
  const width = Math.max(1, Math.min(options.concurrency ?? 1, queue.length));
  await Promise.all(Array.from({ length: width }, worker));
  results.sort((a, b) => a.line - b.line);
  return { results, interrupted: signal?.aborted === true && results.length < total };
}
