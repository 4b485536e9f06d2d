/** One entry point from a validated configuration to a working agent of the right provider. */
import { createAnthropicAgent } from './anthropic';
import { createCommandAgent } from './command';
import type { AgentConfig, VscodeLmAgentConfig } from './config';
import { AgentError, type KeyHint } from './errors';
import { createMcpAgent } from './mcp';
import { createOpenAIAgent } from './openai';
import type { Clock } from '../core/clock';
import type { RetryOptions } from './retry';
import type { Agent } from './types';

/** Looks up the API key for an agent (SecretStorage in the extension, the environment on the command line). */
export type ApiKeyLookup = (config: AgentConfig) => Promise<string | undefined>;

/** What `createAgent` needs from its host. */
export interface AgentDeps {
  getApiKey: ApiKeyLookup;
  /** Supplied by the extension, which alone can reach VS Code's Language Model API. */
  createVscodeLmAgent?(config: VscodeLmAgentConfig): Agent;
  /** Overrides for the HTTP retry policy (tests and benchmarks use short delays). */
  retry?: Partial<RetryOptions>;
  /** How messages say where a key is set (default: the editor's words). */
  keyHint?: KeyHint;
  /** Runs the agents' timeouts and the waits between retries; default the machine's (tests pass one they move). */
  clock?: Clock;
}

/** Creates the agent for one validated configuration entry. Connections open lazily, on first use. */
export function createAgent(config: AgentConfig, deps: AgentDeps): Agent {
  const getApiKey = (): Promise<string | undefined> => deps.getApiKey(config);
  const { clock } = deps;
  const hint = deps.keyHint ? { keyHint: deps.keyHint } : {};
  // The clock runs the waits between retries too.
  const retry = clock ? { ...deps.retry, clock } : deps.retry;
  const http = { getApiKey, ...(retry ? { retry } : {}), ...(clock ? { clock } : {}), ...hint };
  switch (config.provider) {
    case 'openai':
      return createOpenAIAgent(config, http);
    case 'anthropic':
      return createAnthropicAgent(config, http);
    case 'mcp':
      return createMcpAgent(config, { getApiKey, ...(clock ? { clock } : {}), ...hint });
    case 'command':
      return createCommandAgent(config, { getApiKey, ...(clock ? { clock } : {}), ...hint });
    case 'vscode-lm':
      if (!deps.createVscodeLmAgent) {
        throw new AgentError(
          'config',
          `Agent '${config.name}' uses VS Code's language models (provider 'vscode-lm'), which only work inside VS Code; outside it, configure an 'openai', 'anthropic', 'mcp' or 'command' agent instead.`,
        );
      }
      return deps.createVscodeLmAgent(config);
    default: {
      const unknownProvider: never = config;
      throw new AgentError('config', `Unknown provider in ${JSON.stringify(unknownProvider)}`);
    }
  }
}

/**
 * The command line's key lookup: the variable named by the agent's `apiKeyEnv`, if any.
 * Keys never sit in configuration files, only the names of the variables that hold them.
 */
export function envApiKeyLookup(env: Record<string, string | undefined> = process.env): ApiKeyLookup {
  return async (config) => {
    const name = 'apiKeyEnv' in config ? config.apiKeyEnv : undefined;
    const value = name ? env[name] : undefined;
    return value?.trim() ? value.trim() : undefined;
  };
}
