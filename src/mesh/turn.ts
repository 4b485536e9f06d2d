/**
 * What an agent adapter needs to let its model consult peers during its turn: find the mesh turn
 * on a request, and describe/run a function-calling tool for it (the JSON schema is the shape
 * OpenAI's `tools[].function` and Anthropic's `tools[]` both accept).
 */
import type { AgentRequest, AgentTool } from '../agents/types';
import type { MeshTurn } from './types';

/** The mesh turn of a request made through the mesh, or undefined for a direct call. */
export function meshTurnOf(request: AgentRequest): MeshTurn | undefined {
  const turn = (request as AgentRequest & { mesh?: unknown }).mesh;
  if (turn === null || typeof turn !== 'object') return undefined;
  return typeof (turn as MeshTurn).consult === 'function' ? (turn as MeshTurn) : undefined;
}

/**
 * A tool a model can call to consult a peer, with the function that runs the call: an
 * `AgentTool`, which the mesh puts on the request's `tools` so the adapters offer it. `run`
 * resolves the peer's answer, or the reason it could not be asked (a limit reached, a failure),
 * so the model carries on without it.
 */
export type ConsultTool = AgentTool;

/** The consult tool for `turn`, or undefined when the agent has no peer to ask. */
export function consultTool(turn: MeshTurn): ConsultTool | undefined {
  if (turn.peers.length === 0) return undefined;
  return {
    name: 'ask_agent',
    description:
      'Ask another agent taking part in this run a question and get its answer. Use sparingly: ' +
      'the number and depth of such questions are limited.',
    parameters: {
      type: 'object',
      properties: {
        agent: { type: 'string', enum: [...turn.peers], description: 'Which agent to ask.' },
        question: { type: 'string', description: 'The question, complete in itself.' },
      },
      required: ['agent', 'question'],
      additionalProperties: false,
    },
    async run(args, signal) {
      const record = args !== null && typeof args === 'object' ? (args as Record<string, unknown>) : {};
      const agent = record.agent;
      const question = record.question;
      if (typeof agent !== 'string' || typeof question !== 'string') {
        return 'ask_agent needs string arguments "agent" and "question".';
      }
      try {
        return await turn.consult(agent, question, signal ? { signal } : {});
      } catch (error) {
        return `Could not ask ${agent}: ${error instanceof Error ? error.message : String(error)}`;
      }
    },
  };
}
