/**
 * An existing MCP server as an agent: the SDK's client over stdio or streamable HTTP, one tool
 * answering prompts. Every request passes the call's signal, a timeout long enough for models
 * that think for minutes, and resets that timeout whenever the server reports progress.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { fillApiKey, usesApiKeyPlaceholder } from './apiKeyPlaceholder';
import type { McpAgentConfig, McpTransportConfig } from './config';
import { childEnvironment } from './childEnvironment';
import type { Clock } from '../core/clock';
import { runWithDeadline } from './deadline';
import { silenceBound } from './mcpSilence';
import { AgentError, CallSecrets, errorCode, isAgentError, quote, serverMessage, type KeyHint } from './errors';
import { pick } from './json';
import { GroupStdioClientTransport } from './stdioTransport';
import { promptWithSystem, systemMessageFor } from './prompt';
import type { Agent, AgentReply, AgentRequest } from './types';

/**
 * Per-request timeout when the agent has no `timeoutSeconds`: ten minutes between signs of life
 * (the SDK's 60 s default is far too short for a thinking model; progress resets it).
 */
export const DEFAULT_MCP_TIMEOUT_MS = 10 * 60_000;
/** Connecting (spawn + initialize) should be quick; a server that hangs here is broken. */
const CONNECT_TIMEOUT_MS = 30_000;
const STDERR_TAIL = 2_000;
const CLIENT_INFO = { name: 'consensus', version: '0.1.0' };

/** An open MCP client and what is needed to explain and end it. */
export interface McpConnection {
  readonly client: Client;
  /** The child's pid for stdio servers (undefined over HTTP). */
  readonly pid: number | undefined;
  /** The last part of a stdio server's stderr, for error messages. */
  stderrTail(): string;
  /** Closes the session; for stdio this ends the child's whole process group (SIGTERM, then SIGKILL). */
  close(): Promise<void>;
}

/** A short description of where a server is, for messages. */
export function describeEndpoint(endpoint: McpTransportConfig): string {
  return endpoint.transport === 'stdio' ? `'${[endpoint.command, ...(endpoint.args ?? [])].join(' ')}'` : endpoint.url;
}

/**
 * Opens a client to an MCP server over stdio or streamable HTTP and completes the handshake.
 * Failures are `AgentError`s naming `agentName` and the endpoint, with `secrets` scrubbed from
 * anything they quote.
 */
