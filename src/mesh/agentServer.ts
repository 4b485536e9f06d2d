/**
 * Wraps a local agent as an MCP server with the tools `think`, `discuss`, `review` and `ask`, so
 * the mesh reaches local and remote agents the same way. Streamed text travels back to the caller
 * as progress notifications, which also keep a long request's timeout from expiring.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Agent } from '../agents/types';
import { consultTool } from './turn';
import type { MeshAgentRequest, MeshTurn } from './types';
import { META_USAGE } from './types';

/** The tools every local agent offers, in the order `listTools` reports them. */
export const LOCAL_TOOLS = ['think', 'discuss', 'review', 'ask'] as const;

/** Builds the turn (caller, depth, consult) for one request from its `_meta`. */
export type TurnFactory = (meta: unknown, signal: AbortSignal) => MeshTurn;

const peerAnswer = z.object({
  label: z.string().describe('How the peer is shown (an anonymous label such as A or B).'),
  answer: z.string().describe("The peer's current answer."),
});

/** The prompt a `discuss` call gives the agent: the prompt, then each peer's answer under its label. */
export function discussPrompt(prompt: string, peers: readonly { label: string; answer: string }[] | undefined): string {
  if (!peers || peers.length === 0) return prompt;
  const shown = peers.map((peer) => `[${peer.label}]\n${peer.answer.trim()}`).join('\n\n');
  return `${prompt}\n\nThe other participants' current answers:\n\n${shown}`;
}

/** The prompt a `review` call gives the agent: the instructions, then the material to review. */
export function reviewPrompt(prompt: string, content: string | undefined): string {
  if (content === undefined || content.trim() === '') return prompt;
  return `${prompt}\n\nMaterial to review:\n\n${content}`;
}

/**
 * An MCP server whose tools call `agent.ask`. `turnFor` lets the agent consult other members
 * during its turn; the returned server is not yet connected.
 */
export function createAgentServer(name: string, agent: Agent, turnFor: TurnFactory): McpServer {
  const server = new McpServer({ name: `consensus-agent-${name}`, version: '0.1.0' });

  const answer = async (prompt: string, extra: RequestHandlerExtra<ServerRequest, ServerNotification>) => {
    const progressToken = extra._meta?.progressToken;
    let streamed = 0;
    const turn = turnFor(extra._meta, extra.signal);
    // A model that supports tool calling gets `ask_agent`; the adapter offers it and runs the calls.
    const consult = consultTool(turn);
    const request: MeshAgentRequest = {
      prompt,
      signal: extra.signal,
      mesh: turn,
      ...(consult ? { tools: [consult] } : {}),
    };
    if (progressToken !== undefined) {
      request.onText = (delta: string) => {
        if (delta === '' || extra.signal.aborted) return;
        // Progress must increase with each notification; the count of characters so far does.
        streamed += delta.length;
        extra
          .sendNotification({ method: 'notifications/progress', params: { progressToken, progress: streamed, message: delta } })
          .catch(() => undefined); // A caller that went away no longer needs the text.
      };
    }
    const reply = await agent.ask(request);
    return {
      content: [{ type: 'text' as const, text: reply.output }],
      ...(reply.usage ? { _meta: { [META_USAGE]: { ...reply.usage } } } : {}),
    };
  };

  server.registerTool(
    'think',
    {
      description: `Ask ${agent.name} to think a question or task through on its own and answer it.`,
      inputSchema: { prompt: z.string().describe('The question or task.') },
    },
    (args, extra) => answer(args.prompt, extra),
  );
  server.registerTool(
    'discuss',
    {
      description: `Show ${agent.name} the other participants' answers and ask for its own, kept or revised.`,
      inputSchema: {
        prompt: z.string().describe('The question, or the whole discussion prompt when no peers are given.'),
        peers: z.array(peerAnswer).optional().describe("The other participants' current answers."),
      },
    },
    (args, extra) => answer(discussPrompt(args.prompt, args.peers), extra),
  );
  server.registerTool(
    'review',
    {
      description: `Ask ${agent.name} to review material critically.`,
      inputSchema: {
        prompt: z.string().describe('What to look for, or the whole review prompt when no content is given.'),
        content: z.string().optional().describe('The material to review.'),
      },
    },
    (args, extra) => answer(reviewPrompt(args.prompt, args.content), extra),
  );
  server.registerTool(
    'ask',
    {
      description: `Ask ${agent.name} a question, as one agent asks another.`,
      inputSchema: { prompt: z.string().describe('The question.') },
    },
    (args, extra) => answer(args.prompt, extra),
  );
  return server;
}
