/**
 * API keys live in VS Code's SecretStorage, never in settings files. Each is bound to the agent
 * id and to the target it was stored for (the server's origin, or the program): an agent that a
 * workspace points elsewhere gets no key until the user allows it.
 */
import * as vscode from 'vscode';
import type { AgentConfig } from '../agents';
// Straight from its module, not the agents index: activation must not load zod and the MCP SDK.
import { usesApiKeyPlaceholder } from '../agents/apiKeyPlaceholder';
import type { Log } from './log';
import { agentTarget, describeTarget } from './trust/agentTarget';
import type { Consent, ConsentQuestion } from './trust/consent';

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

/** A stored key and the target it belongs to (undefined: stored before keys were bound). */
interface StoredKey {
  key: string;
  target: string | undefined;
}

/** A key that is stored for another target than the agent's current one. */
export interface Redirect {
  agent: AgentConfig;
  stored: string | undefined;
  current: string | undefined;
}

export class ApiKeys {
  /**
   * `userTarget(id)`: the target of agent `id` as the user's own settings define it, which keys
   * stored before they were bound are taken to belong to.
   */
  constructor(
    private readonly storage: vscode.SecretStorage,
    private readonly log: Log,
    private readonly consent: Consent,
    private readonly userTarget: (agentId: string) => string | undefined,
  ) {}

  private static keyName(agentId: string): string {
    return `consensus.apiKey.${agentId}`;
  }

  private async stored(agentId: string): Promise<StoredKey | undefined> {
    const raw = (await this.storage.get(ApiKeys.keyName(agentId)))?.trim();
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as { key?: unknown; target?: unknown };
      if (typeof parsed.key === 'string' && parsed.key.trim()) {
        return { key: parsed.key.trim(), target: typeof parsed.target === 'string' ? parsed.target : undefined };
      }
    } catch {
      // a key stored before keys were bound to targets: the bare key
    }
    // Bind it now to where the user's own settings point the agent, and keep that binding.
    const target = this.userTarget(agentId);
    if (target !== undefined) await this.storage.store(ApiKeys.keyName(agentId), JSON.stringify({ key: raw, target }));
    return { key: raw, target };
  }

  /** The question put to the user when `redirect`'s agent would send its key elsewhere. */
  static question(redirect: Redirect): ConsentQuestion {
    const { agent, stored, current } = redirect;
    const to = describeTarget(current);
    return {
      agentId: agent.id,
      subject: `key\n${stored ?? ''}\n${current ?? ''}`,
      message: `Send the API key of agent '${agent.name}' to ${to}? It was stored for ${describeTarget(stored)}.`,
      detail: `The settings of this workspace point agent '${agent.id}' at ${to}, not where its key was stored.`,
      allow: 'Send Key',
      allowDetail: `Send the key to ${to} from now on.`,
      denyDetail: `The agent gets no key at ${to}; its key stays with ${describeTarget(stored)}.`,
    };
  }

  /** The stored key's target when it is not `agent`'s current one (the caller asks the user). */
  async redirect(agent: AgentConfig): Promise<Redirect | undefined> {
    const stored = await this.stored(agent.id);
    const current = agentTarget(agent);
    return !stored || stored.target === current ? undefined : { agent, stored: stored.target, current };
  }

  /**
   * The agent's key: the stored one if it was stored for the agent's current target (or the user
   * allowed that target), else the environment variable the agent names.
   */
  async get(agent: AgentConfig): Promise<string | undefined> {
    const stored = await this.stored(agent.id);
    const current = agentTarget(agent);
    const allowed =
      stored !== undefined &&
      (stored.target === current || this.consent.decision(ApiKeys.question({ agent, stored: stored.target, current })) === 'allow');
    const fromEnv = 'apiKeyEnv' in agent && agent.apiKeyEnv ? process.env[agent.apiKeyEnv] : undefined;
    const key = (allowed ? stored.key : undefined) || fromEnv?.trim() || undefined;
    if (key) this.log.rememberSecret(key);
    return key;
  }

  async has(agent: AgentConfig): Promise<boolean> {
    return (await this.get(agent)) !== undefined;
  }

  /**
   * True while the agent's key was stored for another target and the user has not yet said
   * whether it may go to the current one: the next run asks, so the agent does not lack a key yet.
   */
  async awaitsConsent(agent: AgentConfig): Promise<boolean> {
    const redirect = await this.redirect(agent);
    return redirect !== undefined && this.consent.decision(ApiKeys.question(redirect)) === undefined;
  }

  /** Stores `key` for `agent` as it is configured now, forgetting earlier decisions about it. */
  async set(agent: AgentConfig, key: string): Promise<void> {
    this.log.rememberSecret(key);
    await this.storage.store(ApiKeys.keyName(agent.id), JSON.stringify({ key, target: agentTarget(agent) }));
    await this.consent.forget(agent.id);
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
