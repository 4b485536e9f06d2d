/**
 * `consensus mcp`: the MCP server over stdio (the host starts it and speaks JSON-RPC on its
 * stdin/stdout) or, with `--http PORT`, over streamable HTTP on 127.0.0.1 behind a bearer token.
 * Serves until stdin closes (stdio) or the process is interrupted.
 */
import type { AgentConfig } from '../agents/config';
import { environmentKeyHint, keyHint } from '../agents/errors';
import { createAgent, envApiKeyLookup } from '../agents/factory';
import type { AppDeps } from '../app/types';
import { clientConfiguration, noAuthWarning, serverToken, TOKEN_ENV } from '../mcpServer/auth';
import { SETUP_NOTES_ENV } from '../mcpServer/handover';
import { serveHttp } from '../mcpServer/http';
import { DEFAULT_SESSION_LIMITS } from '../mcpServer/sessions';
import { CheckedStdioTransport } from '../mcpServer/stdio';
import { createConsensusServer, SERVER_VERSION, type ActiveRun } from '../mcpServer/tools';
import { loadAgentsFile, parseAgentsFile, unexpandedVariable } from './agentsFile';
import type { CliCommand } from './args';
import type { CliIo } from './io';
import { checkKeys, CliError, enabledAgents } from './setup';

type McpCommand = Extract<CliCommand, { kind: 'mcp' }>;

/** Loads and checks the agents, then serves until the host goes away or `io.signal` aborts. */
export async function runMcpCommand(command: McpCommand, io: CliIo): Promise<void> {
  const source = 'file' in command.agents ? command.agents.file : `$${command.agents.env}`;
  const configs = await loadAgents(command.agents, io.env);
  const editorOnly = configs.filter((config) => config.enabled && config.provider === 'vscode-lm').map((config) => config.id);
  if (editorOnly.length > 0 && !command.fromVscode) {
    // Found now rather than at the first tool call, where the host would show it far from its cause.
    throw new CliError(
      `${editorOnly.join(', ')} use VS Code's language models (provider 'vscode-lm'), which only answer inside VS Code; leave them out of ${source} or set "enabled": false`,
      `leave them out of ${source} or set "enabled": false`,
    );
  }
  if (!command.fromVscode) {
    await serveMcp(command, enabledAgents(configs, source, io.env), io);
    return;
  }
  // Started by VS Code: a fresh install has no agents yet, and the host must still find a
  // server whose tools say what to set up, rather than one that failed to start.
  const usable = configs.filter((config) => config.enabled && config.provider !== 'vscode-lm');
  checkKeys(usable, io.env);
  await serveMcp(command, usable, io, usable.length < 2 ? vscodeSetupProblem(usable, setupNotes(io.env)) : undefined);
}

/** The agents of `consensus mcp`: from a file, or the JSON an editor put in an environment variable. */
async function loadAgents(source: { file: string } | { env: string }, env: CliIo['env']): Promise<AgentConfig[]> {
  if ('file' in source) return loadAgentsFile(source.file);
  const text = env[source.env];
  if (text === undefined || text.trim() === '') {
    throw new CliError(
      `the environment variable ${source.env} (named by --agents-env) is not set or empty; put the agents JSON in it, or use --agents FILE`,
      `put the agents JSON in ${source.env}, or use --agents FILE`,
    );
  }
  const meant = unexpandedVariable(text);
  if (meant !== undefined) {
    throw new CliError(
      `the environment variable ${source.env} (named by --agents-env) holds the text "${text.trim()}", not the agents JSON: the MCP host did not expand it because ${meant} is not set where the host runs; set ${meant} there, or put the JSON itself in ${source.env}`,
      `set ${meant} there, or put the JSON itself in ${source.env}`,
    );
  }
  return parseAgentsFile(text, `$${source.env}`);
}

function setupNotes(env: CliIo['env']): string[] {
  try {
    const notes: unknown = JSON.parse(env[SETUP_NOTES_ENV] ?? '[]');
    return Array.isArray(notes) ? notes.filter((note): note is string => typeof note === 'string') : [];
  } catch {
    return [];
  }
}

