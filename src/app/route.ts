/** The default route of a run: each call goes straight to its agent. */
import { agentsToExecute } from '../agents/execute';
import type { Agent } from '../agents/types';
import type { AgentRoute } from './types';

/** Calls the agents directly; disposing ends every agent (errors of one do not stop the others). */
export function directRoute(agents: readonly Agent[]): AgentRoute {
  return {
    execute: agentsToExecute(agents),
    dispose: async () => {
      await Promise.allSettled(agents.map((agent) => agent.dispose?.()));
    },
  };
}
