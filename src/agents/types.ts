/**
 * What every kind of agent (OpenAI-compatible, Anthropic, MCP, command line, VS Code's language
 * models) looks like to the engine and the mesh. Imports nothing from `vscode`.
 */

/** Token counts a provider reported for one call, where it reported them. */
export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
}

/** One request to an agent. */
export interface AgentRequest {
  /** The user-facing prompt for this turn (the engine's proposal, refinement or synthesis prompt). */
  prompt: string;
  /** Aborted on cancel or timeout: the agent must stop its HTTP request, MCP call or child process. */
  signal: AbortSignal;
  /** Called with each piece of text as it streams in. */
  onText?: (delta: string) => void;
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
