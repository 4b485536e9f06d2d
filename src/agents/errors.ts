/**
 * Typed agent failures with messages a person can act on. A message never contains an API key,
 * by two rules that hold by construction:
 * - text from outside (a server's body or event, a child's output) enters a message only as a
 *   `Quoted`, which only `quote` makes: redacted with the call's secrets first, shortened after;
 * - every error leaving an agent's call passes through `scrubbed` (in `runWithDeadline`), which
 *   redacts its message once more and drops its cause (parser errors repeat their input).
 */

import type { AgentErrorKind } from '../core/errorKind';
import { ConsensusError } from '../core/errors';
import { excerpt } from '../core/text';

/**
 * What went wrong, so callers (retries, the UI) can react without parsing messages. The engine
 * owns the list (it carries the kind through results and events to every view).
 */
export type { AgentErrorKind };

/** Details carried along with an `AgentError`. */
export interface AgentErrorDetails {
  /** HTTP status, when the failure was an HTTP response. */
  status?: number;
  /** How long the server asked us to wait (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  /** Whether trying again could help (rate limits, server errors, a reset connection). */
  retryable?: boolean;
  cause?: unknown;
  /** What to do, when the kind's general advice (`AGENT_FIXES`) is not the best one. */
  fix?: string;
}

/** What to do about a failed call, by its kind (messages often say it more exactly). */
export const AGENT_FIXES: Readonly<Record<AgentErrorKind, string>> = {
  auth: "Check the agent's API key.",
  'not-found': "Check the agent's model name and base URL.",
  'rate-limit': 'Wait a little and run again, or ask for fewer calls (fewer rounds or a smaller k).',
  server: "Run again later; if it keeps failing, check the agent's server.",
  connection: "Check that the agent's server is running and that its base URL is right.",
  stream: "Run again; if it keeps failing, check the agent's server or turn its streaming off.",
  timeout: 'Raise the timeout for slow or thinking models.',
  cancelled: '',
  config: "Correct the agent's configuration as the message says.",
  process: "Check the agent's command: run it by hand and read what it prints.",
};

/** A failure of one agent call; `message` is written for the user. */
export class AgentError extends ConsensusError {
  readonly kind: AgentErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly retryable: boolean;

  constructor(kind: AgentErrorKind, message: string, details: AgentErrorDetails = {}) {
    super('agent-failed', message, details.fix ?? AGENT_FIXES[kind], details.cause === undefined ? {} : { cause: details.cause });
    this.name = 'AgentError';
    this.kind = kind;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.retryable = details.retryable ?? false;
  }
}

/** True for an `AgentError` (also across bundles, where `instanceof` may fail). */
export function isAgentError(value: unknown): value is AgentError {
  return value instanceof AgentError || (value instanceof Error && value.name === 'AgentError' && 'kind' in value);
}

/** What an HTTP adapter knows when it turns a failure into a message. */
export interface HttpCallContext {
  /** The agent's display name. */
  agent: string;
  /** The URL requested (never contains a key: keys travel in headers). */
  url: string;
  /** The base URL from the configuration, for "wrong base URL" hints. */
  baseUrl: string;
  model: string;
  /** The environment variable the key is read from, if configured. */
  apiKeyEnv?: string;
  /** Secrets to scrub from any quoted server text. */
  secrets: readonly string[];
  /** How this front-end says where the key is set (default: the editor's words). */
  keyHint?: KeyHint;
}

const MAX_QUOTE = 300;

declare const quotedBrand: unique symbol;
/** Outside text made fit for a message: redacted, on one line, shortened. Only `quote` makes one. */
export type Quoted = string & { readonly [quotedBrand]: true };

/**
 * The one way outside text reaches a message: secrets are removed before the text is shortened,
 * so a cut can never leave the start of a key behind.
 */
export function quote(text: string, secrets: readonly string[], max = MAX_QUOTE): Quoted {
  return excerpt(redact(text, secrets), max) as Quoted;
}

/** The secrets of one call, collected as the call learns them, for `scrubbed`. */
export class CallSecrets {
  private readonly values = new Set<string>();

  /** Adds a key (as `redact` does, not one of under 4 characters). */
  add(key: string | undefined): void {
    if (key !== undefined && key.trim().length >= 4) this.values.add(key.trim());
  }

  /**
   * Adds the values of headers or environment variables that may carry credentials; short ones
   * (`blue`, `1`, `true`) are no secrets and hiding them would only garble messages.
   */
  addValues(record: Record<string, string> | undefined): void {
    for (const value of Object.values(record ?? {})) if (value.trim().length >= 12) this.values.add(value.trim());
  }

  get list(): readonly string[] {
    return [...this.values];
  }
}

/**
 * What leaves an agent's call: an `AgentError` whose message is redacted with `secrets`, its
 * kind, status and retry hints kept, its cause dropped (a cause may quote a server verbatim).
 */
