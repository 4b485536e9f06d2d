/**
 * Reading `--agents FILE`: JSON holding a list of agent configurations or `{ "agents": [...] }`,
 * validated with the same schema as the editor's settings. Every problem is reported at once.
 */
import { readFile } from 'node:fs/promises';
import { AgentConfigError, parseAgentsConfig } from '../agents/config';
import type { AgentConfig } from '../agents/config';

/** The agents file cannot be used; the message says what to fix. */
export class AgentsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentsFileError';
  }
}

/** The configurations in `text` (the content of `file`), validated, enabled and disabled alike. */
export function parseAgentsFile(text: string, file: string): AgentConfig[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AgentsFileError(`${file} is not valid JSON: ${reason}`);
  }
  const list = Array.isArray(json)
    ? json
    : json !== null && typeof json === 'object' && 'agents' in json
      ? (json as { agents: unknown }).agents
      : undefined;
  if (!Array.isArray(list)) {
    throw new AgentsFileError(`${file} must hold a list of agents, or an object { "agents": [...] }`);
  }
  try {
    return parseAgentsConfig(list);
  } catch (error) {
    if (error instanceof AgentConfigError) {
      const count = error.problems.length;
      throw new AgentsFileError(`${file} has ${count === 1 ? 'a problem' : `${count} problems`}:\n${error.problems.map((p) => `  ${p}`).join('\n')}`);
    }
    throw error;
  }
}

/** Reads and validates `file`, with a message naming the file when it cannot be read. */
export async function loadAgentsFile(file: string): Promise<AgentConfig[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : error instanceof Error ? error.message : String(error);
    throw new AgentsFileError(`cannot read the agents file ${file}: ${reason}`);
  }
  return parseAgentsFile(text, file);
}

/**
 * The names of environment variables that enabled agents read their keys from but that are unset
 * or empty, with the agents needing each, so the user can export them before any call is made.
 */
export function missingKeys(agents: readonly AgentConfig[], env: Record<string, string | undefined>): { variable: string; agents: string[] }[] {
  const missing = new Map<string, string[]>();
  for (const agent of agents) {
    const variable = 'apiKeyEnv' in agent ? agent.apiKeyEnv : undefined;
    if (variable === undefined || (env[variable] ?? '').trim() !== '') continue;
    missing.set(variable, [...(missing.get(variable) ?? []), agent.id]);
  }
  return [...missing].map(([variable, ids]) => ({ variable, agents: ids }));
}
