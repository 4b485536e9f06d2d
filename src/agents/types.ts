/**
 * What every kind of agent (OpenAI-compatible, Anthropic, MCP, command line, VS Code's language
 * models) looks like to the engine and the mesh. Imports nothing from `vscode`.
 */

import type { TokenUsage } from '../core/types';

/** The engine owns this type (it records usage per call); re-exported for the adapters that report it. */
export type { TokenUsage };

/**
 * A function the model may call during its turn (the mesh's `ask_agent`, which asks another
 * agent). Defined here, structurally, so adapters need not import the mesh; the JSON schema in
 * `parameters` is the shape OpenAI's `tools[].function` and Anthropic's `tools[]` both accept.
 */
export interface AgentTool {
  name: string;
  description: string;
  /** JSON schema of the arguments. */
  parameters: Record<string, unknown>;
  /**
   * Runs one call with the arguments the model gave and resolves the text to hand back to it:
   * the result, or the reason there is none (a limit reached, a failure), so the model can carry on.
   */
  run(args: unknown, signal?: AbortSignal): Promise<string>;
}

/** One request to an agent. */
export interface AgentRequest {
  /** The user-facing prompt for this turn (the engine's proposal, refinement or synthesis prompt). */
  prompt: string;
  /** Aborted on cancel or timeout: the agent must stop its HTTP request, MCP call or child process. */
  signal: AbortSignal;
  /** Called with each piece of text as it streams in. */
  onText?: (delta: string) => void;
  /**
   * Tools the model may call during this turn; adapters whose API supports tool calling offer
   * them and run the calls (the mesh fills this in so an agent can ask its peers).
   */
  tools?: readonly AgentTool[];
}

/** A successful reply. Failures are thrown as `AgentError`. */
export interface AgentReply {
  output: string;
  usage?: TokenUsage;
}

/** A participant the engine can call. */
export interface Agent {
  /** Unique within a run. */
  readonly id: string;
  /** Shown to the user, never to the other agents. */
  readonly name: string;
  ask(request: AgentRequest): Promise<AgentReply>;
  /** Releases connections and child processes. Safe to call more than once. */
  dispose?(): Promise<void>;
}
