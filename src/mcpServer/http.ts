/**
 * Streamable HTTP for the MCP server, on 127.0.0.1 only: one session (and one MCP server) per
 * client, kept so a cancellation or a `logging/setLevel` reaches the session it belongs to, and
 * every request checked against DNS rebinding before the SDK sees it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { rebindingProblem } from './hostGuard';

/** The path of the MCP endpoint. */
export const MCP_PATH = '/mcp';

/** A listening HTTP server. */
export interface HttpMcpServer {
  /** e.g. `http://127.0.0.1:3000/mcp` */
  url: string;
  port: number;
  /** Closes every session and stops listening. */
  close(): Promise<void>;
}

function jsonError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

/** The largest request body read (the SDK's own default): code under review fits many times over. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

class BodyTooLarge extends Error {}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Past the limit the rest is drained, not kept, so the client still gets its answer.
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/** Listens on 127.0.0.1:`port` (0: any free port); `createServer` makes the MCP server of each new session. */
export async function serveHttp(createMcpServer: () => McpServer, port: number, onError: (message: string) => void = () => undefined): Promise<HttpMcpServer> {
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: McpServer }>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const problem = rebindingProblem({ host: req.headers.host, origin: req.headers.origin });
    if (problem) {
      jsonError(res, 403, `Forbidden: ${problem}`);
      return;
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== MCP_PATH) {
      jsonError(res, 404, `Not found: the MCP endpoint is ${MCP_PATH}`);
      return;
    }
    let body: unknown;
    if (req.method === 'POST') {
      try {
        body = await readJson(req);
      } catch (error) {
        if (error instanceof BodyTooLarge) jsonError(res, 413, `Request too large: the limit is ${MAX_BODY_BYTES / 1024 / 1024} MiB`);
        else jsonError(res, 400, 'Parse error: the request body is not JSON');
        return;
      }
    }
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (existing) {
      await existing.transport.handleRequest(req, res, body);
      return;
    }
    if (typeof sessionId === 'string') {
      jsonError(res, 404, 'Session not found: initialize a new session');
      return;
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      jsonError(res, 400, 'Bad request: no session; start with an initialize request');
      return;
    }
    const server = createMcpServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      onError(`HTTP request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) jsonError(res, 500, 'Internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, '127.0.0.1', () => {
      http.off('error', reject);
      resolve();
    });
  });
  const actual = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}${MCP_PATH}`,
    port: actual,
    close: async () => {
      await Promise.allSettled([...sessions.values()].map((session) => session.server.close()));
      sessions.clear();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
