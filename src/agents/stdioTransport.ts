/**
 * The client side of MCP over stdio, like the SDK's `StdioClientTransport` but with the server in
 * a process group of its own: closing ends the whole group, so a server started through a wrapper
 * (`sh -c "server; ..."`) or one that starts helpers leaves nothing behind, and a server that
 * ignores the end of its stdin costs a short grace instead of seconds.
 */
import type { ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import spawn from 'cross-spawn';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { endGroup, OWN_GROUP, trackGroup } from './processGroup';

/** How long a server gets to exit by itself once its stdin is closed, as the MCP spec asks. */
const STDIN_END_GRACE_MS = 300;

/** What to start. */
export interface GroupStdioParameters {
  command: string;
  args: readonly string[];
  /** The whole environment of the server (nothing else is inherited). */
  env: Record<string, string>;
  cwd?: string;
}

/** MCP over the stdin/stdout of a server running in its own process group. */
export class GroupStdioClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | undefined;
  private readonly buffer = new ReadBuffer();
  private closing: Promise<void> | undefined;
  /** The server's stderr, available before it starts so no early line is lost. */
  readonly stderr = new PassThrough();

  constructor(private readonly server: GroupStdioParameters) {}

  /** The server's pid once started (also its process group's id on POSIX). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('GroupStdioClientTransport already started');
    return new Promise((resolve, reject) => {
      const child = spawn(this.server.command, [...this.server.args], {
        env: this.server.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        shell: false,
        ...OWN_GROUP,
        ...(this.server.cwd !== undefined ? { cwd: this.server.cwd } : {}),
      });
      this.child = child;
      trackGroup(child);
      child.on('error', (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.on('spawn', () => resolve());
      child.on('close', () => {
        this.onclose?.();
      });
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => {
        this.buffer.append(chunk);
        this.readMessages();
      });
      child.stdout?.on('error', (error) => this.onerror?.(error));
      child.stderr?.pipe(this.stderr);
    });
  }

  private readMessages(): void {
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.buffer.readMessage();
      } catch (error) {
        // A line that is not JSON-RPC (a server logging to stdout) is reported and skipped.
        this.onerror?.(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (message === null) return;
      this.onmessage?.(message);
    }
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || this.closing) return Promise.reject(new Error('Not connected'));
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /** Closes stdin, gives the server a moment to exit, then ends its whole group. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    const child = this.child;
    this.buffer.clear();
    if (!child || child.pid === undefined) return;
    const closed = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('close', () => resolve());
    });
    try {
      child.stdin?.end();
    } catch {
      // already closed
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, STDIN_END_GRACE_MS)))]);
    clearTimeout(timer);
    // Even a server that exited may leave its wrapper's or its own children in the group.
    await endGroup(child);
  }
}
