/**
 * MCP over stdio, one JSON-RPC message per line, answering every line it cannot take. The SDK's
 * `StdioServerTransport` reports a bad line only to its own `onerror` (the client never hears of
 * it) and closes itself when a line outgrows its buffer, so one 10 MB argument silently ended the
 * server. Here a bad line gets its JSON-RPC error, a line over the limit is drained without
 * being kept and gets an error naming the limit, and the server reads on.
 */
import type { Readable, Writable } from 'node:stream';
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { checkText, idOfOversize, MAX_MESSAGE_BYTES, MAX_MESSAGE_TEXT, oversizeReply, type ErrorReply } from './jsonRpc';

/** How much of an oversize line's start and end is kept to find its id. */
const EDGE_BYTES = 1024;

/** The line being read: its pieces while under the limit, only its edges once over it. */
class PendingLine {
  private parts: Buffer[] = [];
  private head = Buffer.alloc(0);
  private tail = Buffer.alloc(0);
  size = 0;

  add(piece: Buffer): void {
    this.size += piece.length;
    if (this.head.length < EDGE_BYTES) this.head = Buffer.concat([this.head, piece.subarray(0, EDGE_BYTES - this.head.length)]);
    const joined = Buffer.concat([this.tail, piece]);
    this.tail = joined.subarray(Math.max(0, joined.length - EDGE_BYTES));
    if (this.size <= MAX_MESSAGE_BYTES) this.parts.push(piece);
    else this.parts = [];
  }

  get oversize(): boolean {
    return this.size > MAX_MESSAGE_BYTES;
  }

  text(): string {
    return Buffer.concat(this.parts).toString('utf8').replace(/\r$/, '');
  }

  edges(): { head: string; tail: string } {
    return { head: this.head.toString('utf8'), tail: this.tail.toString('utf8').replace(/\r$/, '') };
  }
}

/** The server's side of stdio, for `McpServer.connect`. */
export class CheckedStdioTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  private line = new PendingLine();
  private started = false;

  /** `report` tells people (on stderr) what was refused. */
  constructor(
    private readonly stdin: Readable,
    private readonly stdout: Writable,
    private readonly report: (message: string) => void = () => undefined,
  ) {}

  private readonly onData = (chunk: Buffer): void => {
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      this.line.add(chunk.subarray(start, newline));
      const line = this.line;
      this.line = new PendingLine();
      this.take(line);
      start = newline + 1;
    }
    if (start < chunk.length) this.line.add(chunk.subarray(start));
  };

  private readonly onStreamError = (error: Error): void => {
    this.onerror?.(error);
  };

  /** Hands a complete line to the server, or answers it with its error. */
  private take(line: PendingLine): void {
    if (line.oversize) {
      const { head, tail } = line.edges();
      this.report(`refused a message of ${line.size} bytes: the limit is ${MAX_MESSAGE_TEXT}`);
      this.answer(oversizeReply(line.size, idOfOversize(head, tail)));
      return;
    }
    const text = line.text();
    if (text.trim() === '') return;
    const checked = checkText(text);
    if ('message' in checked) {
      this.onmessage?.(checked.message);
      return;
    }
    if (checked.reply) {
      this.report(`answered a bad message: ${checked.reply.error.message}`);
      this.answer(checked.reply);
    }
  }

  private answer(reply: ErrorReply): void {
    this.stdout.write(`${JSON.stringify(reply)}\n`);
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('CheckedStdioTransport already started');
    this.started = true;
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onStreamError);
  }

  async close(): Promise<void> {
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onStreamError);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.line = new PendingLine();
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.stdout.write(serializeMessage(message))) resolve();
      else this.stdout.once('drain', resolve);
    });
  }
}
