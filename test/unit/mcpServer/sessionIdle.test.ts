/**
 * Idle HTTP sessions are closed after the idle limit, on a clock the test moves: a session
 * whose client went away without saying goodbye does not hold its server forever, and a session
 * with a request open (a client's event stream) is never idle.
 */
import { strict as assert } from 'node:assert';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { serveHttp, type HttpMcpServer } from '../../../src/mcpServer/http';
import { initializeBody, MCP_HEADERS, open, openSession, send, sessionHeaders } from './rawHttp';

const TOKEN = 'idle-test-token-0123456789';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const IDLE_MS = 60_000;

describe('mcp server over HTTP: idle sessions', () => {
  let now: number;
  let server: HttpMcpServer;
  beforeEach(async () => {
    now = 1_000_000;
    server = await serveHttp(() => new McpServer({ name: 'idle-test', version: '1.0.0' }), {
      port: 0,
      token: TOKEN,
      limits: { maxSessions: 8, idleMs: IDLE_MS },
      clock: () => now,
    });
  });
  afterEach(() => server.close());

  const ping = (session: string): Promise<{ status: number }> =>
    send(server.url, 'POST', JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping' }), sessionHeaders(session, AUTH));

  it('closes a session that had no request for the idle limit, and keeps one that had', async () => {
    const forgotten = await openSession(server.url, AUTH);
    const used = await openSession(server.url, AUTH);
    now += IDLE_MS / 2;
    assert.equal((await ping(used)).status, 200);
    now += IDLE_MS / 2;
    // The next session opened finds the idle ones and closes them.
    assert.equal((await send(server.url, 'POST', initializeBody(), { ...MCP_HEADERS, ...AUTH })).status, 200);
    assert.equal((await ping(forgotten)).status, 404, 'the idle session is still served');
    assert.equal((await ping(used)).status, 200, 'a session used within the limit was closed');
  });

  it('never closes a session while a request of it is open', async () => {
    const session = await openSession(server.url, AUTH);
    // The client's own event stream (GET) stays open as long as the client lives.
    const stream = await open(server.url, 'GET', undefined, { ...sessionHeaders(session, AUTH), accept: 'text/event-stream' });
    assert.equal(stream.status, 200);
    now += 10 * IDLE_MS;
    assert.equal((await send(server.url, 'POST', initializeBody(), { ...MCP_HEADERS, ...AUTH })).status, 200);
    assert.equal((await ping(session)).status, 200);
  });
});
