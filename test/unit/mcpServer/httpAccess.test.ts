/**
 * Who may call `consensus mcp --http`: only a client with the bearer token, and of web pages
 * only the server's own (or one named with --allow-origin); at most --max-sessions clients; a
 * cancelled call's stream ends; a taken port is one line of advice. Real processes on loopback.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../fixtures/processes';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { CLI_PATH, cliBuilt, runCliProcess } from '../cli/spawnCli';
import { connectHttp, startHttpServer, type ConnectedClient, type HttpServerProcess } from './mcpClient';
import { initializeBody, MCP_HEADERS, messagesOf, open, openSession, send, sessionHeaders } from './rawHttp';

describe('mcp server over HTTP: who may call it', function () {
  this.timeout(30_000);
  let models: ScriptedServer;
  let dir: string;
  let agentsFile: string;
  const running: HttpServerProcess[] = [];
  const clients: ConnectedClient[] = [];

  before(function () {
    if (!cliBuilt()) throw new Error(`${CLI_PATH} does not exist: run 'node esbuild.mjs' first`);
  });
  beforeEach(async () => {
    models = await startScriptedServer();
    dir = mkdtempSync(join(tmpdir(), 'consensus-mcp-http-'));
    agentsFile = join(dir, 'agents.json');
    writeFileSync(
      agentsFile,
      JSON.stringify(
        ['a', 'b', 'c'].map((id) => ({
          id,
          name: `Model ${id.toUpperCase()}`,
          provider: 'openai',
          baseUrl: models.openaiBaseUrl,
          model: `model-${id}`,
        })),
      ),
    );
  });
  afterEach(async () => {
    await Promise.allSettled(clients.splice(0).map((client) => client.close()));
    await Promise.allSettled(running.splice(0).map((server) => server.stop()));
    await models.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function serve(args: readonly string[] = [], env: Record<string, string> = {}): Promise<HttpServerProcess> {
    const server = await startHttpServer(['--agents', agentsFile, ...args], env);
    running.push(server);
    return server;
  }

  const bearer = (token: string | undefined): Record<string, string> => ({ authorization: `Bearer ${token ?? ''}` });

  it('refuses a request without the token or with a wrong one (401) and serves a client with the token printed at start', async () => {
    const server = await serve();
    assert.ok(server.token && server.token.length >= 32, `no token printed:\n${server.cli.output().stderr}`);
    const missing = await send(server.url, 'POST', initializeBody(), MCP_HEADERS);
    assert.equal(missing.status, 401);
    assert.match(missing.body, /Authorization: Bearer TOKEN/);
    assert.match(String(missing.headers['www-authenticate']), /^Bearer/);
    const wrong = await send(server.url, 'POST', initializeBody(), { ...MCP_HEADERS, authorization: 'Bearer not-the-token' });
    assert.equal(wrong.status, 401);
    assert.match(wrong.body, /not this server's/);
    assert.ok(!wrong.body.includes(server.token), 'the refusal shows the token');
    await assert.rejects(connectHttp(server.url, undefined));
    const client = await connectHttp(server.url, server.token);
    clients.push(client);
    assert.deepEqual((await client.client.listTools()).tools.map((tool) => tool.name).sort(), ['consensus_ask', 'consensus_review']);
  });

  it('prints the client configuration for VS Code, Claude Code and Cursor, ready to paste', async () => {
    const server = await serve();
    const stderr = server.cli.output().stderr;
    const token = server.token ?? '';
    const jsonLine = (start: string): unknown =>
      JSON.parse(
        stderr
          .split('\n')
          .find((line) => line.trim().startsWith(start))
          ?.trim() ?? 'null',
      );
    assert.deepEqual(jsonLine('{"servers"'), {
      servers: { consensus: { type: 'http', url: server.url, headers: { Authorization: `Bearer ${token}` } } },
    });
    assert.deepEqual(jsonLine('{"mcpServers"'), {
      mcpServers: { consensus: { url: server.url, headers: { Authorization: `Bearer ${token}` } } },
    });
    assert.ok(stderr.includes(`claude mcp add --transport http consensus ${server.url} --header "Authorization: Bearer ${token}"`), stderr);
  });

  it('takes the token from CONSENSUS_MCP_TOKEN, and names the variable instead of printing it', async () => {
    const token = 'team-chosen-token-0123456789abcdef';
    const server = await serve([], { CONSENSUS_MCP_TOKEN: token });
    const stderr = server.cli.output().stderr;
    assert.ok(!stderr.includes(token), `the token was printed:\n${stderr}`);
    assert.match(stderr, /"Authorization":"Bearer \$\{env:CONSENSUS_MCP_TOKEN\}"/);
    assert.match(stderr, /--header "Authorization: Bearer \$CONSENSUS_MCP_TOKEN"/);
    assert.equal((await send(server.url, 'POST', initializeBody(), { ...MCP_HEADERS, ...bearer(token) })).status, 200);
  });

  it('refuses a web page from another local port (403) unless --allow-origin names it', async () => {
    const server = await serve();
    const { port } = new URL(server.url);
    const from = (origin: string): Record<string, string> => ({ ...MCP_HEADERS, ...bearer(server.token), origin });
    const foreign = await send(server.url, 'POST', initializeBody(), from('http://localhost:9999'));
    assert.equal(foreign.status, 403);
    assert.match(foreign.body, /Origin 'http:\/\/localhost:9999' is not this server's own/);
    assert.match(foreign.body, /--allow-origin http:\/\/localhost:9999/);
    assert.equal((await send(server.url, 'POST', initializeBody(), from(`http://127.0.0.1:${port}`))).status, 200);

    const allowing = await serve(['--allow-origin', 'http://localhost:9999']);
    const allowed = await send(allowing.url, 'POST', initializeBody(), {
      ...MCP_HEADERS,
      ...bearer(allowing.token),
      origin: 'http://localhost:9999',
    });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers['access-control-allow-origin'], 'http://localhost:9999');
    const preflight = await send(allowing.url, 'OPTIONS', undefined, {
      origin: 'http://localhost:9999',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization',
    });
    assert.equal(preflight.status, 204);
    assert.match(String(preflight.headers['access-control-allow-headers']), /authorization/);
  });

  it('with --no-auth serves without a token, and says loudly what that gives away', async () => {
    const server = await serve(['--no-auth']);
    const stderr = server.cli.output().stderr;
    assert.match(stderr, /WARNING: --no-auth/);
    assert.match(stderr, /Any program or user on this machine can call/);
    assert.equal((await send(server.url, 'POST', initializeBody(), MCP_HEADERS)).status, 200);
  });

  it('serves at most --max-sessions clients at once, saying so to the next, and takes one again when a session ends', async () => {
    const server = await serve(['--max-sessions', '2']);
    const auth = bearer(server.token);
    const first = await openSession(server.url, auth);
    await openSession(server.url, auth);
    const third = await send(server.url, 'POST', initializeBody(), { ...MCP_HEADERS, ...auth });
    assert.equal(third.status, 503);
    assert.match(third.body, /at most 2 at once \(--max-sessions\)/);
    assert.equal((await send(server.url, 'DELETE', undefined, sessionHeaders(first, auth))).status, 200);
    await openSession(server.url, auth);
  });

  it("ends a cancelled call's response stream", async () => {
    models.setScript({ fallback: { kind: 'hang', afterHeaders: true } });
    const server = await serve();
    const auth = bearer(server.token);
    const session = await openSession(server.url, auth);
    const call = await open(
      server.url,
      'POST',
      JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'consensus_ask', arguments: { question: 'Never answered' } },
      }),
      sessionHeaders(session, auth),
    );
    assert.equal(call.status, 200);
    await eventually(() => models.log().length === 3, 10_000, 'three model requests in flight');
    const cancel = await send(
      server.url,
      'POST',
      JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 7, reason: 'the user pressed stop' } }),
      sessionHeaders(session, auth),
    );
    assert.equal(cancel.status, 202);
    let ended = false;
    void call.ended.then(() => (ended = true));
    await eventually(() => ended, 10_000, "the call's response stream to end");
    assert.deepEqual(
      messagesOf(call.received()).filter((message) => message.id === 7),
      [],
      'a cancelled call gets no response',
    );
    await eventually(() => models.log().every((entry) => entry.aborted), 10_000, 'every model request aborted');
  });

  it('says in one line that the port is taken, naming it and --http 0', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = await runCliProcess(['mcp', '--agents', agentsFile, '--http', String(port)]);
      assert.equal(run.code, 1);
      assert.equal(run.stderr.trim().split('\n').length, 1, `more than one line:\n${run.stderr}`);
      assert.match(run.stderr, new RegExp(`^consensus: port ${port} is already in use.*--http 0`));
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
