/**
 * What a consensus run and a review share: agents created from their configurations, a route to
 * them, listeners, cancellation, the clean-up and the history record. The body (engine or review)
 * is handed in.
 */
import type { AgentConfig } from '../agents/config';
import type { Agent } from '../agents/types';
import type { Execute } from '../core/types';
import { directRoute } from './route';
import type { AgentIdentity, AppDeps, RunHandle, RunRecord } from './types';

let counter = 0;

/** A run id that is unique in this process and sorts by start time. */
export function newRunId(prefix = ''): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}-${counter.toString(36)}`;
}

/** What `launch` needs to know about the run it starts. */
export interface LaunchSpec<Event, State> {
  id: string;
  title: string;
  agents: readonly AgentConfig[];
  signal: AbortSignal | undefined;
  /** Runs the body with the route's `execute`; must honour `signal` and call `emit` for each event. */
  body(execute: Execute, participants: string[], signal: AbortSignal, emit: (event: Event) => void): Promise<State>;
  /** The history record of the finished run. */
  record(state: State, common: { id: string; title: string; agents: AgentIdentity[]; startedAt: number; endedAt: number }): RunRecord;
  /** One line for the log when the run ends. */
  summary(state: State): string;
}

/** Starts a run on the next microtask and returns its handle. */
export function launch<Event, State>(spec: LaunchSpec<Event, State>, deps: AppDeps): RunHandle<Event, State> {
  const identities = spec.agents.map((config) => ({ id: config.id, name: config.name ?? config.id }));
  const listeners = new Set<(event: Event) => void>();
  const controller = new AbortController();
  const cancel = (reason?: unknown): void => {
    if (!controller.signal.aborted) controller.abort(reason ?? new Error('cancelled'));
  };
  if (spec.signal?.aborted) cancel(spec.signal.reason);
  spec.signal?.addEventListener('abort', () => cancel(spec.signal?.reason), { once: true });

  const emit = (event: Event): void => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        // A failing listener (a closed view, a gone client) must not break the run it observes.
        deps.log?.warn(`Run ${spec.id}: a listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  const run = async (): Promise<State> => {
    // Yields once so the caller can subscribe before the first event.
    await Promise.resolve();
    const startedAt = Date.now();
    const agents: Agent[] = [];
    let dispose: () => Promise<void> = async () => {
      await Promise.allSettled(agents.map((agent) => agent.dispose?.() ?? Promise.resolve()));
    };
    try {
      for (const config of spec.agents) agents.push(deps.createAgent(config));
      const route = await (deps.route ?? directRoute)(agents);
      dispose = route.dispose;
      deps.log?.info(`Run ${spec.id} started with ${identities.map((agent) => agent.name).join(', ')}: ${spec.title}`);
      const state = await spec.body(
        route.execute,
        identities.map((agent) => agent.id),
        controller.signal,
        emit,
      );
      deps.log?.info(`Run ${spec.id} ended: ${spec.summary(state)}`);
      if (deps.history) {
        const record = spec.record(state, { id: spec.id, title: spec.title, agents: identities, startedAt, endedAt: Date.now() });
        await deps.history.save(record).catch((error: unknown) => {
          deps.log?.error(`Run ${spec.id} could not be saved to past runs: ${error instanceof Error ? error.message : String(error)}`);
        });
      }
      return state;
    } catch (error) {
      deps.log?.error(`Run ${spec.id} failed: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    } finally {
      await dispose();
    }
  };

  return {
    id: spec.id,
    agents: identities,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    result: run(),
    signal: controller.signal,
    cancel,
  };
}
