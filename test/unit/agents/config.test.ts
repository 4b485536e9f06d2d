import { strict as assert } from 'node:assert';
import { AgentConfigError, agentConfigJsonSchema, parseAgentsConfig } from '../../../src/agents/config';

function problemsOf(value: unknown): readonly string[] {
  try {
    parseAgentsConfig(value);
  } catch (error) {
    assert.ok(error instanceof AgentConfigError);
    return error.problems;
  }
  assert.fail('expected the configuration to be rejected');
}

describe('agents: configuration', () => {
  it('accepts every provider and fills in defaults', () => {
    const agents = parseAgentsConfig([
      { id: 'gpt', provider: 'openai', baseUrl: 'http://localhost:11434/v1', model: 'llama3' },
      { id: 'claude', name: 'Claude', provider: 'anthropic', model: 'claude-sonnet', apiKeyEnv: 'ANTHROPIC_API_KEY', stance: 'against' },
      { id: 'tool', provider: 'mcp', transport: 'stdio', command: 'my-mcp', args: ['--fast'], env: { A: 'b' } },
      { id: 'remote', provider: 'mcp', transport: 'http', url: 'https://mcp.example/mcp', tool: 'chat', enabled: false },
      { id: 'llm', provider: 'command', command: 'llm', args: ['-m', 'x'] },
      { id: 'copilot', provider: 'vscode-lm', vendor: 'copilot', family: 'gpt-4o' },
    ]);
    assert.deepEqual(
      agents.map((a) => [a.id, a.name, a.enabled]),
      [
        ['gpt', 'gpt', true],
        ['claude', 'Claude', true],
        ['tool', 'tool', true],
        ['remote', 'remote', false],
        ['llm', 'llm', true],
        ['copilot', 'copilot', true],
      ],
    );
    const claude = agents[1];
    assert.ok(claude?.provider === 'anthropic');
    assert.equal(claude.baseUrl, 'https://api.anthropic.com');
    const llm = agents[4];
    assert.ok(llm?.provider === 'command');
    assert.equal(llm.promptVia, 'stdin');
  });

  it('reports every problem at once, each with its path', () => {
    const problems = problemsOf([
      { id: 'a', provider: 'openai', baseUrl: 'localhost:8080', model: 'm' },
      { id: 'b', provider: 'gemini' },
      { id: 'c', provider: 'openai', baseUrl: 'http://x/v1', model: 'm', baseURL: 'http://y', temperature: 7 },
      { provider: 'mcp', transport: 'http' },
      'not an agent',
      { id: 'd', provider: 'anthropic', model: 'x', apiKeyEnv: 'sk-ant-abc-123' },
    ]);
    assert.deepEqual(
      [...problems].sort(),
      [
        "agents[1].provider: must be one of 'openai', 'anthropic', 'mcp', 'command', 'vscode-lm'",
        'agents[0].baseUrl: must be an http(s) URL',
        'agents[2].baseURL: is not a setting of this provider (misspelt?)',
        'agents[2].temperature: must be between 0 and 2',
        'agents[3].id: is required',
        'agents[3].url: is required',
        'agents[4]: must be an object, not a string',
        'agents[5].apiKeyEnv: must be the name of an environment variable (letters, digits, _), not the key itself',
      ].sort(),
    );
  });

  it('rejects duplicate ids, naming both entries', () => {
    const problems = problemsOf([
      { id: 'same', provider: 'command', command: 'a' },
      { id: 'other', provider: 'command', command: 'b' },
      { id: 'same', provider: 'command', command: 'c' },
    ]);
    assert.deepEqual(problems, ["agents[2].id: 'same' is already used by agents[0]"]);
  });

  it('the message lists the problems for a person to read', () => {
    assert.throws(
      () => parseAgentsConfig({ agents: [] }),
      (error: Error) => error.message === 'Invalid agent configuration: agents: must be a list, not an object',
    );
    assert.throws(
      () =>
        parseAgentsConfig([
          { id: 'x', provider: 'mcp', transport: 'ws' },
          { id: 'y', provider: 'openai', model: 'm' },
        ]),
      (error: Error) =>
        /\(2 problems\):\n {2}- agents\[0\]\.transport: must be 'stdio' or 'http'\n {2}- agents\[1\]\.baseUrl: is required/.test(
          error.message,
        ),
    );
  });

  it('publishes a JSON schema for the setting', () => {
    const schema = agentConfigJsonSchema as { type?: string; items?: { oneOf?: unknown[] } };
    assert.equal(schema.type, 'array');
    const text = JSON.stringify(schema);
    for (const provider of ['openai', 'anthropic', 'mcp', 'command', 'vscode-lm'])
      assert.ok(text.includes(`"const":"${provider}"`), provider);
  });
});
