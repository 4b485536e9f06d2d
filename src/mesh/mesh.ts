/**
 * The MCP mesh: every agent, local or remote, is an MCP server the others can call. Local agents
 * are wrapped in an in-memory server; remote servers are joined over stdio or streamable HTTP.
 * The mesh records who called whom, and stops agents that consult each other in loops with a
 * depth limit and a per-run budget.
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { McpTransportConfig } from '../agents/config';
import { silenceBound } from '../agents/mcpSilence';
import type { Agent } from '../agents/types';
import type { Clock } from '../core/clock';
import { errorKindOf } from '../core/errorKind';
import { createAgentServer } from './agentServer';
import type { Connection } from './connect';
import { connectInMemory, connectRemote, describeEndpoint } from './connect';
import { MeshError, MeshLimitError } from './errors';
import { pickTool } from './pickTool';
import { metaDepth, metaString, metaStrings, resultText, resultUsage } from './result';
import type { BroadcastResult, MeshCallOptions, MeshCallRecord, MeshLimits, MeshReply, MeshRun, MeshTool, MeshTurn } from './types';
import { DEFAULT_MAX_CONSULTS, DEFAULT_MAX_DEPTH, DEFAULT_MESH_TIMEOUT_MS, META_CALLER, META_CHAIN, META_DEPTH, META_RUN } from './types';

/**
 * A remote MCP server joining the mesh: where it is, and optionally which of its tools answers a
 * prompt and under which argument (an `mcp` agent's configuration is one).
 */
export type MeshEndpoint = McpTransportConfig & { tool?: string; promptArgument?: string };

/** Options of a mesh. */
export interface MeshOptions {
  /** Limits on agents consulting agents; defaults `DEFAULT_MAX_DEPTH`, `DEFAULT_MAX_CONSULTS`. */
  limits?: Partial<MeshLimits>;
  /** Per-request wait without progress; defaults to `DEFAULT_MESH_TIMEOUT_MS` (10 minutes). */
  timeoutMs?: number;
  /** How many call records the log keeps (oldest dropped first); default 10 000. */
  logLimit?: number;
  /** Runs the calls' timeouts; default the machine's (tests pass one they move). */
  clock?: Clock;
}

interface Member {
  name: string;
  connection: Connection;
  agent?: Agent;
  endpoint?: MeshEndpoint;
  /** The tool (and its prompt argument) that answers a prompt, once looked up. */
  promptTool?: Promise<{ tool: string; argument: string }>;
}

interface RunState extends MeshRun {
  consults: number;
}

/** Where a call sits: its depth, the chain of callers above it and the run it belongs to. */
interface CallPlace {
  depth: number;
  chain: readonly string[];
  run: RunState;
}

