/** Checks shared by the command line's commands before any agent is called. */
import { ConsensusError } from '../core/errors';
import type { AgentConfig } from '../agents/config';
import { missingKeys, unexpandedKeys } from './agentsFile';

/** Exit statuses of the command line. */
export const EXIT = { final: 0, error: 1, notFinal: 2, findings: 3, interrupted: 130 } as const;

/** A failure the user can fix; printed as `consensus: message` (then the fix), exit status 1. */
export class CliError extends ConsensusError {
  constructor(message: string, fix: string) {
    super('cannot-start', message, fix);
    this.name = 'CliError';
  }
}

/** The enabled agents, or an error when fewer than two are enabled or a key variable is unset. */
export function enabledAgents(configs: readonly AgentConfig[], file: string, env: Record<string, string | undefined>): AgentConfig[] {
  const enabled = configs.filter((config) => config.enabled);
  if (enabled.length < 2) {
    throw new CliError(
      `${file} has ${enabled.length === 0 ? 'no' : 'only one'} enabled agent; consensus needs at least two (the same model may take part twice with different "stance"s)`,
      'enable at least two agents in the agents file (the same model may take part twice with different "stance"s)',
    );
  }
  checkKeys(enabled, env);
  return enabled;
}

/**
 * An error when a variable the agents read their key from is unset, or holds a reference an MCP
 * host did not expand (`${OPENAI_API_KEY}`), which would be sent to the model server as the key.
 */
export function checkKeys(enabled: readonly AgentConfig[], env: Record<string, string | undefined>): void {
  const unexpanded = unexpandedKeys(enabled, env);
  if (unexpanded.length > 0) {
    const lines = unexpanded.map(
      ({ variable, agents }) => `  ${variable} holds the text "${env[variable]?.trim()}" (for ${agents.join(', ')})`,
    );
    const first = unexpanded[0];
    throw new CliError(
      `these environment variables hold a reference to a variable instead of an API key:\n${lines.join('\n')}\n` +
        `an MCP host passes "\${${first?.refersTo}}" through as it is when ${first?.refersTo} is not set where the host runs: set ${first?.refersTo} in the environment the host starts from, or put the key itself in the "env" of the consensus server in the host's configuration`,
      `set ${first?.refersTo} in the environment the host starts from, or put the key itself in the "env" of the consensus server in the host's configuration`,
    );
  }
  const missing = missingKeys(enabled, env);
  if (missing.length > 0) {
    const lines = missing.map(({ variable, agents }) => `  ${variable} (for ${agents.join(', ')})`);
    throw new CliError(
      `these environment variables hold API keys but are not set:\n${lines.join('\n')}\nexport them (e.g. export ${missing[0]?.variable}=...) and run again`,
      `export them (e.g. export ${missing[0]?.variable}=...) and run again`,
    );
  }
}
