/**
 * The mesh route (`consensus --mesh`): every call is an MCP request through the mesh, where
 * agents may consult each other within one run's budget.
 */
import type { Agent } from '../agents/types';
import { meshExecute } from '../mesh/consensus';
import { Mesh } from '../mesh/mesh';
import { DEFAULT_MESH_TIMEOUT_MS } from '../mesh/types';
import type { Router } from './types';

/** A router that registers the run's agents in a fresh mesh; `timeoutMs` is the longest silence a call may have. */
export function meshRouter(options: { timeoutMs?: number } = {}): Router {
  return async (agents: Agent[]) => {
    // The mesh's own wait must not cut a call the per-call timeout allows.
    const mesh = new Mesh({ timeoutMs: Math.max(DEFAULT_MESH_TIMEOUT_MS, options.timeoutMs ?? 0) });
    try {
      // The mesh owns the agents from here; disposing it disposes them.
      for (const agent of agents) await mesh.register(agent.id, agent);
    } catch (error) {
      await Promise.allSettled([mesh.dispose(), ...agents.map((agent) => agent.dispose?.())]);
      throw error;
    }
    const run = mesh.createRun();
    return {
      execute: meshExecute(mesh, { run }),
      dispose: async () => {
        mesh.endRun(run);
        await mesh.dispose().catch(() => undefined);
      },
    };
  };
}