export function scrubbed(error: unknown, secrets: readonly string[]): AgentError {
  if (isAgentError(error)) {
    return new AgentError(error.kind, redact(error.message, secrets), {
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      retryable: error.retryable,
      fix: redact(error.fix, secrets),
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new AgentError('process', redact(detail, secrets));
}

/**
 * The shortest run of a secret's characters that counts as quoting it: servers print pieces of a
 * key ("sk-proj-abc1…wxyz9876"), and a piece of eight characters already narrows a key down.
 */
const QUOTED_RUN = 8;

/**
 * Where `text` holds a run of `QUOTED_RUN` or more consecutive characters of `secret`: every
 * window of that length found in the secret marks its characters, so longer runs (and overlapping
 * pieces) are covered by the windows they contain.
 */
function markSecretRuns(text: string, secret: string, marked: boolean[]): void {
  const windows = new Set<string>();
  for (let start = 0; start + QUOTED_RUN <= secret.length; start++) windows.add(secret.slice(start, start + QUOTED_RUN));
  for (let start = 0; start + QUOTED_RUN <= text.length; start++) {
    if (!windows.has(text.slice(start, start + QUOTED_RUN))) continue;
    for (let index = start; index < start + QUOTED_RUN; index++) marked[index] = true;
  }
}

/** `text` with each stretch of marked characters replaced by one `[redacted]`. */
function replaceMarked(text: string, marked: readonly boolean[]): string {
  let out = '';
  for (let index = 0; index < text.length; index++) {
    if (!marked[index]) out += text[index];
    else if (!marked[index - 1]) out += '[redacted]';
  }
  return out;
}

/**
 * A piece of a secret shaped like a credential (a key, a token: no spaces, quotes, braces or
 * separators). Pieces of anything else the call treats as secret (a JSON value in an agent's
 * environment, say) are ordinary text, and hiding every eight characters of them would garble
 * messages; such a secret is hidden where it occurs whole.
 */
const CREDENTIAL_PIECE = /^[^\s{}[\]"'<>,;:]+$/;

/**
 * Removes secrets and token-shaped strings from text we are about to show: a whole secret, and
 * any run of eight or more consecutive characters of a credential in one (a prefix, a suffix or a
 * middle piece of a key, also of the token in a "Bearer TOKEN" header value).
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  const marked: boolean[] = [];
  for (const secret of secrets) {
    for (const piece of secret.split(/\s+/)) {
      if (piece.length >= QUOTED_RUN && CREDENTIAL_PIECE.test(piece)) markSecretRuns(out, piece, marked);
    }
  }
  if (marked.length > 0) out = replaceMarked(out, marked);
  // Provider keys look like sk-..., sk-ant-..., or long opaque tokens after "Bearer".
  out = out.replace(/\b(sk-[A-Za-z0-9_-]{6,}|Bearer\s+[A-Za-z0-9._~+/-]{8,}=*)/g, '[redacted]');
  return out;
}

/** The human part of an error body: `{ error: { message } }`, `{ message }`, or the text itself. */
export function serverMessage(body: string, secrets: readonly string[]): Quoted {
  let text = body.trim();
  try {
    const parsed: unknown = JSON.parse(text);
    const candidate = pickMessage(parsed);
    if (candidate) text = candidate;
  } catch {
    // not JSON: quote the text as it is
  }
  return quote(text, secrets);
}

/**
 * The message inside an error object as providers and routers shape it: `{ message }`,
 * `{ error: "text" }`, `{ error: { message } }`, a message nested as an object
 * (`{ error: { message: { message } } }`), and a router's `metadata.raw` holding the upstream
 * provider's own error (added after the router's message). Not yet redacted.
 */
export function pickMessage(value: unknown, depth = 0): string | undefined {
  if (value === null || typeof value !== 'object' || depth > 4) return undefined;
  const record = value as Record<string, unknown>;
  const own =
    typeof record.message === 'string'
      ? record.message
      : typeof record.error === 'string'
        ? record.error
        : (pickMessage(record.message, depth + 1) ?? pickMessage(record.error, depth + 1));
  const upstream = upstreamMessage(record.metadata, depth);
  if (own !== undefined && upstream !== undefined && !own.includes(upstream)) return `${own}: ${upstream}`;
  return own ?? upstream;
}

/** A router's `metadata.raw`: the upstream provider's error, as JSON text or plain text. */
function upstreamMessage(metadata: unknown, depth: number): string | undefined {
  if (metadata === null || typeof metadata !== 'object') return undefined;
  const raw = (metadata as Record<string, unknown>).raw;
  if (typeof raw !== 'string' || raw.trim() === '') return pickMessage(raw, depth + 1);
  try {
    return pickMessage(JSON.parse(raw), depth + 1) ?? raw;
  } catch {
    return raw;
  }
}

/**
 * Where a missing or wrong key is set, in the words of the front-end the person uses: the
 * editor's command, or the environment a command line or an MCP host starts the server with.
 * Given the agent's `apiKeyEnv` (if any); the text follows a dash or colon, in lower case.
 */
export type KeyHint = (apiKeyEnv: string | undefined) => string;

/** The editor's words: the command, or the agent's `apiKeyEnv` variable. */
export const keyHint: KeyHint = (apiKeyEnv) => {
  const env = apiKeyEnv ? `the environment variable ${apiKeyEnv}` : "an environment variable named by the agent's apiKeyEnv setting";
  return `set it with 'Consensus: Set API Key...' or with ${env}`;
};

/** The command line's words: the variable, set where the command (or the MCP host running it) starts. */
export const environmentKeyHint: KeyHint = (apiKeyEnv) =>
  apiKeyEnv
    ? `set the environment variable ${apiKeyEnv} to the key where consensus is started (for an MCP host: in the "env" of the consensus server in the host's MCP configuration)`
    : `name an environment variable in the agent's "apiKeyEnv" and set it to the key where consensus is started (for an MCP host: in the "env" of the consensus server in the host's MCP configuration)`;

/** Maps a non-2xx response to an `AgentError`. */
export function httpStatusError(context: HttpCallContext, status: number, body: string, retryAfterMs: number | undefined): AgentError {
  const quoted = status === 401 || status === 403 ? '' : serverMessage(body, context.secrets);
  const suffix = quoted ? ` (server said: ${quoted})` : '';
  if (status === 401 || status === 403) {
    return new AgentError(
      'auth',
      `The API key for agent '${context.agent}' was rejected (HTTP ${status}) — ${(context.keyHint ?? keyHint)(context.apiKeyEnv)}.`,
      { status },
    );
  }
  if (status === 404) {
    return new AgentError(
      'not-found',
      `Agent '${context.agent}': model '${context.model}' not found or wrong base URL ${context.baseUrl} (HTTP 404 from ${context.url})${suffix}.`,
      { status },
    );
  }
  if (status === 429) {
    const wait = retryAfterMs === undefined ? '' : ` The server asked to wait ${Math.ceil(retryAfterMs / 1000)} s.`;
    return new AgentError('rate-limit', `Agent '${context.agent}' is rate-limited by ${context.baseUrl} (HTTP 429)${suffix}.${wait}`, {
      status,
      retryAfterMs,
      retryable: true,
    });
  }
  if (status >= 500) {
    return new AgentError('server', `The server for agent '${context.agent}' at ${context.baseUrl} failed (HTTP ${status})${suffix}.`, {
      status,
      retryAfterMs,
      retryable: true,
    });
  }
  return new AgentError('server', `Agent '${context.agent}': the request to ${context.url} was refused (HTTP ${status})${suffix}.`, {
    status,
  });
}

/**
 * Node's fetch hides the socket error in `cause` (often two levels down). When a host name has
 * several addresses (`localhost` as ::1 and 127.0.0.1), Node tries each and fails with an
 * `AggregateError` whose own `code` is only the first attempt's (say ETIMEDOUT on an IPv6 address
 * nothing answers); the attempts' codes are in `errors`, and they decide.
 */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const attempts = (current as { errors?: unknown }).errors;
    if (Array.isArray(attempts)) {
      const codes = attempts.map((attempt: unknown) => errorCode(attempt)).filter((found): found is string => found !== undefined);
      // One address refusing means the host is up and nothing listens on the port; the other
      // failures are addresses the machine cannot reach.
      if (codes.includes('ECONNREFUSED')) return 'ECONNREFUSED';
    }
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (Array.isArray(attempts) && attempts.length > 0) return errorCode(attempts[0]);
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps a failure to reach the server (before any response) to an `AgentError`. */
export function connectionError(context: HttpCallContext, error: unknown): AgentError {
  const code = errorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return new AgentError('connection', `Agent '${context.agent}': nothing is listening at ${context.baseUrl} — is the server running?`, {
        cause: error,
      });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new AgentError(
        'connection',
        `Agent '${context.agent}': the host of ${context.baseUrl} could not be found — check the base URL and your network.`,
        { cause: error },
      );
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return new AgentError('connection', `Agent '${context.agent}': the connection to ${context.baseUrl} was reset before it answered.`, {
        cause: error,
        retryable: true,
      });
    default: {
      const detail = quote(error instanceof Error ? error.message : String(error), context.secrets);
      return new AgentError(
        'connection',
        `Agent '${context.agent}': could not reach ${context.baseUrl}${code ? ` (${code})` : ''}: ${detail}.`,
        { cause: error },
      );
    }
  }
}

/** What a stream error quotes from the server: `(label: "text")`. */
export interface StreamQuote {
  label: string;
  text: Quoted;
}

/** The stream broke or was not the expected format; server text only as a `Quoted`. */
export function streamError(context: HttpCallContext, detail: string, quoted?: StreamQuote, cause?: unknown): AgentError {
  const said = quoted ? ` (${quoted.label}: "${quoted.text}")` : '';
  return new AgentError('stream', `Agent '${context.agent}': the answer stream from ${context.baseUrl} ${detail}${said}.`, { cause });
}

/** Official endpoints always need a key; failing before the request gives a clearer message. */
export function missingKeyError(context: HttpCallContext): AgentError {
  return new AgentError('auth', `No API key for agent '${context.agent}' — ${(context.keyHint ?? keyHint)(context.apiKeyEnv)}.`);
}
