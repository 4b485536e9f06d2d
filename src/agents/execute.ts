/**
 * The bridge from agents to the engine: `runConsensus({ execute })` calls participants by id; this
 * turns that into `agent.ask` and every outcome into a result the engine can weigh.
 */
import type { AgentResult, ExecuteContext } from '../core';
import { isAgentError } from './errors';
import type { Agent, TokenUsage } from './types';

/** The part of the engine's execute context this bridge uses, so callers other than the engine (the mesh, tests) need not invent a round and phase. */
export type ExecuteContextLike = Pick<ExecuteContext, 'signal'> & Partial<Pick<ExecuteContext, 'onText'>>;

/** What the bridge resolves: the engine's `AgentResult`, always with the measured `ms`. */
export type AgentResultLike = AgentResult;

/** The engine's `execute` option (it accepts this wider context, so it is assignable to `Execute`). */
export type AgentExecute = (participantId: string, prompt: string, context: ExecuteContextLike) => Promise<AgentResultLike>;

/**
 * Returns an `execute` that asks the agent with the participant's id. It never rejects: failures
 * (an unknown id, an `AgentError`, an empty answer) resolve with `ok: false` and a message for
 * the user, and `ms` is the call's own duration so luminance and replays use what was observed.
 */
export function agentsToExecute(agents: readonly Agent[]): AgentExecute {
  const byId = new Map(agents.map((agent) => [agent.id, agent]));
  return async (participantId, prompt, context) => {
    const started = performance.now();
    const elapsed = (): number => Math.round((performance.now() - started) * 1000) / 1000;
    const agent = byId.get(participantId);
    if (!agent) {
      return {
        id: participantId,
        output: '',
        ok: false,
        ms: 0,
        error: `No agent with id '${participantId}' is configured.`,
        errorKind: 'config',
      };
    }
    try {
      const reply = await agent.ask({ prompt, signal: context.signal, ...(context.onText ? { onText: context.onText } : {}) });
      const ms = elapsed();
      if (reply.output.trim() === '') {
        return {
          id: participantId,
          output: '',
          ok: false,
          ms,
          error: `Agent '${agent.name}' returned an empty answer.`,
          ...usageOf(reply.usage),
        };
      }
      return { id: participantId, output: reply.output, ok: true, ms, ...usageOf(reply.usage) };
    } catch (error) {
      const message = isAgentError(error) || error instanceof Error ? error.message : String(error);
      const result: AgentResultLike = { id: participantId, output: '', ok: false, ms: elapsed(), error: message };
      // The kind travels with the result, so no view has to guess it from the message.
      if (isAgentError(error)) result.errorKind = error.kind;
      return result;
    }
  };
}

function usageOf(usage: TokenUsage | undefined): { usage?: TokenUsage } {
  return usage ? { usage } : {};
}
