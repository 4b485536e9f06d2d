import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMcpHttpServer, type McpHttpFixture } from '../../fixtures/mcpHttpServer';
import { MCP_SCRIPT_ENV, readMcpEvents, type McpScript } from '../../fixtures/mcpScript';
import { MCP_STDIO_SERVER_SCRIPT } from '../../fixtures/mcpStdioServer';
import { eventually, isAlive } from '../../fixtures/processes';
import { Mesh, type MeshEndpoint } from '../../../src/mesh/mesh';
import { testAgent, turnOf } from './localAgents';

function stdioEndpoint(script: McpScript): MeshEndpoint {
  return {
    transport: 'stdio',
    command: process.execPath,
    args: [MCP_STDIO_SERVER_SCRIPT],
    env: { [MCP_SCRIPT_ENV]: JSON.stringify(script) },
  };
}

describe('mesh: remote MCP servers over stdio', () => {
  let mesh: Mesh;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mesh-stdio-'));
  });
  afterEach(async () => {
    await mesh.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('joins a stdio server, lists its tools, calls them, and ends the child on dispose', async () => {
    const logFile = join(dir, 'events.jsonl');
    mesh = new Mesh();
    await mesh.register('remote', stdioEndpoint({ answers: [{ promptIncludes: 'capital', text: 'Paris' }], logFile }));
    const tools = (await mesh.listTools('remote')).map((tool) => tool.name).sort();
    assert.deepEqual(tools, ['ask', 'environment', 'fail', 'hang', 'slow_think']);

    const reply = await mesh.call('user', 'remote', 'ask', { prompt: 'The capital of France?' });
    assert.equal(reply.output, 'Paris');
    // Asking by prompt picks the server's `ask` tool and its `prompt` argument by itself.
    assert.equal((await mesh.ask('user', 'remote', 'hello')).output, 'echo: hello');

    await assert.rejects(
      mesh.call('user', 'remote', 'fail', { prompt: 'x' }),
      /'remote' failed in fail: the scripted model is out of order/,
    );

    const pid = readMcpEvents(logFile)[0]?.pid;
    assert.ok(pid !== undefined && isAlive(pid), 'the server runs as a child process');
    await mesh.dispose();
    await eventually(() => !isAlive(pid));
  });

  it('cancels a remote call: the server sees the cancellation', async () => {
    const logFile = join(dir, 'events.jsonl');
    mesh = new Mesh();
    await mesh.register('remote', stdioEndpoint({ logFile }));
    const controller = new AbortController();
    const pending = mesh.call('user', 'remote', 'hang', { prompt: 'wait forever' }, { signal: controller.signal });
    await eventually(() => readMcpEvents(logFile).some((event) => event.event === 'call'));
    controller.abort(new Error('stop'));
    await assert.rejects(pending, /stop/);
    await eventually(() => readMcpEvents(logFile).some((event) => event.event === 'cancelled' && event.tool === 'hang'));
  });

  it('keeps a slow call alive while the server reports progress', async () => {
    mesh = new Mesh({ timeoutMs: 300 });
    await mesh.register('remote', stdioEndpoint({ slowSteps: 6, slowStepMs: 120, answers: [{ text: 'thought it through' }] }));
    // 6 x 120 ms is well past the 300 ms timeout; each progress notification resets it.
    const reply = await mesh.call('user', 'remote', 'slow_think', { prompt: 'hard question' });
    assert.equal(reply.output, 'thought it through');
  });

  it('says which command failed when a server cannot start', async () => {
    mesh = new Mesh();
    await assert.rejects(mesh.register('ghost', { transport: 'stdio', command: join(dir, 'no-such-server') }), (error: Error) => {
      assert.match(error.message, /ghost/);
      assert.match(error.message, /no-such-server/);
      return true;
    });
    assert.deepEqual(mesh.names(), []);
  });
});

describe('mesh: remote MCP servers over streamable HTTP', () => {
  let mesh: Mesh;
  let fixture: McpHttpFixture;
  afterEach(async () => {
    await mesh.dispose();
    await fixture.close();
  });

  it('joins an HTTP server with its headers and mixes it with local agents in a broadcast', async () => {
    fixture = await startMcpHttpServer({ answers: [{ text: 'Paris, from HTTP' }] });
    mesh = new Mesh();
    await mesh.register('web', { transport: 'http', url: fixture.url, headers: { 'x-team': 'consensus' } });
    await mesh.register(
      'local',
      testAgent('local', () => 'Paris, from memory'),
    );
    await mesh.register(
      'caller',
      testAgent('caller', () => 'unused'),
    );

    const results = await mesh.broadcast('caller', 'ask', { prompt: 'Capital of France?' });
    assert.deepEqual(
      results.map((result) => (result.ok ? [result.to, result.output] : [result.to, result.error])),
      [
        ['web', 'Paris, from HTTP'],
        ['local', 'Paris, from memory'],
      ],
    );
    assert.equal(fixture.lastHeaders()['x-team'], 'consensus');
    const calls = fixture.events.filter((event) => event.event === 'call');
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.prompt, 'Capital of France?');
  });

  it('lets a local agent consult a remote server during its turn', async () => {
    fixture = await startMcpHttpServer({ answers: [{ promptIncludes: 'units', text: 'use SI units' }] });
    mesh = new Mesh();
    await mesh.register('expert', { transport: 'http', url: fixture.url });
    await mesh.register(
      'writer',
      testAgent('writer', async (request) => `draft, after asking: ${await turnOf(request).consult('expert', 'which units?')}`),
    );
    const reply = await mesh.call('engine', 'writer', 'think', { prompt: 'write it' });
    assert.equal(reply.output, 'draft, after asking: use SI units');
    assert.deepEqual(
      mesh.log.map((record) => [record.from, record.to, record.tool, record.depth]),
      [
        ['engine', 'writer', 'think', 0],
        ['writer', 'expert', 'ask', 1],
      ],
    );
  });
});
