/**
 * Shapes the mesh shares with its callers: call options, the call log, broadcast results, limits.
 * Imports nothing from `vscode`.
 */
import type { AgentRequest, TokenUsage } from '../agents/types';

/**
 * The SDK's default request timeout is 60 s, far too short for a model that thinks for minutes.
 * Every mesh request waits this long without news and restarts the wait on each progress
 * notification (streamed text arrives as progress).
 */
export const DEFAULT_MESH_TIMEOUT_MS = 10 * 60 * 1000;

/** How deep agents may consult each other by default: an agent asks, the asked one may ask once more. */
export const DEFAULT_MAX_DEPTH = 2;

/** How many agent-to-agent consultations one run may make by default. */
export const DEFAULT_MAX_CONSULTS = 16;

/** Keys under which a mesh request's `_meta` says who is calling and how deep the chain is. */
export const META_CALLER = 'consensus/caller';
export const META_DEPTH = 'consensus/depth';
export const META_CHAIN = 'consensus/chain';
export const META_RUN = 'consensus/run';
/** Key under which a local agent's tool result reports token usage. */
export const META_USAGE = 'consensus/usage';

/** Limits that stop agents from consulting each other in loops. */
export interface MeshLimits {
  /**
   * The longest chain of agent-to-agent consultations below a top-level call (the engine's or a
   * user's call has depth 0, a consultation made during it depth 1, ...).
   */
  maxDepth: number;
  /** Consultations (calls made by agents during their turn) allowed per run. */
  maxConsults: number;
}

/** Options of one mesh call. */
export interface MeshCallOptions {
  /** Cancels the call: the MCP request is cancelled and the callee's signal aborts. */
  signal?: AbortSignal;
  /** Receives streamed text as it arrives (carried as MCP progress notifications). */
  onText?: (delta: string) => void;
  /** Wait this long without progress before giving up; defaults to `DEFAULT_MESH_TIMEOUT_MS`. */
  timeoutMs?: number;
  /** The run this call belongs to (its consultation budget); a call without one starts its own. */
  run?: MeshRun;
}

/** What a successful call returned. */
export interface MeshReply {
  /** The text content of the tool result, joined. */
  output: string;
  usage?: TokenUsage;
}

/** One entry of the mesh's call log: who called whom, with what, and how it went. */
export interface MeshCallRecord {
  /** Increases by one per call, in the order calls started. */
  seq: number;
  from: string;
  to: string;
  tool: string;
  /** 0 for a top-level call, n for a consultation n levels down. */
  depth: number;
  /** The run the call belongs to. */
  run: string;
  /** Epoch milliseconds when the call started. */
  startedAt: number;
  /** Milliseconds until the call settled; undefined while it runs. */
  ms?: number;
  /** undefined while the call runs. */
  ok?: boolean;
  error?: string;
}

/** One agent's part of a broadcast: its reply or its own error, never another's. */
export type BroadcastResult =
  { to: string; ok: true; output: string; ms: number; usage?: TokenUsage } | { to: string; ok: false; error: string; ms: number };

/** A tool a mesh member offers. */
export interface MeshTool {
  name: string;
  description?: string;
  /** JSON schema of the tool's arguments, as the server declared it. */
  inputSchema: Record<string, unknown>;
}

/** Lets a local agent, during its turn, ask another member of the mesh. */
export interface MeshTurn {
  /** The member that called this agent. */
  caller: string;
  /** The depth of the call this agent is answering. */
  depth: number;
  /** The names of the members this agent may consult (every member but itself). */
  peers: readonly string[];
  /**
   * Asks `to` (with its `ask` tool, or the tool named) and resolves its answer. Rejects with a
   * `MeshLimitError` when the depth limit or the run's budget would be exceeded.
   */
  consult(to: string, prompt: string, options?: { tool?: string; signal?: AbortSignal }): Promise<string>;
}

/**
 * The request a local agent receives when called through the mesh: an ordinary `AgentRequest`
 * plus `mesh`, and, when it has peers, `tools` holding `ask_agent` (`consultTool(mesh)`), which
 * the OpenAI and Anthropic adapters offer to their model and run through `mesh.consult`.
 */
export interface MeshAgentRequest extends AgentRequest {
  mesh: MeshTurn;
}

/** A run's consultation budget, shared by every call made on its behalf. */
export interface MeshRun {
  readonly id: string;
  readonly maxConsults: number;
  /** Consultations made so far in this run. */
  readonly consults: number;
}
