/**
 * Programs an agent starts (command agents, MCP servers over stdio) see a minimal environment plus
 * the agent's own `env`, never the rest of ours (where a user's shell keeps its tokens).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimalEnvironment } from '../../../src/agents/childEnvironment';
import { parseAgentsConfig } from '../../../src/agents/config';
import { createAgent } from '../../../src/agents/factory';
import type { Agent } from '../../../src/agents/types';
import { COMMAND_AGENT_SCRIPT, COMMAND_MODE_ENV } from '../../fixtures/commandAgent';
import { MCP_SCRIPT_ENV } from '../../fixtures/mcpScript';
import { MCP_STDIO_SERVER_SCRIPT } from '../../fixtures/mcpStdioServer';

const UNRELATED = 'CONSENSUS_TEST_SECRET';

describe('agents: the environment of the programs agents start', () => {
  let dir: string;
  const agents: Agent[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'consensus-env-'));
    process.env[UNRELATED] = 'a-token-from-the-users-shell';
  });
  after(async () => {
    delete process.env[UNRELATED];
    await Promise.all(agents.map((agent) => agent.dispose?.() ?? Promise.resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  function make(entry: Record<string, unknown>): Agent {
    const [config] = parseAgentsConfig([{ id: 'e', name: 'Env', ...entry }]);
    assert.ok(config);
    const agent = createAgent(config, { getApiKey: async () => 'key-for-the-agent-only' });
    agents.push(agent);
    return agent;
  }

  async function namesSeenBy(agent: Agent): Promise<string[]> {
    const reply = await agent.ask({ prompt: 'env', signal: new AbortController().signal });
    return JSON.parse(reply.output) as string[];
  }

  it('a command agent sees PATH, HOME and what its env names, not an unrelated variable of ours', async () => {
    const names = await namesSeenBy(
      make({
        provider: 'command',
        command: process.execPath,
        args: [COMMAND_AGENT_SCRIPT],
        env: { [COMMAND_MODE_ENV]: 'environment', MODEL_KEY: '${apiKey}' },
      }),
    );
    assert.ok(!names.includes(UNRELATED), `the child saw ${UNRELATED}: ${names.join(', ')}`);
    assert.ok(names.includes('MODEL_KEY') && names.includes(COMMAND_MODE_ENV), 'the configured env arrives');
    assert.ok(
      names.some((name) => name.toUpperCase() === 'PATH'),
      'PATH arrives',
    );
    if (process.platform !== 'win32' && process.env.HOME) assert.ok(names.includes('HOME'), 'HOME arrives');
  });

  it('an MCP server over stdio sees its env on a minimal environment, not an unrelated variable of ours', async () => {
    const names = await namesSeenBy(
      make({
        provider: 'mcp',
        transport: 'stdio',
        command: process.execPath,
        args: [MCP_STDIO_SERVER_SCRIPT],
        tool: 'environment',
        env: { [MCP_SCRIPT_ENV]: JSON.stringify({ logFile: join(dir, 'log.jsonl') }) },
      }),
    );
    assert.ok(!names.includes(UNRELATED), `the server saw ${UNRELATED}: ${names.join(', ')}`);
    assert.ok(names.includes(MCP_SCRIPT_ENV), 'the configured env arrives');
  });

  it('keeps locale and temp folders, drops everything else, and reads Windows names in any case', () => {
    const source = { PATH: '/bin', LANG: 'de_DE.UTF-8', LC_ALL: 'C', TMPDIR: '/tmp/x', AWS_SECRET_ACCESS_KEY: 's', GITHUB_TOKEN: 't' };
    assert.deepEqual(minimalEnvironment(source, 'linux'), { PATH: '/bin', LANG: 'de_DE.UTF-8', LC_ALL: 'C', TMPDIR: '/tmp/x' });
    assert.deepEqual(minimalEnvironment({ Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', OPENAI_API_KEY: 'k' }, 'win32'), {
      Path: 'C:\\Windows',
      SystemRoot: 'C:\\Windows',
    });
  });
});
