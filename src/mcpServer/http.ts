/**
 * Streamable HTTP for the MCP server, on 127.0.0.1 only. Before the SDK's transport sees a
 * request, it must pass, in this order: the Host and Origin guard (403), the bearer token (401),
 * the path (404), the size limit (413) and the JSON-RPC checks (-32700, -32600, -32602). One
 * session (and one MCP server) per client, kept so a cancellation or a `logging/setLevel`
 * reaches the session it belongs to; sessions are capped and closed when idle.
 */
import { ConsensusError } from '../core/errors';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CancelledNotificationSchema, ErrorCode, isInitializeRequest, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { authorizationProblem } from './auth';
import { originAllowed, rebindingProblem } from './hostGuard';
import {
  checkMessage,
  checkText,
  errorReply,
  MAX_MESSAGE_BYTES,
  MAX_MESSAGE_TEXT,
  oversizeReply,
  type Checked,
  type ErrorReply,
} from './jsonRpc';
import { DEFAULT_SESSION_LIMITS, SessionTable, type Clock, type SessionLimits } from './sessions';

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

/** How the HTTP server is set up. */
export interface HttpOptions {
  /** 0: any free port. */
  port: number;
  /** The bearer token every request must carry; undefined only with `--no-auth`. */
  token: string | undefined;
  /** Browser origins allowed besides the server's own (`--allow-origin`). */
  allowedOrigins?: readonly string[];
  limits?: SessionLimits;
  /** Time for the sessions' idle limit (tests pass their own). */
  clock?: Clock;
  /** Problems worth telling the person who started the server (on stderr). */
  onError?: (message: string) => void;
}

/** The port is taken: a message naming it and the way out, for the command line to print. */
export class PortInUseError extends ConsensusError {
  constructor(readonly port: number) {
    super(
      'port-in-use',
      `port ${port} is already in use on 127.0.0.1: pick another with --http PORT, or --http 0 for any free port (the URL is printed at start)`,
      'pick another with --http PORT, or --http 0 for any free port',
    );
    this.name = 'PortInUseError';
  }
}

/** The request headers a browser page may send when its origin is allowed. */
const CORS_HEADERS = 'authorization, content-type, accept, mcp-session-id, mcp-protocol-version, last-event-id';

function jsonError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendReply(res, status, errorReply(null, -32000, message), headers);
}

function sendReply(res: ServerResponse, status: number, reply: ErrorReply, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(reply));
}

/** The body read up to the limit: its text, or its size when over (the rest is drained, not kept). */
async function readBody(req: IncomingMessage): Promise<{ text: string } | { tooLarge: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Past the limit the rest is drained, not kept, so the client still gets its answer.
    if (size <= MAX_MESSAGE_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_MESSAGE_BYTES) return { tooLarge: size };
  return { text: Buffer.concat(chunks).toString('utf8') };
}

/** A POST body as messages for the SDK, or the reply that refuses it. */
function checkBody(text: string): Checked | { messages: JSONRPCMessage[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return checkText(text);
  }
  if (!Array.isArray(value)) return checkMessage(value);
  if (value.length === 0) return { reply: errorReply(null, ErrorCode.InvalidRequest, 'Invalid Request: an empty batch') };
  const messages: JSONRPCMessage[] = [];
  for (const item of value) {
    const checked = checkMessage(item);
    if (!('message' in checked)) return checked;
    messages.push(checked.message);
  }
  return { messages };
}

