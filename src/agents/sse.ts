/**
 * Reads a `text/event-stream` body with eventsource-parser (the spec's line and field rules,
 * multi-line `data:`, comments, CRLF) and hands each event to the adapter.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** What the event handler tells the reader: keep reading, or the answer is complete. */
export type SseVerdict = 'continue' | 'done';

/** How a stream ended. */
export interface SseOutcome {
  /** The handler said `done`; false means the body ended without the stream's terminator. */
  complete: boolean;
  /** The first line that was not valid SSE, if any (a sign the server sent something else). */
  invalidLine?: string;
}

/**
 * Feeds `body` through the SSE parser until the handler says `done` or the body ends.
 * Errors thrown by the handler and by the socket propagate.
 */
export async function readSse(body: ReadableStream<Uint8Array>, onEvent: (event: EventSourceMessage) => SseVerdict): Promise<SseOutcome> {
  let done = false;
  // Boxed, so a handler that throws `undefined` still counts as having failed.
  let failure: { error: unknown } | undefined;
  let invalidLine: string | undefined;
  const parser = createParser({
    onError(error) {
      invalidLine ??= error.line ?? error.message;
    },
    onEvent(event) {
      if (done || failure !== undefined) return;
      try {
        if (onEvent(event) === 'done') done = true;
      } catch (error) {
        failure = { error };
      }
    },
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      parser.feed(decoder.decode(value, { stream: true }));
      if (failure !== undefined) throw failure.error;
      if (done) break;
    }
    parser.feed(decoder.decode());
    if (failure !== undefined) throw failure.error;
    return invalidLine === undefined ? { complete: done } : { complete: done, invalidLine };
  } finally {
    // Stop the download once we have what we need (or failed): releases the socket.
    reader.cancel().catch(() => undefined);
  }
}
