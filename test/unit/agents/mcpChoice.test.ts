import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAgentsConfig } from '../../../src/agents/config';
import { createAgent } from '../../../src/agents/factory';
import { pickPromptTool } from '../../../src/agents/mcp';
import type { Agent } from '../../../src/agents/types';
import { MCP_SCRIPT_ENV, readMcpEvents, type McpScript } from '../../fixtures/mcpScript';
import { MCP_STDIO_SERVER_SCRIPT } from '../../fixtures/mcpStdioServer';
import { rejectsWithKind } from './helpers';

const signal = (): AbortSignal => new AbortController().signal;

describe('agents: which MCP tool answers, and what is an MCP endpoint', () => {
  const agents: Agent[] = [];
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'consensus-mcp-choice-'));
  });
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((a) => a.dispose?.() ?? Promise.resolve()));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function make(entry: Record<string, unknown>): Agent {
    const [config] = parseAgentsConfig([{ id: 'mcp', name: 'Tools', provider: 'mcp', ...entry }]);
    assert.ok(config);
    const agent = createAgent(config, { getApiKey: async () => undefined });
    agents.push(agent);
    return agent;
  }

  function stdio(script: McpScript): { agent: Agent; logFile: string } {
    const logFile = join(dir, `log-${Math.random().toString(36).slice(2)}.jsonl`);
    const agent = make({
      transport: 'stdio',
      command: process.execPath,
      args: [MCP_STDIO_SERVER_SCRIPT],
      env: { [MCP_SCRIPT_ENV]: JSON.stringify({ ...script, logFile }) },
    });
    return { agent, logFile };
  }

  it('a tool whose name merely contains "query" is not taken: the error lists the tools and names the tool setting', async () => {
    // Like the MCP reference server "everything": many tools, one a task-based "...query".
    const { agent, logFile } = stdio({
      tools: [],
      extraTools: [
        { name: 'echo', arguments: ['message'] },
        { name: 'add', arguments: ['a', 'b'] },
        { name: 'simulate-research-query', arguments: ['topic'] },
      ],
    });
    const error = await rejectsWithKind(agent.ask({ prompt: 'Capital of France?', signal: signal() }), 'config');
    assert.match(error.message, /echo, add, simulate-research-query/);
    assert.match(error.message, /"tool"/);
    assert.deepEqual(readMcpEvents(logFile), [], 'no tool was called');
  });

  it("an exact well-known name is taken, and so is a server's only tool with one string argument", async () => {
    const chat = stdio({ tools: ['ask'], extraTools: [{ name: 'list_files', arguments: ['path'] }] });
    assert.equal((await chat.agent.ask({ prompt: 'Q1', signal: signal() })).output, 'echo: Q1');
    assert.match(String(pickPromptTool([{ name: 'deep_think' }, { name: 'list' }])), /set the agent's "tool"/);
    const single = pickPromptTool([{ name: 'reason', inputSchema: { properties: { input: { type: 'string' } }, required: ['input'] } }]);
    assert.ok(typeof single !== 'string' && single.name === 'reason');
    const twoArguments = pickPromptTool([
      { name: 'reason', inputSchema: { properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['a', 'b'] } },
    ]);
    assert.equal(typeof twoArguments, 'string');
    const nameOf = (picked: ReturnType<typeof pickPromptTool>): string => (typeof picked === 'string' ? picked : picked.name);
    assert.equal(nameOf(pickPromptTool([{ name: 'search_query' }, { name: 'generate' }])), 'generate');
    assert.match(nameOf(pickPromptTool([{ name: 'search_query' }, { name: 'run_query_task' }])), /set the agent's "tool"/);
  });

  describe('a URL that is not an MCP endpoint', () => {
    let web: Server;
    let url: string;
    let answer: { status: number; type: string; body: string };
    before(async () => {
      web = createServer((req, res) => {
        req.resume();
        res.writeHead(answer.status, { 'content-type': answer.type });
        res.end(answer.body);
      });
      await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(web.address() as AddressInfo).port}/`;
    });
    after(() => {
      web.closeAllConnections();
      return new Promise<void>((resolve) => web.close(() => resolve()));
    });

    it('a web page (HTTP 200, HTML) fails at once quoting what the server answered', async () => {
      answer = {
        status: 200,
        type: 'text/html',
        body: '<!doctype html><html><head><title>Welcome to my blog</title></head><body>Hello</body></html>',
      };
      const error = await rejectsWithKind(make({ transport: 'http', url }).ask({ prompt: 'Q', signal: signal() }), 'not-found');
      assert.match(error.message, /not an MCP endpoint/);
      assert.match(error.message, /HTTP 200/);
      assert.match(error.message, /Welcome to my blog/);
    });

    it('an HTTP 404 page fails at once quoting it, with no key in the quote', async () => {
      answer = { status: 404, type: 'text/html', body: '<html><body><h1>Not Found</h1> token sk-echoed-secret-123456</body></html>' };
      const error = await rejectsWithKind(make({ transport: 'http', url }).ask({ prompt: 'Q', signal: signal() }), 'not-found');
      assert.match(error.message, /HTTP 404/);
      assert.match(error.message, /Not Found/);
      assert.ok(!error.message.includes('sk-echoed-secret-123456'), error.message);
    });

    it('a server that accepts the handshake and never answers (HTTP 202) fails at once instead of after 30 s', async () => {
      answer = { status: 202, type: 'text/plain', body: '' };
      const error = await rejectsWithKind(make({ transport: 'http', url }).ask({ prompt: 'Q', signal: signal() }), 'not-found');
      assert.match(error.message, /not an MCP endpoint — it answered HTTP 202/);
    });

    it('an HTTP 500 JSON answer that is not JSON-RPC fails at once quoting it', async () => {
      answer = { status: 500, type: 'application/json', body: '{"error":"upstream exploded"}' };
      const error = await rejectsWithKind(make({ transport: 'http', url }).ask({ prompt: 'Q', signal: signal() }), 'server');
      assert.match(error.message, /HTTP 500/);
      assert.match(error.message, /upstream exploded/);
    });
  });
});
