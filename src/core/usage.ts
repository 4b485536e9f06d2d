/** Token counts a provider reported for one call, where it reported them (the engine's port type: agents fill it in). */
export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
}
