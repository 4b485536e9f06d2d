/**
 * API keys live in VS Code's SecretStorage, one per agent id, never in settings files.
 */
import * as vscode from 'vscode';
import type { AgentConfig } from '../agents';
// Straight from its module, not the agents index: activation must not load zod and the MCP SDK.
import { usesApiKeyPlaceholder } from '../agents/apiKeyPlaceholder';
import type { Log } from './log';

/** Providers that send a key, and agents whose headers or environment ask for it (`${apiKey}`). */
export function needsApiKey(agent: AgentConfig): boolean {
  return agent.provider === 'openai' || agent.provider === 'anthropic' || usesApiKeyPlaceholder(agent);
}

/**
 * Local servers (Ollama, LM Studio, llama.cpp, vLLM on this machine) usually take no key; one
 * whose headers ask for the key (`${apiKey}`) is treated like any other, as it cannot work without.
 */
export function isLocalServer(agent: AgentConfig): boolean {
  if (agent.provider !== 'openai' || usesApiKeyPlaceholder(agent)) return false;
  try {
    const host = new URL(agent.baseUrl).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1';
  } catch {
    return false;
  }
}

export class ApiKeys {
  constructor(private readonly storage: vscode.SecretStorage, private readonly log: Log) {}

  private static keyName(agentId: string): string {
    return `consensus.apiKey.${agentId}`;
  }

  /** The agent's key: from SecretStorage, else from the environment variable it names. */
  async get(agent: AgentConfig): Promise<string | undefined> {
    const stored = await this.storage.get(ApiKeys.keyName(agent.id));
    const fromEnv = 'apiKeyEnv' in agent && agent.apiKeyEnv ? process.env[agent.apiKeyEnv] : undefined;
    const key = stored?.trim() || fromEnv?.trim() || undefined;
    if (key) this.log.rememberSecret(key);
    return key;
  }

  async has(agent: AgentConfig): Promise<boolean> {
    return (await this.get(agent)) !== undefined;
  }

  async set(agentId: string, key: string): Promise<void> {
    this.log.rememberSecret(key);
    await this.storage.store(ApiKeys.keyName(agentId), key);
  }

  async delete(agentId: string): Promise<void> {
    await this.storage.delete(ApiKeys.keyName(agentId));
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.storage.onDidChange((event) => {
      if (event.key.startsWith('consensus.apiKey.')) listener();
    });
  }
}
