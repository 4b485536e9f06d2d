/**
 * Before a run: what the user has to allow first. A workspace-defined agent that starts a program
 * or reads an environment variable runs only once the user allowed it; an agent whose stored key
 * belongs to another target gets it only once the user allowed that. Each is asked once.
 */
import type { AgentConfig } from '../../agents';
import { ApiKeys } from '../apiKeys';
import type { Config } from '../config';
import { describeTarget, localPowers, stableJson } from './agentTarget';
import type { Consent } from './consent';

/** The agents that may run, and why others may not or run without their stored key. */
export interface GateOutcome {
  allowed: AgentConfig[];
  /** One sentence per agent left out or sent no key, for a warning. */
  notes: string[];
}

export async function gateAgents(agents: readonly AgentConfig[], config: Config, apiKeys: ApiKeys, consent: Consent): Promise<GateOutcome> {
  const allowed: AgentConfig[] = [];
  const notes: string[] = [];
  for (const agent of agents) {
    const entry = config.workspaceDefined(agent);
    const powers = localPowers(agent);
    if (entry !== undefined && powers.length > 0) {
      const decision = await consent.ask({
        agentId: agent.id,
        subject: `workspace\n${stableJson(entry)}`,
        message: `Allow agent '${agent.name}', defined by this workspace, which ${powers.join(' and ')}?`,
        detail: 'Allow it only if you trust this workspace: its settings, not yours, define this agent.',
        allow: 'Allow',
        allowDetail: `Let agent '${agent.id}' run as this workspace defines it.`,
        denyDetail: `Runs leave agent '${agent.id}' out.`,
      });
      if (decision !== 'allow') {
        notes.push(`Left out '${agent.name}': it is defined by this workspace and ${powers.join(' and ')}, which was not allowed.`);
        continue;
      }
    }
    const redirect = await apiKeys.redirect(agent);
    if (redirect && (await consent.ask(ApiKeys.question(redirect))) !== 'allow') {
      notes.push(
        `The API key of '${agent.name}' was not sent to ${describeTarget(redirect.current)}: it was stored for ${describeTarget(redirect.stored)}. Set its key again with "Consensus: Set API Key..." to use it there.`,
      );
    }
    allowed.push(agent);
  }
  return { allowed, notes };
}
