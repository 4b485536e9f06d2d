/** Shared helpers for the agents' tests. */
import { strict as assert } from 'node:assert';
import { AgentError, isAgentError } from '../../../src/agents/errors';
import type { Agent, AgentReply } from '../../../src/agents/types';

/** Fast retries so failure tests take milliseconds, not seconds. */
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };

/** Asks an agent, collecting the streamed pieces. */
export async function askCollecting(
  agent: Agent,
  prompt: string,
  signal: AbortSignal = new AbortController().signal,
): Promise<{ reply: AgentReply; pieces: string[] }> {
  const pieces: string[] = [];
  const reply = await agent.ask({ prompt, signal, onText: (delta) => pieces.push(delta) });
  return { reply, pieces };
}

/** Asserts the promise rejects with an AgentError of `kind` and returns it for message checks. */
export async function rejectsWithKind(promise: Promise<unknown>, kind: AgentError['kind']): Promise<AgentError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isAgentError(error), `expected an AgentError, got ${String(error)}`);
    assert.equal(error.kind, kind, `expected kind ${kind}, got ${error.kind}: ${error.message}`);
    return error;
  }
  assert.fail(`expected a ${kind} error, but the call succeeded`);
}

/** A loopback port nothing listens on (it was free a moment ago). */
export async function unusedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