/** What the tools of VS Code's server answer while fewer than two agents can run. */
export function vscodeSetupProblem(usable: readonly AgentConfig[], notes: readonly string[]): string {
  const has = usable.length === 0 ? 'it has none' : `it has only ${usable.map((agent) => agent.name ?? agent.id).join(', ')}`;
  return [
    `Consensus is not set up for agent mode yet: it needs at least two agents that can run outside VS Code's chat, and ${has}.`,
    ...notes,
    'To set it up in VS Code: run "Consensus: Add Agent..." to add agents (OpenAI-compatible or Anthropic models, MCP servers, commands) and "Consensus: Set API Key..." for their keys. Agents that use VS Code\'s own language models (provider vscode-lm) work in the Consensus panel and chat, not here.',
    'Then restart the Consensus server ("MCP: List Servers", Consensus, Restart Server) and call the tool again.',
  ].join('\n');
}

/** Serves until the host goes away or `io.signal` aborts; resolves once everything is closed. */
export async function serveMcp(command: McpCommand, agents: readonly AgentConfig[], io: CliIo, setupProblem?: string): Promise<void> {
  const getApiKey = envApiKeyLookup(io.env);
  // Messages tell the person where keys are set: in VS Code its command, elsewhere the environment.
  const hint = command.fromVscode ? keyHint : environmentKeyHint;
  // stdout carries the protocol over stdio, so everything for people goes to stderr.
  const deps: AppDeps = {
    createAgent: (config) => createAgent(config, { getApiKey, keyHint: hint }),
    log: {
      info: () => undefined,
      warn: (message) => io.stderr(`consensus: ${message}\n`),
      error: (message) => io.stderr(`consensus: ${message}\n`),
    },
  };
  const active = new Set<ActiveRun>();
  const create = () =>
    createConsensusServer({
      agents,
      settings: command.engine,
      deps,
      version: SERVER_VERSION,
      active,
      ...(setupProblem !== undefined ? { setupProblem } : {}),
    });
  // On the way out, runs still going are cancelled and their agents' processes and connections
  // closed before the process ends (a stuck clean-up gets a few seconds, not forever).
  const endRuns = async (): Promise<void> => {
    const runs = [...active];
    for (const run of runs) run.cancel(new Error('the MCP host disconnected'));
    await Promise.race([Promise.allSettled(runs.map((run) => run.result)), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  };
  const names = agents.length > 0 ? agents.map((agent) => agent.name ?? agent.id).join(', ') : 'no agents yet';
  if (setupProblem !== undefined) io.stderr(`consensus: ${setupProblem.split('\n')[0]}\n`);

  if (command.http !== undefined) {
    const token = command.noAuth ? undefined : serverToken(io.env);
    const meant = token?.kind === 'env' ? unexpandedVariable(token.token) : undefined;
    if (meant !== undefined)
      throw new CliError(
        `${TOKEN_ENV} holds the text "${token?.token}", not a token: the MCP host did not expand it because ${meant} is not set where it runs; set ${meant} there, or leave ${TOKEN_ENV} unset to have a token made and printed`,
        `set ${meant} there, or leave ${TOKEN_ENV} unset to have a token made and printed`,
      );
    const server = await serveHttp(create, {
      port: command.http,
      token: token?.token,
      allowedOrigins: command.allowOrigins ?? [],
      limits: {
        maxSessions: command.maxSessions ?? DEFAULT_SESSION_LIMITS.maxSessions,
        idleMs: command.sessionIdleSeconds !== undefined ? command.sessionIdleSeconds * 1000 : DEFAULT_SESSION_LIMITS.idleMs,
      },
      onError: (message) => io.stderr(`consensus: ${message}\n`),
    });
    // One write, so a reader never sees the URL without the token or the warning that goes with it.
    io.stderr(
      `consensus: MCP server for ${names} on ${server.url}\n${token ? clientConfiguration(server.url, token) : noAuthWarning(server.url)}\n`,
    );
    await abortedOf(io.signal);
    await endRuns();
    await server.close();
    return;
  }

  const server = create();
  const stdin = io.streams?.stdin ?? process.stdin;
  const transport = new CheckedStdioTransport(stdin, io.streams?.stdout ?? process.stdout, (message) =>
    io.stderr(`consensus: ${message}\n`),
  );
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    // The host closing our stdin is how it says goodbye over stdio.
    stdin.once('end', () => resolve());
  });
  io.stderr(`consensus: MCP server for ${names} on stdio\n`);
  await server.connect(transport);
  await Promise.race([closed, abortedOf(io.signal)]);
  await endRuns();
  await server.close();
}

function abortedOf(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
