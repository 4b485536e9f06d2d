import { strict as assert } from 'node:assert';
import { parseAgentsConfig } from '../../../src/agents/config';
import { agentTarget, describeTarget, localPowers, workspaceEntry } from '../../../src/extension/trust/agentTarget';

function agent(entry: Record<string, unknown>) {
  const [config] = parseAgentsConfig([{ id: 'a', ...entry }]);
  assert.ok(config);
  return config;
}

describe('what a stored key is bound to', () => {
  it('is the origin of the server: scheme, host and port, not the path', () => {
    assert.equal(agentTarget(agent({ provider: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'm' })), 'https://api.openai.com');
    assert.equal(
      agentTarget(agent({ provider: 'openai', baseUrl: 'https://api.openai.com:443/other', model: 'm' })),
      'https://api.openai.com',
    );
    assert.notEqual(
      agentTarget(agent({ provider: 'anthropic', baseUrl: 'http://127.0.0.1:4001', model: 'm' })),
      agentTarget(agent({ provider: 'anthropic', baseUrl: 'http://127.0.0.1:4002', model: 'm' })),
    );
    assert.notEqual(
      agentTarget(agent({ provider: 'openai', baseUrl: 'http://example.com/v1', model: 'm' })),
      agentTarget(agent({ provider: 'openai', baseUrl: 'https://example.com/v1', model: 'm' })),
    );
    assert.equal(agentTarget(agent({ provider: 'mcp', transport: 'http', url: 'http://127.0.0.1:9000/mcp' })), 'http://127.0.0.1:9000');
  });

  it('is the program with its arguments for command agents and MCP servers over stdio', () => {
    const target = agentTarget(agent({ provider: 'command', command: 'node', args: ['agent.js'] }));
    assert.equal(describeTarget(target), "the program 'node agent.js'");
    assert.notEqual(target, agentTarget(agent({ provider: 'command', command: 'node', args: ['other.js'] })));
    assert.equal(
      describeTarget(agentTarget(agent({ provider: 'mcp', transport: 'stdio', command: 'npx', args: ['server'] }))),
      "the program 'npx server'",
    );
  });
});

describe('agents a workspace defines', () => {
  const user = [{ id: 'gpt', provider: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'm' }];

  it('are those whose entry the user settings do not hold as they are', () => {
    assert.equal(workspaceEntry('gpt', user, user), undefined);
    // The same entry with its keys in another order is still the user's.
    assert.equal(
      workspaceEntry('gpt', [{ model: 'm', baseUrl: 'https://api.openai.com/v1', provider: 'openai', id: 'gpt' }], user),
      undefined,
    );
    const moved = { ...user[0], baseUrl: 'https://elsewhere.example/v1' };
    assert.deepEqual(workspaceEntry('gpt', [moved], user), moved);
    const added = { id: 'tool', provider: 'command', command: 'sh' };
    assert.deepEqual(workspaceEntry('tool', [...user, added], user), added);
  });

  it('need consent when they start a program or read an environment variable, not otherwise', () => {
    assert.deepEqual(localPowers(agent({ provider: 'openai', baseUrl: 'https://x.example/v1', model: 'm' })), []);
    assert.deepEqual(
      localPowers(agent({ provider: 'openai', baseUrl: 'https://x.example/v1', model: 'm', apiKeyEnv: 'AWS_SECRET_ACCESS_KEY' })),
      ['reads the environment variable AWS_SECRET_ACCESS_KEY'],
    );
    assert.deepEqual(localPowers(agent({ provider: 'command', command: 'sh', args: ['-c', 'x'] })), ["starts the program 'sh -c x'"]);
    assert.deepEqual(localPowers(agent({ provider: 'mcp', transport: 'stdio', command: 'npx', args: ['s'] })), [
      "starts the program 'npx s'",
    ]);
  });
});