function isAgent(target: Agent | MeshEndpoint): target is Agent {
  return typeof (target as Agent).ask === 'function';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `150 ms`, `600 s`: milliseconds where seconds would round to nothing. */
function formatDuration(ms: number): string {
  return ms < 10_000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function positiveInteger(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new MeshError(`${name} must be a whole number >= ${min}, got ${value}`);
  return value;
}

/** A set of agents that can call each other over MCP. */
export class Mesh {
  /** The limits in force. */
  readonly limits: MeshLimits;
  /** Per-request wait without progress, in milliseconds. */
  readonly timeoutMs: number;

  private readonly members = new Map<string, Member>();
  private readonly registering = new Set<string>();
  private readonly runs = new Map<string, RunState>();
  private readonly records: MeshCallRecord[] = [];
  private readonly logLimit: number;
  private readonly clock: Clock | undefined;
  private seq = 0;
  private runSeq = 0;
  private disposed = false;

  constructor(options: MeshOptions = {}) {
    this.limits = {
      maxDepth: positiveInteger(options.limits?.maxDepth ?? DEFAULT_MAX_DEPTH, 'maxDepth', 0),
      maxConsults: positiveInteger(options.limits?.maxConsults ?? DEFAULT_MAX_CONSULTS, 'maxConsults', 0),
    };
    this.timeoutMs = positiveInteger(options.timeoutMs ?? DEFAULT_MESH_TIMEOUT_MS, 'timeoutMs', 1);
    this.logLimit = positiveInteger(options.logLimit ?? 10_000, 'logLimit', 1);
    this.clock = options.clock;
  }

  /**
   * Adds a member. A local agent is wrapped as an MCP server (tools `think`, `discuss`, `review`,
   * `ask`) over the in-memory transport, and the mesh takes ownership of it (`dispose` disposes
   * it). An endpoint is a remote MCP server, started (stdio) or reached (HTTP) now.
   */
  async register(name: string, target: Agent | MeshEndpoint): Promise<void> {
    if (this.disposed) throw new MeshError(`cannot register '${name}': the mesh has been disposed`);
    if (name.trim() === '') throw new MeshError('a mesh member needs a non-empty name');
    if (this.members.has(name) || this.registering.has(name)) {
      throw new MeshError(`a mesh member named '${name}' is already registered; names must be unique`);
    }
    this.registering.add(name);
    try {
      let member: Member;
      if (isAgent(target)) {
        const server = createAgentServer(name, target, (meta, signal) => this.turnFor(name, meta, signal));
        member = { name, agent: target, connection: await connectInMemory(server) };
      } else {
        member = { name, endpoint: target, connection: await connectRemote(name, target) };
      }
      if (this.disposed) {
        await member.connection.close();
        throw new MeshError(`cannot register '${name}': the mesh was disposed while it connected`);
      }
      this.members.set(name, member);
    } finally {
      this.registering.delete(name);
    }
  }

  /** The members' names, in registration order. */
  names(): string[] {
    return [...this.members.keys()];
  }

  /** True when `name` is a local agent (not a remote server). */
  isLocal(name: string): boolean {
    return this.members.get(name)?.agent !== undefined;
  }

  /** The call log: every call through the mesh, oldest first (at most `logLimit` records). */
  get log(): readonly MeshCallRecord[] {
    return this.records;
  }

  /**
   * Starts a run: a budget of consultations shared by every call made with it (pass it as
   * `options.run`). End it with `endRun` so the mesh forgets it.
   */
  createRun(options: { maxConsults?: number } = {}): MeshRun {
    this.runSeq += 1;
    const run: RunState = {
      id: `run-${this.runSeq}`,
      maxConsults: positiveInteger(options.maxConsults ?? this.limits.maxConsults, 'maxConsults', 0),
      consults: 0,
    };
    this.runs.set(run.id, run);
    return run;
  }

  /** Forgets a run; consultations still trying to use it are refused. */
  endRun(run: MeshRun): void {
    this.runs.delete(run.id);
  }

  /**
   * Calls `tool` of member `to` on behalf of `from` (recorded in the request's `_meta` and in the
   * log) and resolves its text. Rejects with a `MeshError` saying what went wrong.
   */
  async call(
    from: string,
    to: string,
    tool: string,
    args: Record<string, unknown> = {},
    options: MeshCallOptions = {},
  ): Promise<MeshReply> {
    return this.withRun(options.run, (run) => this.invoke(from, to, tool, args, { depth: 0, chain: [from], run }, options));
  }

  /**
   * Asks member `to` a prompt with the tool that answers prompts: `tool` (default `ask`) for a
   * local agent; for a remote server the endpoint's configured tool, else the preferred one when
   * it has it, else one named like ask/chat/complete/think, else its only tool.
   */
  async ask(from: string, to: string, prompt: string, options: MeshCallOptions & { tool?: string } = {}): Promise<MeshReply> {
    return this.withRun(options.run, (run) =>
      this.askAt(from, to, prompt, options.tool ?? 'ask', { depth: 0, chain: [from], run }, options),
    );
  }

  /**
   * Calls `tool` on every member except `from`, in parallel. Each result holds that member's
   * reply or its own error; one failure never affects another's result. The calls share one run.
   */
  async broadcast(
    from: string,
    tool: string,
    args: Record<string, unknown> = {},
    options: MeshCallOptions = {},
  ): Promise<BroadcastResult[]> {
    const targets = this.names().filter((name) => name !== from);
    return this.withRun(options.run, (run) =>
      Promise.all(
        targets.map(async (to): Promise<BroadcastResult> => {
          const started = performance.now();
          try {
            const reply = await this.invoke(from, to, tool, args, { depth: 0, chain: [from], run }, options);
            const ms = performance.now() - started;
            return reply.usage
              ? { to, ok: true, output: reply.output, ms, usage: reply.usage }
              : { to, ok: true, output: reply.output, ms };
          } catch (error) {
            return { to, ok: false, error: errorMessage(error), ms: performance.now() - started };
          }
        }),
      ),
    );
  }

  /** The tools member `name` offers (every page). */
  async listTools(name: string, options: { signal?: AbortSignal } = {}): Promise<MeshTool[]> {
    const member = this.member(name);
    const tools: MeshTool[] = [];
    let cursor: string | undefined;
    do {
      const page = await member.connection.client.listTools(cursor === undefined ? {} : { cursor }, {
        timeout: this.timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      for (const tool of page.tools) {
        tools.push({
          name: tool.name,
          ...(tool.description !== undefined ? { description: tool.description } : {}),
          inputSchema: tool.inputSchema,
        });
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return tools;
  }

  /** Closes every transport and server, ends every child process, and disposes local agents. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const members = [...this.members.values()];
    this.members.clear();
    this.runs.clear();
    await Promise.allSettled(members.map((member) => member.connection.close()));
    await Promise.allSettled(members.map((member) => member.agent?.dispose?.() ?? Promise.resolve()));
  }

  private member(name: string): Member {
    const member = this.members.get(name);
    if (member) return member;
    if (this.disposed) throw new MeshError(`the mesh has been disposed; '${name}' is no longer reachable`);
    const known = this.names();
    throw new MeshError(`no mesh member named '${name}'${known.length ? ` (members: ${known.join(', ')})` : ' (the mesh is empty)'}`);
  }

  /** Runs `body` in `given` run, or in a run of its own that ends with it. */
  private async withRun<T>(given: MeshRun | undefined, body: (run: RunState) => Promise<T>): Promise<T> {
    if (given) {
      const run = this.runs.get(given.id);
      if (!run) throw new MeshError(`run '${given.id}' has ended (or belongs to another mesh)`);
      return body(run);
    }
    const run = this.createRun() as RunState;
    try {
      return await body(run);
    } finally {
      this.endRun(run);
    }
  }

  private async askAt(
    from: string,
    to: string,
    prompt: string,
    preferred: string,
    place: CallPlace,
    options: MeshCallOptions,
  ): Promise<MeshReply> {
    const member = this.member(to);
    const { tool, argument } = member.agent ? { tool: preferred, argument: 'prompt' } : await this.promptToolOf(member, preferred);
    return this.invoke(from, to, tool, { [argument]: prompt }, place, options);
  }

  private promptToolOf(member: Member, preferred: string): Promise<{ tool: string; argument: string }> {
    if (!member.promptTool) {
      member.promptTool = this.listTools(member.name).then((tools) => pickTool(member.name, tools, preferred, member.endpoint));
      // A failed lookup is not remembered, so the next call tries again.
      member.promptTool.catch(() => {
        member.promptTool = undefined;
      });
    }
    return member.promptTool;
  }

  /** The one place a request leaves the mesh: logs it, passes signal, timeout and progress. */
  private async invoke(
    from: string,
    to: string,
    tool: string,
    args: Record<string, unknown>,
    place: CallPlace,
    options: MeshCallOptions,
  ): Promise<MeshReply> {
    const member = this.member(to);
    this.seq += 1;
    const record: MeshCallRecord = { seq: this.seq, from, to, tool, depth: place.depth, run: place.run.id, startedAt: Date.now() };
    this.records.push(record);
    if (this.records.length > this.logLimit) this.records.splice(0, this.records.length - this.logLimit);
    const started = performance.now();
    const timeout = options.timeoutMs ?? this.timeoutMs;
    const { onText, signal } = options;
    // Local agents stream text as progress messages; a remote server's progress messages are
    // its own (e.g. "step 3 of 10") and only keep the request alive.
    const forward = member.agent !== undefined && onText !== undefined;
    // The wait bounds silence: a member that keeps streaming (or reporting progress) is kept alive.
    const bound = silenceBound(timeout, {
      signal,
      clock: this.clock,
      onprogress: (progress) => {
        if (forward && typeof progress.message === 'string') onText(progress.message);
      },
    });
    try {
      signal?.throwIfAborted();
      const result = await member.connection.client.callTool(
        {
          name: tool,
          arguments: args,
          _meta: { [META_CALLER]: from, [META_DEPTH]: place.depth, [META_CHAIN]: [...place.chain], [META_RUN]: place.run.id },
        },
        undefined,
        bound.options,
      );
      const output = resultText(result);
      if (result.isError === true) throw new MeshError(`'${to}' failed in ${tool}: ${output || 'no details given'}`);
      const usage = resultUsage(result);
      record.ok = true;
      return usage ? { output, usage } : { output };
    } catch (error) {
      const failure = this.explain(error, member, tool, timeout, signal);
      record.ok = false;
      record.error = failure.message;
      throw failure;
    } finally {
      bound.done();
      record.ms = performance.now() - started;
    }
  }

  /** Turns an SDK failure into a message that says which member, which tool and what to do. */
  private explain(error: unknown, member: Member, tool: string, timeout: number, signal: AbortSignal | undefined): Error {
    if (error instanceof MeshError) return error;
    if (signal?.aborted) {
      return signal.reason instanceof Error
        ? signal.reason
        : new MeshError(`call to '${member.name}' (${tool}) was cancelled`, 'cancelled');
    }
    if (error instanceof McpError && error.code === (ErrorCode.RequestTimeout as number)) {
      return new MeshError(
        `'${member.name}' gave no answer or progress in ${tool} for ${formatDuration(timeout)}; raise the timeout if the model needs longer`,
        'timeout',
      );
    }
    if (error instanceof McpError && error.code === (ErrorCode.ConnectionClosed as number)) {
      const where = member.endpoint ? ` (${describeEndpoint(member.endpoint)})` : '';
      const tail = member.connection.stderrTail();
      return new MeshError(
        `the connection to '${member.name}'${where} closed during ${tool}${tail ? `; it wrote: ${tail}` : ''}`,
        'connection',
      );
    }
    return new MeshError(`'${member.name}' failed in ${tool}: ${errorMessage(error)}`, errorKindOf(error));
  }

  /** The turn a local agent gets while answering a request: who asked, and a way to consult. */
  private turnFor(self: string, meta: unknown, requestSignal: AbortSignal): MeshTurn {
    const caller = metaString(meta, META_CALLER, 'unknown');
    const depth = metaDepth(meta, META_DEPTH, 0);
    const chain = [...metaStrings(meta, META_CHAIN), self];
    const runId = metaString(meta, META_RUN, '');
    return {
      caller,
      depth,
      peers: this.names().filter((name) => name !== self),
      consult: async (to, prompt, options = {}) => {
        if (to === self) throw new MeshError(`'${self}' cannot consult itself`);
        const run = this.runs.get(runId);
        if (!run) throw new MeshLimitError('budget', `'${self}' cannot ask '${to}': its run has ended`);
        if (depth + 1 > this.limits.maxDepth) {
          throw new MeshLimitError(
            'depth',
            `mesh depth limit reached: '${self}' cannot ask '${to}' because ${chain.join(' -> ')} is already ${depth} consultation(s) deep (maxDepth ${this.limits.maxDepth})`,
          );
        }
        if (run.consults >= run.maxConsults) {
          throw new MeshLimitError(
            'budget',
            `mesh call budget used up: '${self}' cannot ask '${to}' because this run has made all ${run.maxConsults} consultation(s) it may (maxConsults ${run.maxConsults})`,
          );
        }
        run.consults += 1;
        const reply = await this.askAt(
          self,
          to,
          prompt,
          options.tool ?? 'ask',
          { depth: depth + 1, chain, run },
          { signal: options.signal ?? requestSignal },
        );
        return reply.output;
      },
    };
  }
}
