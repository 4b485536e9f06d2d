/**
 * What every webview host does with a message its page posts, written once for the panel and the
 * sidebar, and free of `vscode` so unit tests hold both to it: a message of no known shape is
 * refused and logged, never acted on; a known one goes to the handler; the handler's answer, if it
 * has one, goes back to the page; a handler that fails is told to the user and logged, naming the
 * action, and a request the page waits on is still answered.
 */
import type { ReplyOf, WebviewName, WebviewProtocol } from '../shared/messages';

/** The failure path of the webviews. */
export interface WebviewFailures {
  /** A message of no known shape (a page out of step with the extension): logged, not acted on. */
  refused(webview: WebviewName, value: unknown): void;
  /** An action of the page failed unexpectedly: the user hears of it, the log keeps it. */
  failed(webview: WebviewName, action: string, error: unknown): void;
}

/** Where the failure path writes: the log and the user. */
export interface FailureOutlets {
  warn(message: string): void;
  error(message: string): void;
  /** Tells the user (the panel's status line and a notification). */
  notify(level: 'error', text: string): void;
}

/** The one failure path, writing to `outlets`. */
export function webviewFailures(outlets: FailureOutlets): WebviewFailures {
  return {
    refused(webview, value) {
      outlets.warn(
        `Ignored a message from the ${webview} that it cannot send (${describeMessage(value)}). If the ${webview} looks out of date, run "Developer: Reload Window".`,
      );
    },
    failed(webview, action, error) {
      const message = error instanceof Error ? error.message : String(error);
      outlets.error(`The ${webview} action '${action}' failed: ${error instanceof Error && error.stack ? error.stack : message}`);
      outlets.notify('error', `Consensus could not complete '${action}': ${message}`);
    },
  };
}

/**
 * Handles one message `value` posted by the page of `protocol`: validates it, hands it to
 * `handle`, and passes the handler's answer to `reply`. Never throws: every failure takes the
 * failure path.
 */
export async function receiveWebviewMessage<Name extends WebviewName, From extends { type: string }>(
  protocol: WebviewProtocol<Name, From>,
  value: unknown,
  handle: (message: From) => Promise<ReplyOf<Name> | undefined>,
  reply: (answer: ReplyOf<Name>) => PromiseLike<unknown> | void,
  failures: WebviewFailures,
): Promise<void> {
  if (!protocol.accepts(value)) {
    failures.refused(protocol.name, value);
    return;
  }
  let answer: ReplyOf<Name> | undefined;
  try {
    answer = await handle(value);
  } catch (error) {
    failures.failed(protocol.name, value.type, error);
    answer = protocol.answerOnFailure(value);
  }
  try {
    if (answer !== undefined) await reply(answer);
  } catch (error) {
    failures.failed(protocol.name, value.type, error);
  }
}

/** Names a refused message by its kind alone: its text may be long, or a key pasted by mistake. */
function describeMessage(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return `not an object but ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`;
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') return 'no type';
  return /^[A-Za-z]{1,40}$/.test(type) ? `type '${type}', or a field of it, unknown or malformed` : 'a type that is no name';
}
