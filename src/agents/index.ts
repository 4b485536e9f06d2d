/**
 * Public surface of the agents layer: configuration, the adapters behind one factory, typed
 * errors, retries, and the bridge to the engine's `execute`. Imports nothing from `vscode`.
 */
export type { Agent, AgentReply, AgentRequest, AgentTool, TokenUsage } from './types';
export { MAX_TOOL_ROUNDS } from './tools';
export { AgentConfigError, agentConfigJsonSchema, agentConfigSchema, agentsConfigSchema, parseAgentsConfig } from './config';
export type {
  AgentConfig,
  AnthropicAgentConfig,
  CommandAgentConfig,
  McpAgentConfig,
  McpHttpTransportConfig,
  McpStdioTransportConfig,
  McpTransportConfig,
  OpenAIAgentConfig,
  ProviderName,
  VscodeLmAgentConfig,
} from './config';
export { AgentError, isAgentError, redact } from './errors';
export type { AgentErrorDetails } from './errors';
export type { AgentErrorKind } from './errors';
export { DEFAULT_RETRY, parseRetryAfter, withRetry } from './retry';
export type { RetryOptions } from './retry';
export { promptWithSystem, systemMessageFor } from './prompt';
export { createOpenAIAgent } from './openai';
export { createAnthropicAgent } from './anthropic';
export { connectMcpClient, createMcpAgent, describeEndpoint, mcpError, pickPromptTool, DEFAULT_MCP_TIMEOUT_MS } from './mcp';
export type { McpAgentOptions, McpConnection, ToolDescription } from './mcp';
export type { HttpAgentOptions } from './openai';
export { commandArguments, createCommandAgent, PROMPT_PLACEHOLDER } from './command';
export type { CommandAgentOptions } from './command';
export { API_KEY_PLACEHOLDER, usesApiKeyPlaceholder } from './apiKeyPlaceholder';
export { createAgent } from './factory';
export { envApiKeyLookup } from './factory';
export type { AgentDeps, ApiKeyLookup } from './factory';
export { agentsToExecute } from './execute';
export type { AgentExecute, AgentResultLike, ExecuteContextLike } from './execute';
