/**
 * MCP clients of the built `consensus mcp` for the tests and the benchmark: the SDK's client over
 * stdio (the command line as a child process) or over HTTP (the command line serving on loopback).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema, type LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import { eventually } from '../../fixtures/processes';
import { CLI_PATH, startCli, type RunningCli } from '../cli/spawnCli';

/** A connected client, the log lines it received, and a way to close both ends. */
export interface ConnectedClient {
  client: Client;
  logs: LoggingMessageNotification['params'][];
  /** What the server printed on stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

function collectLogs(client: Client): LoggingMessageNotification['params'][] {
  const logs: LoggingMessageNotification['params'][] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
    logs.push(notification.params);
  });
  return logs;
}

/** Starts `consensus mcp ARGS` as the client's child process and connects over stdio. */
export async function connectStdio(args: readonly string[], env: Record<string, string> = {}): Promise<ConnectedClient> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI_PATH, 'mcp', ...args],
    // Only what the server needs: no key of the developer's shell reaches it.
    env: { PATH: process.env.PATH ?? '', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: 'consensus-test', version: '1.0.0' });
  const logs = collectLogs(client);
  await client.connect(transport);
  return { client, logs, stderr: () => stderr, close: () => client.close() };
}

/** A `consensus mcp --http 0` process, the URL it printed and the token it requires. */
export interface HttpServerProcess {
  cli: RunningCli;
  url: string;
  /** The token printed at start (or the CONSENSUS_MCP_TOKEN given); undefined with --no-auth. */
  token: string | undefined;
  stop(): Promise<void>;
}

/** The token a server printed on stderr at start. */
export function printedToken(stderr: string): string | undefined {
  return /token \(shown once[^\n]*\n\s+(\S+)/.exec(stderr)?.[1];
}

/** Starts `consensus mcp ARGS --http 0` and waits for the URL it serves (and the token it prints). */
export async function startHttpServer(args: readonly string[], env: Record<string, string> = {}): Promise<HttpServerProcess> {
  const cli = startCli(['mcp', ...args, '--http', '0'], { env });
  const pattern = /on (http:\/\/127\.0\.0\.1:\d+\/mcp)/;
  // The start-up text ends with Cursor's configuration, or with the warning of --no-auth.
  const startedUp = /(Cursor \(~\/\.cursor\/mcp\.json\):\n\s+\{.*\}|to require a bearer token\.)\n/;
  const ready = (): boolean => pattern.test(cli.output().stderr) && startedUp.test(cli.output().stderr);
  await eventually(() => ready() || cli.child.exitCode !== null, 10_000, 'the server printing its URL');
  const url = pattern.exec(cli.output().stderr)?.[1];
  if (!url) throw new Error(`consensus mcp --http did not start:\n${cli.output().stderr}`);
  return {
    cli,
    url,
    token: env.CONSENSUS_MCP_TOKEN ?? printedToken(cli.output().stderr),
    stop: async () => {
      cli.child.kill('SIGTERM');
      await cli.done;
    },
  };
}

/** Connects the SDK's client to `url` over streamable HTTP, sending `token` as its bearer token. */
export async function connectHttp(url: string, token: string | undefined): Promise<ConnectedClient> {
  const client = new Client({ name: 'consensus-test', version: '1.0.0' });
  const logs = collectLogs(client);
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return { client, logs, stderr: () => '', close: () => client.close() };
}
