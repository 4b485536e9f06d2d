import { strict as assert } from 'node:assert';
import { parseAgentsConfig } from '../../../src/agents/config';
import { createAgent } from '../../../src/agents/factory';
import { MCP_HTTP_SERVER_SCRIPT } from '../../fixtures/mcpHttpServer';
import { MCP_SCRIPT_ENV } from '../../fixtures/mcpScript';
import { SCRIPTED_SERVER_SCRIPT, fetchLog, loadScript } from '../../../src/demo/scriptedServer';
import { isAlive } from '../../fixtures/processes';
import { spawnFixture, type FixtureProcess } from '../../fixtures/spawnFixture';

const noKey = { getApiKey: async () => undefined };

describe('agents: fixtures as standalone processes (for the CLI and VS Code tests)', () => {
  const running: FixtureProcess[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((f) => f.stop()));
  });

  it('the scripted HTTP server is scripted and inspected over HTTP from another process', async () => {
    const fixture = await spawnFixture(SCRIPTED_SERVER_SCRIPT);
    running.push(fixture);
    await loadScript(fixture.url, { rules: [{ model: 'remote', responses: [{ text: 'scripted from afar' }] }] });
    const [config] = parseAgentsConfig([{ id: 'r', provider: 'anthropic', baseUrl: fixture.url, model: 'remote' }]);
    assert.ok(config);
    const reply = await createAgent(config, noKey).ask({ prompt: 'hi there', signal: new AbortController().signal });
    assert.equal(reply.output, 'scripted from afar');
    const log = await fetchLog(fixture.url);
    assert.deepEqual(
      log.map((r) => [r.api, r.model, r.prompt, r.completed]),
      [['anthropic', 'remote', 'hi there', true]],
    );
    const pid = fixture.child.pid;
    await fixture.stop();
    assert.ok(pid !== undefined && !isAlive(pid));
  });

  it('the MCP HTTP server runs standalone with its script from the environment', async () => {
    const fixture = await spawnFixture(MCP_HTTP_SERVER_SCRIPT, {
      env: { [MCP_SCRIPT_ENV]: JSON.stringify({ fallback: 'mcp over http' }) },
    });
    running.push(fixture);
    const [config] = parseAgentsConfig([{ id: 'm', provider: 'mcp', transport: 'http', url: fixture.url }]);
    assert.ok(config);
    const agent = createAgent(config, noKey);
    try {
      assert.equal((await agent.ask({ prompt: 'Q', signal: new AbortController().signal })).output, 'mcp over http');
    } finally {
      await agent.dispose?.();
    }
  });
});
