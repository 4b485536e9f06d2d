/**
 * What the server answers to a message it cannot take, over stdio and HTTP alike: text that is
 * not JSON (-32700), JSON that is not a JSON-RPC message (-32600), a request whose `params` is
 * not an object (-32602), and a message over the size limit (-32600, naming the limit). The SDK's
 * stdio transport answers none of these (a client waiting for its reply waits forever) and closes
 * on an oversize line; its HTTP transport answers -32700 to all of them.
 */
import { ErrorCode, JSONRPCMessageSchema, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';

/** The largest message read, over either transport: code under review fits many times over. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/** The limit as people read it. */
export const MAX_MESSAGE_TEXT = `${MAX_MESSAGE_BYTES / 1024 / 1024} MiB (${MAX_MESSAGE_BYTES} bytes)`;

/** A JSON-RPC error response; `id` is null when the message's id could not be read. */
export interface ErrorReply {
  jsonrpc: '2.0';
  id: RequestId | null;
  error: { code: number; message: string };
}

/** A message to hand to the server, or the reply to send instead (none for a bad notification). */
export type Checked = { message: JSONRPCMessage } | { reply: ErrorReply | undefined };

/** An error response to the message with `id`. */
export function errorReply(id: RequestId | null, code: number, message: string): ErrorReply {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value));
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Checks one parsed message. The SDK's schema decides in the end; the checks before it only find
 * the precise error code and a message that says what to send instead.
 */
export function checkMessage(value: unknown): Checked {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      reply: errorReply(
        null,
        ErrorCode.InvalidRequest,
        `Invalid Request: a JSON-RPC message is an object with "jsonrpc": "2.0", got ${kindOf(value)}`,
      ),
    };
  }
  const record = value as Record<string, unknown>;
  const hasId = 'id' in record;
  const id = isRequestId(record.id) ? record.id : null;
  const invalid = (message: string): Checked => ({ reply: errorReply(id, ErrorCode.InvalidRequest, `Invalid Request: ${message}`) });
  if (record.jsonrpc !== '2.0') return invalid(`"jsonrpc" must be "2.0", got ${JSON.stringify(record.jsonrpc) ?? 'nothing'}`);
  if (hasId && !isRequestId(record.id)) return invalid(`"id" must be a string or an integer, got ${kindOf(record.id)}`);
  if ('method' in record) {
    if (typeof record.method !== 'string') return invalid(`"method" must be a string, got ${kindOf(record.method)}`);
    const params = record.params;
    if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params))) {
      // A notification gets no reply, not even an error (JSON-RPC 2.0, section 4.1).
      if (!hasId) return { reply: undefined };
      return {
        reply: errorReply(
          id,
          ErrorCode.InvalidParams,
          `Invalid params: "params" of ${record.method} must be an object, got ${kindOf(params)}`,
        ),
      };
    }
  } else if (!hasId || !('result' in record || 'error' in record)) {
    return invalid('a message has a "method" (a request or notification), or an "id" with a "result" or "error" (a response)');
  }
  const parsed = JSONRPCMessageSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    if (issue?.path[0] === 'params' && hasId)
      return { reply: errorReply(id, ErrorCode.InvalidParams, `Invalid params${where}: ${issue.message}`) };
    return invalid(`not a valid JSON-RPC message${where}: ${issue?.message ?? 'unknown shape'}`);
  }
  return { message: parsed.data };
}

/** Checks one message's text: JSON first, then the message itself. */
export function checkText(text: string): Checked {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { reply: errorReply(null, ErrorCode.ParseError, `Parse error: the message is not valid JSON (${detail})`) };
  }
  return checkMessage(value);
}

/** A top-level `"id"` at the start (`{"jsonrpc":"2.0","id":7,...`) or the end (`...,"id":7}`). */
const ID_AT_START = /^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")/;
const ID_AT_END = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")\s*\}\s*$/;

/**
 * The id of a message too large to parse, read from its first and last bytes: clients write the
 * id first or last (the SDK's client last), and a reply with the id lets the caller stop waiting.
 */
export function idOfOversize(head: string, tail: string): RequestId | null {
  const found = ID_AT_START.exec(head) ?? ID_AT_END.exec(tail);
  if (!found?.[1]) return null;
  try {
    const id: unknown = JSON.parse(found[1]);
    return isRequestId(id) ? id : null;
  } catch {
    return null;
  }
}

/** The reply to a message of `bytes` bytes, over the limit. */
export function oversizeReply(bytes: number, id: RequestId | null): ErrorReply {
  return errorReply(
    id,
    ErrorCode.InvalidRequest,
    `Message too large: ${bytes} bytes; the limit is ${MAX_MESSAGE_TEXT}. Send less code or text per call.`,
  );
}
