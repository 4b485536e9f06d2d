/**
 * In-process agents for the mesh tests: each one is a real `Agent` (the mesh's collaborator, not
 * the code under test) whose behaviour a test writes as a function.
 */
import type { Agent, AgentReply, AgentRequest } from '../../../src/agents/types';
import type { MeshAgentRequest } from '../../../src/mesh/types';

/** An agent whose answer is computed by `answer`; records whether it was disposed. */
export interface TestAgent extends Agent {
  readonly requests: AgentRequest[];
  disposed: number;
}

/** The mesh part of a request, which every request made through the mesh carries. */
export function turnOf(request: AgentRequest): MeshAgentRequest['mesh'] {
  const mesh = (request as Partial<MeshAgentRequest>).mesh;
  if (!mesh) throw new Error('request did not come through the mesh');
  return mesh;
}

/** A local agent answering with `answer(request)`. */
export function testAgent(id: string, answer: (request: AgentRequest) => Promise<string> | string): TestAgent {
  const agent: TestAgent = {
    id,
    name: `Agent ${id}`,
    requests: [],
    disposed: 0,
    async ask(request: AgentRequest): Promise<AgentReply> {
      agent.requests.push(request);
      return { output: await answer(request), usage: { inputTokens: request.prompt.length, outputTokens: 1 } };
    },
    async dispose() {
      agent.disposed += 1;
    },
  };
  return agent;
}
