/** Starting a review of code over configured agents, the same way from every front-end. */
import type { AgentConfig } from '../agents/config';
import { runReview, summaryLine } from '../review/run';
import type { ReviewEvent, ReviewFocus, ReviewState } from '../review/types';
import { launch, newRunId } from './handle';
import type { AppDeps, EngineSettings, RunHandle } from './types';

/** What a front-end asks to have reviewed. */
export interface ReviewRequest {
  code: string;
  /** Shown to the agents and in past runs (a workspace-relative path, never a secret). */
  fileName?: string;
  language?: string;
  /** 0-based file line of the code's first line; default 0. */
  startLine?: number;
  focus?: ReviewFocus;
  agents: readonly AgentConfig[];
  /** The review's parameters (mode and synthesis do not apply to a review). */
  settings?: Omit<EngineSettings, 'mode' | 'synthesize'>;
  signal?: AbortSignal;
  id?: string;
}

/** A review in progress. */
export type ReviewHandle = RunHandle<ReviewEvent, ReviewState>;

/** Starts a review; see `RunHandle` for events, result and cancellation. */
export function startReview(request: ReviewRequest, deps: AppDeps): ReviewHandle {
  const title = `Review ${request.fileName ?? 'code'}${request.focus ? ` · ${request.focus}` : ''}`;
  return launch<ReviewEvent, ReviewState>(
    {
      id: request.id ?? newRunId('review-'),
      title,
      agents: request.agents,
      signal: request.signal,
      body: (execute, participants, signal, emit) =>
        runReview({
          ...request.settings,
          code: request.code,
          ...(request.startLine !== undefined ? { startLine: request.startLine } : {}),
          ...(request.fileName !== undefined ? { fileName: request.fileName } : {}),
          ...(request.language !== undefined ? { language: request.language } : {}),
          ...(request.focus !== undefined ? { focus: request.focus } : {}),
          participants,
          execute,
          signal,
          onEvent: emit,
        }),
      record: (state, common) => ({ kind: 'review', state, ...common }),
      summary: (state) => `${state.reason}, ${state.calls} calls, ${state.roundsRun} refinement rounds; ${summaryLine(state)}.`,
    },
    deps,
  );
}