export async function connectMcpClient(
  endpoint: McpTransportConfig,
  options: { agentName: string; signal?: AbortSignal; secrets?: readonly string[] },
): Promise<McpConnection> {
  let stderr = '';
  let transport: Transport;
  let pidOf: () => number | undefined = () => undefined;
  if (endpoint.transport === 'stdio') {
    // Our own transport: the SDK's ends only the child, leaving a wrapper's server running.
    const stdio = new GroupStdioClientTransport({
      command: endpoint.command,
      args: endpoint.args ?? [],
      // A minimal environment plus the agent's own; never our whole environment.
      env: childEnvironment(endpoint.env),
      ...(endpoint.cwd !== undefined ? { cwd: endpoint.cwd } : {}),
    });
    stdio.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    pidOf = () => stdio.pid;
    transport = stdio;
  } else {
    transport = new StreamableHTTPClientTransport(new URL(endpoint.url), {
      requestInit: { headers: endpoint.headers ?? {} },
      fetch: checkingHandshake(options.agentName, endpoint.url, options.secrets ?? []),
    });
  }
  const client = new Client(CLIENT_INFO);
  const connection: McpConnection = {
    client,
    get pid() {
      return pidOf();
    },
    stderrTail: () => stderr.trim(),
    close: () => client.close(),
  };
  try {
    await client.connect(transport, {
      timeout: CONNECT_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    await client.close().catch(() => undefined);
    if (options.signal?.aborted)
      throw new AgentError('cancelled', `Agent '${options.agentName}' was cancelled while connecting.`, { cause: error });
    throw mcpError(options.agentName, endpoint, error, stderr.trim(), 'connect', undefined, options.secrets);
  }
  return connection;
}

/** True for a JSON-RPC message or a batch of them: what an MCP endpoint answers in JSON. */
function isJsonRpc(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every(isJsonRpc);
  return pick(value, 'jsonrpc') === '2.0';
}

/** What a page said, briefly: an HTML page's title (or its text), else the body; redacted. */
function quoteOf(body: string, contentType: string, secrets: readonly string[]): string {
  let text = body;
  if (/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(body)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
    text = title?.trim() ? title : body.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<[^>]*>/gi, ' ');
  }
  return quote(serverMessage(text, secrets), secrets, 160);
}

/**
 * A fetch for the HTTP transport that checks the answer to `initialize`: a URL that is not an MCP
 * endpoint (a web page, an API answering 404 or plain JSON, a server that accepts and never
 * answers) fails at once, quoting what it answered, instead of after the connect timeout.
 */
function checkingHandshake(agentName: string, url: string, secrets: readonly string[]): FetchLike {
  return async (input, init) => {
    const response = await fetch(input, init);
    const initializing = init?.method === 'POST' && typeof init.body === 'string' && pick(safeJson(init.body), 'method') === 'initialize';
    if (!initializing || response.status === 401 || response.status === 403) return response;
    const type = response.headers.get('content-type') ?? '';
    if (response.ok && type.includes('text/event-stream')) return response;
    const body = await response
      .clone()
      .text()
      .catch(() => '');
    if (type.includes('application/json') && isJsonRpc(safeJson(body))) return response;
    const quote = quoteOf(body, type, secrets);
    const answered = `HTTP ${response.status}${type ? ` (${type.split(';')[0]})` : ''}${quote ? `: "${quote}"` : ' with no answer'}`;
    // A page where the endpoint should be is "not found"; a refusal, a refusal; a crash, the server's.
    const kind = response.status === 404 || response.ok ? 'not-found' : response.status >= 500 ? 'server' : 'connection';
    throw new AgentError(
      kind,
      `Agent '${agentName}': ${url} is not an MCP endpoint — it answered ${answered}. Check the URL (an MCP endpoint often ends in /mcp) and that the server speaks MCP over streamable HTTP.`,
      { status: response.status },
    );
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Maps what the SDK throws to an `AgentError` a person can act on; `secrets` never appear in it. */
export function mcpError(
  agentName: string,
  endpoint: McpTransportConfig,
  error: unknown,
  stderrTail: string,
  stage: 'connect' | 'call',
  timeoutMs?: number,
  secrets: readonly string[] = [],
): AgentError {
  if (isAgentError(error)) return error;
  const where = describeEndpoint(endpoint);
  const said = stderrTail ? ` Its last output: "${quote(stderrTail, secrets)}"` : '';
  const code = errorCode(error);
  if (error instanceof McpError && error.code === (ErrorCode.RequestTimeout as number)) {
    const seconds = (timeoutMs ?? CONNECT_TIMEOUT_MS) / 1000;
    return new AgentError('timeout', `The MCP server of agent '${agentName}' (${where}) sent no answer or progress for ${seconds} s.`, {
      cause: error,
    });
  }
  if (error instanceof McpError && error.code === (ErrorCode.ConnectionClosed as number)) {
    return new AgentError(
      'connection',
      `The MCP server of agent '${agentName}' (${where}) closed the connection${stage === 'connect' ? ' while starting' : ''} — did it exit?${said}`,
      { cause: error },
    );
  }
  if (code === 'ENOENT' && endpoint.transport === 'stdio') {
    return new AgentError(
      'config',
      `Agent '${agentName}': the command '${endpoint.command}' was not found — is it installed and on PATH?`,
      { cause: error },
    );
  }
  if (error instanceof StreamableHTTPError) {
    if (error.code === 401 || error.code === 403) {
      return new AgentError(
        'auth',
        `The MCP server of agent '${agentName}' at ${where} refused access (HTTP ${error.code}) — check the agent's headers.`,
        { cause: error, status: error.code },
      );
    }
    if (error.code === 404) {
      return new AgentError(
        'not-found',
        `Agent '${agentName}': no MCP endpoint at ${where} (HTTP 404) — check the URL (often it ends in /mcp).`,
        { cause: error, status: 404 },
      );
    }
  }
  if (code === 'ECONNREFUSED') {
    return new AgentError('connection', `Agent '${agentName}': nothing is listening at ${where} — is the server running?`, {
      cause: error,
    });
  }
  const detail = quote(error instanceof Error ? error.message : String(error), secrets);
  const kind = stage === 'connect' ? 'connection' : 'server';
  return new AgentError(
    kind,
    `The MCP server of agent '${agentName}' (${where}) failed${stage === 'connect' ? ' to start' : ''}: ${detail}.${said}`,
    { cause: error },
  );
}

/**
 * Tool names taken without a `tool` setting, best first: only exact names (any case), since a
 * name that merely contains one ("run_query_task") is usually a tool for something else.
 */
export const PROMPT_TOOL_NAMES = ['ask', 'chat', 'query', 'prompt', 'complete', 'completion', 'generate'] as const;
/** Argument names that, by convention, carry the prompt, best first. */
const PROMPT_ARGUMENT_NAMES = ['prompt', 'question', 'message', 'query', 'input', 'text', 'content'];
/** Argument names that carry a system message, if the tool has one. */
const SYSTEM_ARGUMENT_NAMES = ['system', 'systemPrompt', 'system_prompt'];

/** The shape of a tool as `listTools` reports it, reduced to what choosing needs. */
export interface ToolDescription {
  name: string;
  inputSchema?: { properties?: Record<string, object> | undefined; required?: string[] | undefined };
}

/** The names of the string arguments `tool` requires. */
function requiredStrings(tool: ToolDescription): string[] {
  const properties = tool.inputSchema?.properties ?? {};
  return (tool.inputSchema?.required ?? []).filter((name) => pick(properties[name], 'type') === 'string');
}

/**
 * Chooses the tool that answers prompts: the configured one; else one with a well-known name
 * (`PROMPT_TOOL_NAMES`, exactly); else the server's only tool when it takes exactly one required
 * argument, a string. Otherwise returns an error message listing the tools and naming the `tool`
 * setting, so the agent fails when it connects rather than calling a tool made for something else.
 */
export function pickPromptTool(tools: readonly ToolDescription[], configured?: string): ToolDescription | string {
  const names = tools.map((t) => t.name).join(', ') || 'none';
  if (configured !== undefined) {
    return (
      tools.find((t) => t.name === configured) ??
      `has no tool '${configured}' (its tools: ${names}) — set the agent's "tool" to one of them`
    );
  }
  for (const wanted of PROMPT_TOOL_NAMES) {
    const exact = tools.find((t) => t.name.toLowerCase() === wanted);
    if (exact) return exact;
  }
  const only = tools.length === 1 ? tools[0] : undefined;
  if (only && (only.inputSchema?.required ?? []).length === 1 && requiredStrings(only).length === 1) return only;
  return `has no tool named ${PROMPT_TOOL_NAMES.join(', ')}, nor a single tool taking one text argument (its tools: ${names}) — set the agent's "tool" to the one that answers prompts`;
}

/** The argument that receives the prompt: configured, conventional, or the only (required) string. */
function pickPromptArgument(tool: ToolDescription, configured?: string): string | undefined {
  if (configured !== undefined) return configured;
  const properties = tool.inputSchema?.properties ?? {};
  const names = Object.keys(properties);
  for (const wanted of PROMPT_ARGUMENT_NAMES) {
    const found = names.find((n) => n.toLowerCase() === wanted);
    if (found) return found;
  }
  const strings = names.filter((n) => pick(properties[n], 'type') === 'string');
  const required = strings.filter((n) => tool.inputSchema?.required?.includes(n));
  if (required.length === 1) return required[0];
  return strings.length === 1 ? strings[0] : undefined;
}

/** The text of a tool result: its text parts, joined. */
function textOf(result: unknown): string {
  const content = pick(result, 'content');
  if (!Array.isArray(content)) return '';
  return content
    .filter((part: unknown) => pick(part, 'type') === 'text' && typeof pick(part, 'text') === 'string')
    .map((part: unknown) => pick(part, 'text') as string)
    .join('');
}

/** The endpoint of `config` with `${apiKey}` in its headers (http) or environment (stdio) filled in. */
function endpointWithKey(config: McpAgentConfig, key: string | undefined, hint: KeyHint | undefined): McpTransportConfig {
  if (config.transport === 'stdio') {
    const env = fillApiKey(config, config.env, key, hint);
    return env ? { ...config, env } : config;
  }
  const headers = fillApiKey(config, config.headers, key, hint);
  return headers ? { ...config, headers } : config;
}

/** What an MCP agent needs besides its configuration. */
export interface McpAgentOptions {
  /** The key for `${apiKey}` in the agent's headers or environment, looked up at each connection. */
  getApiKey?: () => Promise<string | undefined>;
  /** How messages say where the key is set (default: the editor's words). */
  keyHint?: KeyHint;
  /** Runs the agent's `timeoutSeconds` (a bound on silence); default the machine's (tests pass one they move). */
  clock?: Clock;
}

/** Creates an agent backed by an MCP server; it connects on first use and stays connected until disposed. */
export function createMcpAgent(config: McpAgentConfig, options: McpAgentOptions = {}): Agent {
  const system = systemMessageFor(config);
  const timeoutMs = config.timeoutSeconds !== undefined ? config.timeoutSeconds * 1000 : DEFAULT_MCP_TIMEOUT_MS;
  const needsKey = usesApiKeyPlaceholder(config);
  let connecting: Promise<McpConnection> | undefined;
  let chosen: { tool: string; promptArgument: string; systemArgument: string | undefined } | undefined;
  let disposed = false;
  /** The keys and credential headers connections were made with, scrubbed from every message. */
  const callSecrets = new CallSecrets();

  async function openConnection(signal: AbortSignal): Promise<McpConnection> {
    // Looked up per connection, so a key set after a failed call is used on the next one.
    const key = needsKey ? await options.getApiKey?.() : undefined;
    const endpoint = endpointWithKey(config, key, options.keyHint);
    callSecrets.add(key);
    callSecrets.addValues(endpoint.transport === 'stdio' ? endpoint.env : endpoint.headers);
    return connectMcpClient(endpoint, { agentName: config.name, signal, secrets: callSecrets.list });
  }

  async function connection(signal: AbortSignal): Promise<McpConnection> {
    if (disposed) throw new AgentError('cancelled', `Agent '${config.name}' was disposed.`);
    if (!connecting) {
      const attempt = openConnection(signal);
      connecting = attempt;
      // A server that exits or drops the session is reconnected on the next call.
      attempt
        .then((open) => {
          open.client.onclose = () => {
            if (connecting === attempt) connecting = undefined;
          };
        })
        .catch(() => undefined);
    }
    try {
      return await connecting;
    } catch (error) {
      connecting = undefined; // let the next call try again (the server may have been started since)
      throw error;
    }
  }

  async function chooseTool(open: McpConnection, signal: AbortSignal): Promise<NonNullable<typeof chosen>> {
    if (chosen) return chosen;
    const { tools } = await open.client.listTools(undefined, { signal, timeout: CONNECT_TIMEOUT_MS });
    const tool = pickPromptTool(tools, config.tool);
    if (typeof tool === 'string') {
      throw new AgentError('config', `The MCP server of agent '${config.name}' (${describeEndpoint(config)}) ${tool}.`);
    }
    const promptArgument = pickPromptArgument(tool, config.promptArgument);
    if (promptArgument === undefined) {
      throw new AgentError(
        'config',
        `Agent '${config.name}': cannot tell which argument of tool '${tool.name}' takes the prompt — set the agent's 'promptArgument'.`,
      );
    }
    const properties = Object.keys(tool.inputSchema?.properties ?? {});
    const systemArgument = properties.find((n) => SYSTEM_ARGUMENT_NAMES.includes(n));
    chosen = { tool: tool.name, promptArgument, systemArgument };
    return chosen;
  }

  async function call(request: AgentRequest, signal: AbortSignal): Promise<AgentReply> {
    const open = await connection(signal);
    try {
      const { tool, promptArgument, systemArgument } = await chooseTool(open, signal);
      const args: Record<string, string> = {};
      if (system !== undefined && systemArgument !== undefined) {
        args[systemArgument] = system;
        args[promptArgument] = request.prompt;
      } else {
        args[promptArgument] = promptWithSystem(system, request.prompt);
      }
      const bound = silenceBound(timeoutMs, { signal, clock: options.clock });
      let result: Awaited<ReturnType<typeof open.client.callTool>>;
      try {
        result = await open.client.callTool({ name: tool, arguments: args }, undefined, bound.options);
      } finally {
        bound.done();
      }
      const text = textOf(result);
      if (pick(result, 'isError') === true) {
        throw new AgentError(
          'server',
          `The MCP tool '${tool}' of agent '${config.name}' failed: ${quote(text, callSecrets.list) || 'no details'}.`,
        );
      }
      if (text) request.onText?.(text);
      return { output: text };
    } catch (error) {
      if (signal.aborted) throw error;
      throw mcpError(config.name, config, error, open.stderrTail(), 'call', timeoutMs, callSecrets.list);
    }
  }

  return {
    id: config.id,
    name: config.name,
    // For MCP, timeoutSeconds bounds silence (no answer and no progress, `silenceBound`), so a
    // server that reports progress may think for as long as it keeps reporting.
    ask: (request) => runWithDeadline(config.name, undefined, request.signal, (signal) => call(request, signal), callSecrets),
    async dispose() {
      disposed = true;
      const pending = connecting;
      connecting = undefined;
      if (pending) await (await pending.catch(() => undefined))?.close();
    },
  };
}
