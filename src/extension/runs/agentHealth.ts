/**
 * How each agent's latest call went, so the sidebar can say which configured agent is not working
 * and why (its last error), next to the fix.
 */
import type { ConsensusEvent } from '../../core';

export class AgentHealth {
  private readonly lastError = new Map<string, string>();

  /** Notes the outcome of every agent call the event reports. */
  record(event: ConsensusEvent): void {
    if (event.type !== 'agent-result') return;
    if (event.ok) this.lastError.delete(event.participant);
    else if (event.error && event.error !== 'cancelled') this.lastError.set(event.participant, event.error);
  }

  /** The error of the agent's latest call, when it failed. */
  problemOf(agentId: string): string | undefined {
    return this.lastError.get(agentId);
  }

  /** Forgets what is known, e.g. after the user changed the agent or its key. */
  clear(agentId?: string): void {
    if (agentId === undefined) this.lastError.clear();
    else this.lastError.delete(agentId);
  }
}
