/**
 * How each agent's latest call went, so the sidebar can say which configured agent is not working
 * and why (its last error and its kind), next to the fix. Pure: no `vscode`.
 */
import type { AgentErrorKind, ConsensusEvent } from '../../core';
import type { ConfiguredAgentStatus } from '../../shared/summary';

/** The latest failed call of an agent. */
export interface AgentProblem {
  message: string;
  /** As the engine reported it; undefined when the agent gave no kind. */
  kind?: AgentErrorKind;
}

export class AgentHealth {
  private readonly lastError = new Map<string, AgentProblem>();

  /** Notes the outcome of every agent call the event reports. */
  record(event: ConsensusEvent): void {
    if (event.type !== 'agent-result') return;
    if (event.ok) this.lastError.delete(event.participant);
    // A cancelled call says nothing about the agent.
    else if (event.error && event.errorKind !== 'cancelled') {
      const problem: AgentProblem = { message: event.error };
      if (event.errorKind !== undefined) problem.kind = event.errorKind;
      this.lastError.set(event.participant, problem);
    }
  }

  /** The error of the agent's latest call, when it failed. */
  problemOf(agentId: string): AgentProblem | undefined {
    return this.lastError.get(agentId);
  }

  /** Forgets what is known, e.g. after the user changed the agent or its key. */
  clear(agentId?: string): void {
    if (agentId === undefined) this.lastError.clear();
    else this.lastError.delete(agentId);
  }
}

/** The sidebar's status for an agent whose last call failed: a refused key asks for a key, anything else for a retry. */
export function problemStatus(problem: AgentProblem): ConfiguredAgentStatus {
  return problem.kind === 'auth' ? 'key-missing' : 'unreachable';
}

/** "Last call timed out: …": the kind in words, then the agent's own message. */
export function problemReason(problem: AgentProblem): string {
  const what = problem.kind === undefined ? 'failed' : KIND_TEXT[problem.kind];
  return `Last call ${what}: ${problem.message}`;
}

const KIND_TEXT: Record<AgentErrorKind, string> = {
  auth: 'was refused (API key)',
  'not-found': 'found no such model or endpoint',
  'rate-limit': 'was rate-limited',
  server: 'failed on the server',
  connection: 'could not connect',
  stream: 'broke off',
  timeout: 'timed out',
  cancelled: 'was cancelled',
  config: 'was misconfigured',
  process: 'failed',
};
