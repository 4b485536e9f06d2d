/**
 * The application layer's ports: what a front-end (panel, sidebar, command line, chat, language
 * model tools, MCP server) hands in to start a run, and what it gets back. No `vscode`.
 */
import type { AgentConfig } from '../agents/config';
import type { Agent } from '../agents/types';
import type { ConsensusOptions, ConsensusState, Execute } from '../core/types';
import type { ReviewState } from '../review/types';

/** The engine parameters a front-end may set; the rest (prompt, participants, execute) the layer fills in. */
export type EngineSettings = Pick<
  ConsensusOptions,
  | 'rounds'
  | 'k'
  | 'alpha'
  | 'beta1'
  | 'beta2'
  | 'seed'
  | 'mode'
  | 'synthesize'
  | 'timeoutMs'
  | 'timeoutSetting'
  | 'maxCalls'
  | 'concurrency'
  | 'equivalence'
  | 'judge'
>;

/** An agent as people see it: its id and the name shown for it. */
export interface AgentIdentity {
  id: string;
  name: string;
}

/** How a run reaches its agents once they exist: the engine's `execute`, and the clean-up after the run. */
export interface AgentRoute {
  execute: Execute;
  /** Ends every connection and child process of the run's agents. Never rejects. */
  dispose: () => Promise<void>;
}

/** Builds the route of one run over its agents (direct calls by default; the mesh on request). */
export type Router = (agents: Agent[]) => Promise<AgentRoute>;

/** Where finished runs are kept. The extension persists them; the command line and the MCP server keep none. */
export interface HistorySink {
  save(record: RunRecord): Promise<void>;
}

/** A finished run as handed to the history sink. */
export type RunRecord =
  ({ kind: 'consensus'; state: ConsensusState } & RecordCommon) | ({ kind: 'review'; state: ReviewState } & RecordCommon);

interface RecordCommon {
  id: string;
  /** What the run was asked (the question, or what was reviewed). */
  title: string;
  agents: AgentIdentity[];
  startedAt: number;
  endedAt: number;
}

/** Where the layer reports what a person looking into a problem would want to read. */
export interface AppLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What every run needs from its host. */
export interface AppDeps {
  /**
   * Creates the agent of one configuration with the host's key lookup (the environment on the
   * command line, SecretStorage in the extension) and host-only providers (`vscode-lm`).
   */
  createAgent(config: AgentConfig): Agent;
  /** How calls reach the agents; default direct calls (`agentsToExecute`). */
  route?: Router;
  history?: HistorySink;
  log?: AppLog;
}

/** A run in progress: its events, its result, and a way to stop it. */
export interface RunHandle<Event, State> {
  readonly id: string;
  readonly agents: readonly AgentIdentity[];
  /**
   * Subscribes to the run's events; returns the unsubscribe function. The run starts on the next
   * microtask, so a listener added right after `start…` returns sees every event.
   */
  onEvent(listener: (event: Event) => void): () => void;
  /**
   * The final state (a cancelled run's partial state included). Rejects only when the run could
   * not start: invalid parameters (`ConsensusConfigError`) or an agent that could not be created.
   */
  readonly result: Promise<State>;
  /** Aborted when the run is cancelled, by `cancel` or the request's signal. */
  readonly signal: AbortSignal;
  /** Cancels the run: calls in flight are aborted and the result holds what was decided so far. */
  cancel(reason?: unknown): void;
}
