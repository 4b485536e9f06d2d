/**
 * `consensus mcp`: the MCP server over stdio (the host starts it and speaks JSON-RPC on its
 * stdin/stdout) or, with `--http PORT`, over streamable HTTP on 127.0.0.1. Serves until stdin
 * closes (stdio) or the process is interrupted.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { AgentConfig } from '../agents/config';
import { createAgent, envApiKeyLookup } from '../agents/factory';
import type { AppDeps } from '../app/types';
import { serveHttp } from '../mcpServer/http';
import { createConsensusServer, SERVER_VERSION, type ActiveRun } from '../mcpServer/tools';
import type { CliCommand } from './args';
import type { CliIo } from './io';

/** Serves until the host goes away or `io.signal` aborts; resolves once everything is closed. */
export async function serveMcp(command: Extract<CliCommand, { kind: 'mcp' }>, agents: readonly AgentConfig[], io: CliIo): Promise<void> {
  const getApiKey = envApiKeyLookup(io.env);
  // stdout carries the protocol over stdio, so everything for people goes to stderr.
  const deps: AppDeps = {
    createAgent: (config) => createAgent(config, { getApiKey }),
    log: {
      info: () => undefined,
      warn: (message) => io.stderr(`consensus: ${message}\n`),
      error: (message) => io.stderr(`consensus: ${message}\n`),
    },
  };
  const active = new Set<ActiveRun>();
  const create = () => createConsensusServer({ agents, settings: command.engine, deps, version: SERVER_VERSION, active });
  // On the way out, runs still going are cancelled and their agents' processes and connections
  // closed before the process ends (a stuck clean-up gets a few seconds, not forever).
  const endRuns = async (): Promise<void> => {
    const runs = [...active];
    for (const run of runs) run.cancel(new Error('the MCP host disconnected'));
    await Promise.race([Promise.allSettled(runs.map((run) => run.result)), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  };
  const names = agents.map((agent) => agent.name ?? agent.id).join(', ');

  if (command.http !== undefined) {
    const server = await serveHttp(create, command.http, (message) => io.stderr(`consensus: ${message}\n`));
    io.stderr(`consensus: MCP server for ${names} on ${server.url}\n`);
    await abortedOf(io.signal);
    await endRuns();
    await server.close();
    return;
  }

  const server = create();
  const transport = io.streams ? new StdioServerTransport(io.streams.stdin, io.streams.stdout) : new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    // The host closing our stdin is how it says goodbye over stdio.
    (io.streams?.stdin ?? process.stdin).once('end', () => resolve());
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
