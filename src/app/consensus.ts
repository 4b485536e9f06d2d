/** Starting a consensus run over configured agents, the same way from every front-end. */
import type { AgentConfig } from '../agents/config';
import type { ConsensusEvent } from '../core/events';
import { runConsensus } from '../core/engine';
import type { ConsensusState } from '../core/types';
import { launch, newRunId } from './handle';
import type { AppDeps, EngineSettings, RunHandle } from './types';
import { truncate } from '../core/text';

/** What a front-end asks for. */
export interface ConsensusRequest {
  /** The prompt every agent receives (front-ends build it: `buildQuestionPrompt` adds selected code). */
  prompt: string;
  /** A short title for logs and past runs; default the prompt's first line. */
  title?: string;
  /** The agents taking part, at least two, enabled ones only. */
  agents: readonly AgentConfig[];
  settings?: EngineSettings;
  /** Cancels the run (the chat's cancel, an MCP request's abort, Ctrl-C). */
  signal?: AbortSignal;
  /** Run id; default a fresh one. */
  id?: string;
}

/** A consensus run in progress. */
export type ConsensusHandle = RunHandle<ConsensusEvent, ConsensusState>;

/** Starts a consensus run; see `RunHandle` for events, result and cancellation. */
export function startConsensus(request: ConsensusRequest, deps: AppDeps): ConsensusHandle {
  const title = request.title ?? firstLine(request.prompt);
  return launch<ConsensusEvent, ConsensusState>(
    {
      id: request.id ?? newRunId(),
      title,
      agents: request.agents,
      signal: request.signal,
      body: (execute, participants, signal, emit) =>
        runConsensus({ ...request.settings, prompt: request.prompt, participants, execute, signal, onEvent: emit }),
      record: (state, common) => ({ kind: 'consensus', state, ...common }),
      summary: (state) =>
        `${state.reason}${state.tie ? ` (tie between ${state.tie.length} answers)` : ''}, ${state.calls} calls, ${state.roundsRun} refinement rounds.`,
    },
    deps,
  );
}

function firstLine(text: string): string {
  return truncate(text.trim().split('\n')[0] ?? '', 80);
}
