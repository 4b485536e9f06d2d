/**
 * What a tool call tells its client while it runs, in order, and all of it before the result.
 *
 * Progress and log lines are sent one after another, each awaited. That alone does not make a
 * client see them: the SDK's client handles a notification on a later microtask but a response
 * at once, so when the last progress and the result arrive in one read (a busy client, a full
 * pipe), the result removes the progress handler first and the progress is dropped. So after
 * the last progress the call pings the client and waits for the answer: a client answers a ping
 * only after the messages before it, so everything sent before has been handled.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  EmptyResultSchema,
  SetLevelRequestSchema,
  type LoggingLevel,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** How long a call waits for the client's answer to its ping before sending the result anyway. */
const PING_TIMEOUT_MS = 2_000;

/** Log levels from the least to the most severe (RFC 5424, as MCP names them). */
const SEVERITY: readonly LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

/** The level a client that never called `logging/setLevel` gets: no debug chatter. */
export const DEFAULT_LOG_LEVEL: LoggingLevel = 'info';

/**
 * Keeps the level the client set with `logging/setLevel` (one server per session, so one level).
 * The SDK's own filter sends everything, debug included, until a level is set; this one applies
 * `DEFAULT_LOG_LEVEL` until then.
 */
export function trackLogLevel(server: McpServer): () => LoggingLevel {
  let level: LoggingLevel = DEFAULT_LOG_LEVEL;
  server.server.setRequestHandler(SetLevelRequestSchema, (request) => {
    level = request.params.level;
    return {};
  });
  return () => level;
}

/** What one call sends its client: progress steps, log lines, and a way to wait for them. */
export interface CallOutbox {
  /** One progress step with a line saying what happened (sent only if the client asked for progress). */
  progress: (message: string) => void;
  /** A log line, if at or above the client's level. */
  log: (level: LoggingLevel, message: string) => void;
  /** Resolves when everything so far is sent and, if progress was sent, the client has handled it. */
  settle(): Promise<void>;
}

/** The outbox of the call `extra` belongs to; `total` is the number of steps expected. */
export function callOutbox(server: McpServer, extra: Extra, total: number, level: () => LoggingLevel): CallOutbox {
  const token = extra._meta?.progressToken;
  let step = 0;
  let sending: Promise<void> = Promise.resolve();
  // A client that went away needs nothing more; a failed send must not stop the ones after it.
  const enqueue = (send: () => Promise<void>): void => {
    sending = sending.then(send).catch(() => undefined);
  };
  return {
    progress(message) {
      if (token === undefined || extra.signal.aborted) return;
      step += 1;
      const params = { progressToken: token, progress: step, total: Math.max(total, step), message };
      enqueue(() => extra.sendNotification({ method: 'notifications/progress', params }));
    },
    log(wanted, message) {
      if (SEVERITY.indexOf(wanted) < SEVERITY.indexOf(level())) return;
      enqueue(() => server.server.sendLoggingMessage({ level: wanted, logger: 'consensus', data: message }, extra.sessionId));
    },
    async settle() {
      await sending;
      if (step === 0 || extra.signal.aborted) return;
      await extra.sendRequest({ method: 'ping' }, EmptyResultSchema, { timeout: PING_TIMEOUT_MS }).catch(() => undefined);
    },
  };
}
