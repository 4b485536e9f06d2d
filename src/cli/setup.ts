/** Checks shared by the command line's commands before any agent is called. */
import type { AgentConfig } from '../agents/config';
import { missingKeys } from './agentsFile';

/** Exit statuses of the command line. */
export const EXIT = { final: 0, error: 1, notFinal: 2, findings: 3, interrupted: 130 } as const;

/** A failure the user can fix; printed as `consensus: message`, exit status 1. */
export class CliError extends Error {}

/** The enabled agents, or an error when fewer than two are enabled or a key variable is unset. */
export function enabledAgents(configs: readonly AgentConfig[], file: string, env: Record<string, string | undefined>): AgentConfig[] {
  const enabled = configs.filter((config) => config.enabled);
  if (enabled.length < 2) {
    throw new CliError(
      `${file} has ${enabled.length === 0 ? 'no' : 'only one'} enabled agent; consensus needs at least two (the same model may take part twice with different "stance"s)`,
    );
  }
  const missing = missingKeys(enabled, env);
  if (missing.length > 0) {
    const lines = missing.map(({ variable, agents }) => `  ${variable} (for ${agents.join(', ')})`);
    throw new CliError(`these environment variables hold API keys but are not set:\n${lines.join('\n')}\nexport them (e.g. export ${missing[0]?.variable}=...) and run again`);
  }
  return enabled;
}