/** Listens on 127.0.0.1; `createMcpServer` makes the MCP server of each new session. */
export async function serveHttp(createMcpServer: () => McpServer, options: HttpOptions): Promise<HttpMcpServer> {
  const onError = options.onError ?? (() => undefined);
  const limits = options.limits ?? DEFAULT_SESSION_LIMITS;
  const sessions = new SessionTable<{ transport: StreamableHTTPServerTransport; server: McpServer; close(): Promise<void> }>(
    limits,
    options.clock,
  );
  const allowedOrigins = options.allowedOrigins ?? [];
  let port = options.port;

  /** CORS headers for a browser page whose origin is allowed; none for others (and for non-browsers). */
  function corsFor(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (!origin || !originAllowed(origin, { port, allowedOrigins })) return {};
    return { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'mcp-session-id', vary: 'Origin' };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const problem = rebindingProblem({ host: req.headers.host, origin: req.headers.origin }, { port, allowedOrigins });
    if (problem) {
      jsonError(res, 403, `Forbidden: ${problem}`);
      return;
    }
    const cors = corsFor(req);
    if (req.method === 'OPTIONS') {
      // A browser's preflight carries no credentials; the request it announces must.
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, POST, DELETE',
        'access-control-allow-headers': CORS_HEADERS,
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    if (options.token !== undefined) {
      const refused = authorizationProblem(req.headers.authorization, options.token);
      if (refused) {
        jsonError(res, 401, `Unauthorized: ${refused}`, { ...cors, 'www-authenticate': 'Bearer realm="consensus"' });
        return;
      }
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== MCP_PATH) {
      jsonError(res, 404, `Not found: the MCP endpoint is ${MCP_PATH}`, cors);
      return;
    }
    for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);

    let body: JSONRPCMessage | JSONRPCMessage[] | undefined;
    if (req.method === 'POST') {
      const read = await readBody(req);
      if ('tooLarge' in read) {
        onError(`refused a request of ${read.tooLarge} bytes: the limit is ${MAX_MESSAGE_TEXT}`);
        sendReply(res, 413, oversizeReply(read.tooLarge, null));
        return;
      }
      const checked = checkBody(read.text);
      if ('reply' in checked) {
        if (checked.reply) sendReply(res, 400, checked.reply);
        else {
          // A bad notification gets no JSON-RPC answer; HTTP still needs a status.
          res.writeHead(202);
          res.end();
        }
        return;
      }
      body = 'messages' in checked ? checked.messages : checked.message;
    }

    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (existing && typeof sessionId === 'string') {
      endWithResponse(res, sessions.begin(sessionId));
      await existing.transport.handleRequest(req, res, body);
      return;
    }
    if (typeof sessionId === 'string') {
      jsonError(res, 404, 'Session not found: it ended or expired; initialize a new session');
      return;
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      jsonError(res, 400, 'Bad request: no session; start with an initialize request');
      return;
    }
    if (await sessions.full()) {
      jsonError(
        res,
        503,
        `Too many sessions: this server keeps at most ${limits.maxSessions} at once (--max-sessions). Close a client you no longer use, or wait until idle sessions expire (after ${Math.round(limits.idleMs / 1000)} s without a request, --session-idle).`,
      );
      return;
    }
    const server = createMcpServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.add(id, { transport, server, close: () => server.close() });
        endWithResponse(res, sessions.begin(id));
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    closeStreamOnCancel(transport);
    await transport.handleRequest(req, res, body);
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      onError(`HTTP request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) jsonError(res, 500, 'Internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.port) : error);
    };
    http.once('error', failed);
    http.listen(options.port, '127.0.0.1', () => {
      http.off('error', failed);
      resolve();
    });
  });
  port = (http.address() as AddressInfo).port;
  // Idle sessions are also closed between requests; the timer must not keep the process alive.
  const sweep = setInterval(
    () => {
      sessions.closeIdle().catch(() => undefined);
    },
    Math.min(limits.idleMs, 60_000),
  );
  sweep.unref();
  return {
    url: `http://127.0.0.1:${port}${MCP_PATH}`,
    port,
    close: async () => {
      clearInterval(sweep);
      await sessions.closeAll();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Calls `end` when the response is sent (or its connection is gone), whichever comes first. */
function endWithResponse(res: ServerResponse, end: () => void): void {
  res.once('finish', end);
  res.once('close', end);
}

/**
 * A call the client cancels gets no response (the protocol says so), so the SDK never ends the
 * event stream it opened for it: the HTTP response would stay open until the client hangs up.
 * The stream is closed as soon as the cancellation has reached the call.
 */
function closeStreamOnCancel(transport: StreamableHTTPServerTransport): void {
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    deliver?.(message, extra);
    const cancelled = CancelledNotificationSchema.safeParse(message);
    const requestId = cancelled.success ? cancelled.data.params.requestId : undefined;
    if (requestId !== undefined) transport.closeSSEStream(requestId);
  };
}
