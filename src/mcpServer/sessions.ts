/**
 * The HTTP server's sessions, bounded: at most `maxSessions` at once, and a session with no
 * request open for `idleMs` is closed (a client that went away without saying goodbye leaves
 * one behind, each holding an MCP server). A session with a request open (a tool call, the
 * client's event stream) is never idle. Time comes from an injectable clock, so tests decide it.
 */

/** The clock sessions age by (milliseconds); `Date.now` outside tests. */
export type Clock = () => number;

/** How many sessions, and how long one may sit idle. */
export interface SessionLimits {
  maxSessions: number;
  idleMs: number;
}

/** Sixteen clients at once, and half an hour without an open request. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = { maxSessions: 16, idleMs: 30 * 60_000 };

/** What a session holds: something to close. */
export interface Closable {
  close(): Promise<void>;
}

interface Entry<T> {
  value: T;
  /** When its last request ended (or it began). */
  lastActive: number;
  /** Requests open now. */
  open: number;
}

/** Sessions by id, with their activity. */
export class SessionTable<T extends Closable> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    readonly limits: SessionLimits,
    private readonly clock: Clock = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  add(id: string, value: T): void {
    this.entries.set(id, { value, lastActive: this.clock(), open: 0 });
  }

  get(id: string): T | undefined {
    return this.entries.get(id)?.value;
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  /** Marks a request of session `id` open; the returned function marks it ended. */
  begin(id: string): () => void {
    const entry = this.entries.get(id);
    if (!entry) return () => undefined;
    entry.open += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      entry.open -= 1;
      entry.lastActive = this.clock();
    };
  }

  /** True when no session can be added, after closing the idle ones. */
  async full(): Promise<boolean> {
    await this.closeIdle();
    return this.entries.size >= this.limits.maxSessions;
  }

  /** Closes every session with no open request that has been idle for `idleMs`; resolves their ids. */
  async closeIdle(): Promise<string[]> {
    const now = this.clock();
    const idle = [...this.entries].filter(([, entry]) => entry.open === 0 && now - entry.lastActive >= this.limits.idleMs);
    for (const [id] of idle) this.entries.delete(id);
    await Promise.allSettled(idle.map(([, entry]) => entry.value.close()));
    return idle.map(([id]) => id);
  }

  /** Closes every session. */
  async closeAll(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.allSettled(all.map((entry) => entry.value.close()));
  }
}
