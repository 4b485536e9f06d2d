/**
 * Where an agent's key goes and what an agent runs, as plain values the extension compares and
 * names in prompts. Pure logic: no `vscode` here.
 */
import type { AgentConfig } from '../../agents';

/**
 * What a stored key is bound to: the origin (scheme, host, port) of the server the agent calls,
 * or the program it starts (command and arguments). Undefined for VS Code's own models.
 */
export function agentTarget(agent: AgentConfig): string | undefined {
  switch (agent.provider) {
    case 'openai':
    case 'anthropic':
      return originOf(agent.baseUrl);
    case 'mcp':
      return agent.transport === 'http' ? originOf(agent.url) : programOf(agent.command, agent.args);
    case 'command':
      return programOf(agent.command, agent.args);
    case 'vscode-lm':
      return undefined;
  }
}

/** `https://api.openai.com:443/v1` → `https://api.openai.com` (default ports dropped, as URL does). */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

const PROGRAM = 'program: ';

function programOf(command: string, args: readonly string[] | undefined): string {
  return `${PROGRAM}${[command, ...(args ?? [])].join(' ')}`;
}

/** A target as a prompt names it: the address, or "the program 'node server.js'". */
export function describeTarget(target: string | undefined): string {
  if (target === undefined) return 'an unknown address (the key was stored before keys were bound to addresses)';
  return target.startsWith(PROGRAM) ? `the program '${target.slice(PROGRAM.length)}'` : target;
}

/**
 * What a workspace-defined agent may do on this machine beyond calling a server: start a program
 * (a command agent, an MCP server over stdio), or read an environment variable (`apiKeyEnv`).
 * Empty when it does neither.
 */
export function localPowers(agent: AgentConfig): string[] {
  const powers: string[] = [];
  if (agent.provider === 'command' || (agent.provider === 'mcp' && agent.transport === 'stdio')) {
    powers.push(`starts ${describeTarget(agentTarget(agent))}`);
  }
  if ('apiKeyEnv' in agent && agent.apiKeyEnv) powers.push(`reads the environment variable ${agent.apiKeyEnv}`);
  return powers;
}

/**
 * The raw entry of `id` if it comes from a workspace (or folder) rather than from the user's own
 * settings: an entry counts as the user's when the user-level list holds the same entry.
 */
export function workspaceEntry(id: string, effective: readonly unknown[], user: readonly unknown[]): unknown {
  const entry = effective.find((candidate) => idOf(candidate) === id);
  if (entry === undefined) return undefined;
  const own = user.find((candidate) => idOf(candidate) === id);
  return own !== undefined && stableJson(own) === stableJson(entry) ? undefined : entry;
}

function idOf(entry: unknown): unknown {
  return entry !== null && typeof entry === 'object' ? (entry as { id?: unknown }).id : undefined;
}

/** JSON with object keys sorted, so two equal entries written in another order compare equal. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
