/**
 * Plain HTTP requests to the MCP server, below any MCP client: to send what a client never
 * would (no token, a foreign Origin, broken JSON) and to watch a response stream end.
 */
import { request, type IncomingHttpHeaders } from 'node:http';

/** The headers every MCP POST carries. */
export const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** A finished response. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A response whose body is still arriving. */
export interface OpenResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Everything received so far. */
  received(): string;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
}

/** Sends `body` with `method` to `url` and resolves as soon as the response's headers arrive. */
export function open(url: string, method: string, body: string | undefined, headers: Record<string, string>): Promise<OpenResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: Number(target.port), path: target.pathname, method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      const ended = new Promise<void>((done) => {
        res.on('end', done);
        res.on('close', done);
      });
      resolve({ status: res.statusCode ?? 0, headers: res.headers, received: () => text, ended });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends a request and reads the whole response. */
export async function send(url: string, method: string, body: string | undefined, headers: Record<string, string>): Promise<RawResponse> {
  const response = await open(url, method, body, headers);
  await response.ended;
  return { status: response.status, headers: response.headers, body: response.received() };
}

/** The JSON-RPC messages of a response: its JSON body, or the `data:` lines of its event stream. */
export function messagesOf(body: string): Record<string, unknown>[] {
  const trimmed = body.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const value = JSON.parse(trimmed) as unknown;
    return (Array.isArray(value) ? value : [value]) as Record<string, unknown>[];
  }
  return body
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice('data: '.length)) as Record<string, unknown>);
}

/** An initialize request. */
export function initializeBody(id: number | string = 1): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'probe', version: '1' } },
  });
}

/** Opens a session as a client would (initialize, then initialized) and returns its id. */
export async function openSession(url: string, headers: Record<string, string>): Promise<string> {
  const init = await send(url, 'POST', initializeBody(), { ...MCP_HEADERS, ...headers });
  const session = init.headers['mcp-session-id'];
  if (init.status !== 200 || typeof session !== 'string') throw new Error(`initialize failed: HTTP ${init.status} ${init.body}`);
  const ready = { ...MCP_HEADERS, ...headers, 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' };
  const initialized = await send(url, 'POST', JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }), ready);
  if (initialized.status !== 202) throw new Error(`initialized failed: HTTP ${initialized.status} ${initialized.body}`);
  return session;
}

/** The headers of a request in session `session`. */
export function sessionHeaders(session: string, headers: Record<string, string>): Record<string, string> {
  return { ...MCP_HEADERS, ...headers, 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' };
}
