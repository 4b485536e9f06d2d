import { strict as assert } from 'node:assert';
import { AgentHealth, problemReason, problemStatus } from '../../../src/extension/runs/agentHealth';

describe('extension: agent health', () => {
  const failure = (participant: string, error: string, errorKind?: 'auth' | 'timeout' | 'cancelled') => ({
    type: 'agent-result' as const,
    round: 0,
    phase: 'propose' as const,
    participant,
    ok: false,
    ms: 5,
    output: '',
    error,
    ...(errorKind ? { errorKind } : {}),
  });

  it('asks for a key only when the kind says the key was refused, not when a message mentions one', () => {
    const health = new AgentHealth();
    health.record(failure('gpt', 'The server refused the credentials (HTTP 401).', 'auth'));
    health.record(failure('local', "Agent 'local' did not finish within 30 s; the API key was fine.", 'timeout'));
    health.record(failure('claude', 'Agent was cancelled.', 'cancelled'));
    const gpt = health.problemOf('gpt');
    const local = health.problemOf('local');
    assert.ok(gpt && local);
    assert.equal(problemStatus(gpt), 'key-missing');
    assert.equal(problemStatus(local), 'unreachable');
    assert.match(problemReason(local), /^Last call timed out: /);
    assert.equal(health.problemOf('claude'), undefined, 'a cancelled call says nothing about the agent');
  });
});
