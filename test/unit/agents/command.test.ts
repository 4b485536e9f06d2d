import { strict as assert } from 'node:assert';
import { parseAgentsConfig } from '../../../src/agents/config';
import { createAgent } from '../../../src/agents/factory';
import type { Agent } from '../../../src/agents/types';
import { COMMAND_AGENT_SCRIPT, COMMAND_MODE_ENV } from '../../fixtures/commandAgent';
import { eventually, isAlive } from '../../fixtures/processes';
import { askCollecting, rejectsWithKind } from './helpers';

function commandAgent(mode: string, extra: Record<string, unknown> = {}): Agent {
  const [config] = parseAgentsConfig([
    { id: 'cli', name: 'Local CLI', provider: 'command', command: process.execPath, args: [COMMAND_AGENT_SCRIPT], env: { [COMMAND_MODE_ENV]: mode }, ...extra },
  ]);
  assert.ok(config);
  return createAgent(config, { getApiKey: async () => undefined });
}

describe('agents: command provider', () => {
  it('sends the prompt on stdin and streams stdout as the answer', async () => {
    const { reply, pieces } = await askCollecting(commandAgent('echo'), 'a prompt with "quotes" and ünïcode');
    assert.equal(reply.output, 'echo: a prompt with "quotes" and ünïcode');
    assert.equal(pieces.join(''), reply.output);
  });

  it('can pass the prompt as an argument, in place of {prompt}', async () => {
    const agent = commandAgent('echo', { promptVia: 'argument', args: [COMMAND_AGENT_SCRIPT, '{prompt}'], stance: 'for' });
    const { reply } = await askCollecting(agent, 'Is tea better than coffee?');
    assert.match(reply.output, /^echo: Take the side in favour.*\n\nIs tea better than coffee\?$/s);
  });

  it('a failing command reports its exit code and what it printed on stderr', async () => {
    const error = await rejectsWithKind(commandAgent('fail').ask({ prompt: 'Q', signal: new AbortController().signal }), 'process');
    assert.equal(error.message, "The command of agent 'Local CLI' exited with code 3: model file not found: /models/missing.gguf");
  });

  it('a missing command says so', async () => {
    const [config] = parseAgentsConfig([{ id: 'x', provider: 'command', command: 'consensus-no-such-command' }]);
    assert.ok(config);
    const error = await rejectsWithKind(createAgent(config, { getApiKey: async () => undefined }).ask({ prompt: 'Q', signal: new AbortController().signal }), 'config');
    assert.match(error.message, /'consensus-no-such-command' was not found — is it installed and on PATH\?/);
  });

  it('cancelling kills the child and everything it started before the call settles', async function () {
    if (process.platform === 'win32') this.skip();
    const controller = new AbortController();
    let text = '';
    const pending = commandAgent('family').ask({ prompt: 'Q', signal: controller.signal, onText: (d) => (text += d) });
    await eventually(() => text.includes('\n'), 5000, 'the child to report its pids');
    const { pid, grandchild } = JSON.parse(text) as { pid: number; grandchild: number };
    assert.ok(isAlive(pid) && isAlive(grandchild));
    controller.abort();
    await rejectsWithKind(pending, 'cancelled');
    assert.equal(isAlive(pid), false, 'the child is gone when the call settles');
    await eventually(() => !isAlive(grandchild), 2000, 'the grandchild to be gone');
  });

  it('timeoutSeconds ends a command that runs too long', async () => {
    const started = Date.now();
    const error = await rejectsWithKind(commandAgent('slow', { timeoutSeconds: 0.3 }).ask({ prompt: 'Q', signal: new AbortController().signal }), 'timeout');
    assert.match(error.message, /did not finish within 0\.3 s/);
    assert.ok(Date.now() - started < 2500);
  });
});
