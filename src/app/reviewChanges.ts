/**
 * Starting a review of a change (a diff of several files) over configured agents, the same way
 * from every front-end: the change is planned into batches the budget can pay for, each batch is
 * one run of the review protocol (`runReview`, the same as Review Selection), and the batches'
 * outcomes are merged into one review whose findings carry their file and real lines.
 */
import type { AgentConfig } from '../agents/config';
import type { FileChange } from '../review/changes/diff';
import { mergeReviewStates } from '../review/changes/merge';
import { planChanges } from '../review/changes/plan';
import type { ChangesPlan, LeftOut } from '../review/changes/plan';
import { runReview, summaryLine } from '../review/run';
import type { ReviewEvent, ReviewFocus, ReviewState } from '../review/types';
import { callBound } from '../core/budget';
import { launch, newRunId } from './handle';
import type { AppDeps, EngineSettings, RunHandle } from './types';

/** The review's parameters (mode and synthesis do not apply to a review). */
export type ReviewSettings = Omit<EngineSettings, 'mode' | 'synthesize'>;

/** Plans the review of `changes` by `agents` agents: batches of at most `maxChars` characters, within `settings.maxCalls`. */
export function planChangesReview(
  changes: readonly FileChange[],
  agents: number,
  settings: ReviewSettings = {},
  maxChars?: number,
): ChangesPlan {
  const { maxCalls: _budget, ...perBatch } = settings;
  return planChanges(changes, {
    callsPerBatch: callBound('review', agents, perBatch),
    minCallsPerBatch: agents,
    ...(settings.maxCalls !== undefined ? { maxCalls: settings.maxCalls } : {}),
    ...(maxChars !== undefined ? { maxChars } : {}),
  });
}

/** What a front-end asks to have reviewed: a planned change. */
export interface ChangesReviewRequest {
  plan: ChangesPlan;
  /** Shown in logs and past runs, e.g. "working tree vs HEAD". */
  title?: string;
  focus?: ReviewFocus;
  agents: readonly AgentConfig[];
  settings?: ReviewSettings;
  signal?: AbortSignal;
  id?: string;
}

/** A change review's events: each batch's start, then that batch's review events. */
export type ChangesEvent = ReviewEvent | { type: 'batch-start'; batch: number; batches: number; files: string[] };

/** The merged review, with what it covered and what it left out. */
export interface ChangesReviewState extends ReviewState {
  /** Files of the batches that ran. */
  reviewedFiles: string[];
  /** Files, or parts of them, not reviewed, each with the reason. */
  leftOut: LeftOut[];
  /** Batches that ran. */
  batchesRun: number;
}

/** A change review in progress. */
export type ChangesReviewHandle = RunHandle<ChangesEvent, ChangesReviewState>;

/** The state of a review that had nothing to review. */
function emptyState(participants: string[], plan: ChangesPlan): ChangesReviewState {
  return {
    participants,
    labels: {},
    seed: 0,
    startLine: 0,
    lineCount: 0,
    findings: [],
    finalized: true,
    reason: 'final',
    roundsRun: 0,
    calls: 0,
    luminance: {},
    dropped: [],
    errors: [],
    skipped: [],
    history: [],
    reviewedFiles: [],
    leftOut: [...plan.leftOut],
    batchesRun: 0,
  };
}

/** Starts the review of a planned change; see `RunHandle` for events, result and cancellation. */
export function startChangesReview(request: ChangesReviewRequest, deps: AppDeps): ChangesReviewHandle {
  const { plan } = request;
  const title = `Review ${request.title ?? `changes in ${plan.files.length} files`}${request.focus ? ` · ${request.focus}` : ''}`;
  return launch<ChangesEvent, ChangesReviewState>(
    {
      id: request.id ?? newRunId('review-'),
      title,
      agents: request.agents,
      signal: request.signal,
      body: async (execute, participants, signal, emit) => {
        const states: ReviewState[] = [];
        const leftOut = [...plan.leftOut];
        for (const [index, batch] of plan.batches.entries()) {
          const last = states[states.length - 1];
          if (last && (last.reason === 'cancelled' || last.reason === 'all-failed')) {
            // Every agent failing once is likely to fail again: the rest is reported, not tried.
            const why = last.reason === 'cancelled' ? 'the review was cancelled' : 'every agent failed on an earlier batch';
            for (const file of batch.files) leftOut.push({ file, reason: `not reviewed: ${why}` });
            continue;
          }
          emit({ type: 'batch-start', batch: index + 1, batches: plan.batches.length, files: batch.files });
          states.push(
            await runReview({
              ...request.settings,
              maxCalls: batch.maxCalls,
              code: batch.layout.code,
              layout: batch.layout,
              ...(request.focus !== undefined ? { focus: request.focus } : {}),
              participants,
              execute,
              signal,
              onEvent: emit,
            }),
          );
        }
        if (states.length === 0) return emptyState(participants, plan);
        const reviewedFiles = [...new Set(plan.batches.slice(0, states.length).flatMap((batch) => batch.files))];
        return { ...mergeReviewStates(states), reviewedFiles, leftOut, batchesRun: states.length };
      },
      record: (state, common) => ({ kind: 'review', state, ...common }),
      summary: (state) =>
        `${state.reason}, ${state.calls} calls in ${state.batchesRun} batches; ${summaryLine(state)}; ${state.leftOut.length} files or parts left out.`,
    },
    deps,
  );
}
