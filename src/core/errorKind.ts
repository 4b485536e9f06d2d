/**
 * Why a call failed, as a word the views can act on without reading the message. The engine owns
 * this type (its own per-call timeout and cancellation produce `timeout` and `cancelled`); the
 * agent adapters report the same kinds on their errors.
 */
export const ERROR_KINDS = [
  'auth',
  'not-found',
  'rate-limit',
  'server',
  'connection',
  'stream',
  'timeout',
  'cancelled',
  'config',
  'process',
] as const;

export type AgentErrorKind = (typeof ERROR_KINDS)[number];

/** True for one of the known kinds (values cross process and webview boundaries as plain strings). */
export function isErrorKind(value: unknown): value is AgentErrorKind {
  return typeof value === 'string' && (ERROR_KINDS as readonly string[]).includes(value);
}

/** The kind a thrown value carries in its `kind` property (an `AgentError` from any bundle), if any. */
export function errorKindOf(error: unknown): AgentErrorKind | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const kind = (error as { kind?: unknown }).kind;
  return isErrorKind(kind) ? kind : undefined;
}
