/** The default route of a run: each call goes straight to its agent. */
import { agentsToExecute } from '../agents/execute';
import type { Agent } from '../agents/types';
import type { AgentRoute, AppLog } from './types';

/**
 * Calls the agents directly; disposing ends every agent (errors of one do not stop the others,
 * and go to `log` when given).
 */
export function directRoute(agents: readonly Agent[], log?: AppLog): AgentRoute {
  return {
    execute: agentsToExecute(agents),
    dispose: async () => {
      await Promise.all(
        agents.map(async (agent) => {
          try {
            await agent.dispose?.();
          } catch (error) {
            log?.warn(`Closing agent ${agent.name} failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        }),
      );
    },
  };
}
