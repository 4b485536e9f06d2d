/**
 * Connecting an MCP client to a member of the mesh: a local agent over the SDK's in-memory
 * transport, or a remote server over stdio or streamable HTTP (through the agents layer's
 * `connectMcpClient`, so both layers start servers and word their failures the same way).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpTransportConfig } from '../agents/config';
import { CallSecrets } from '../agents/errors';
import { connectMcpClient } from '../agents/mcp';

/** A connected client and how to close everything behind it (transport, server, child process). */
export interface Connection {
  client: Client;
  /** The last lines a stdio server wrote to stderr, to explain a crash (empty otherwise). */
  stderrTail(): string;
  close(): Promise<void>;
}

const CLIENT_INFO = { name: 'consensus-mesh', version: '0.1.0' };

/** Connects a client to a local server over a linked in-memory pair. */
export async function connectInMemory(server: McpServer): Promise<Connection> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client(CLIENT_INFO);
  await client.connect(clientTransport);
  return {
    client,
    stderrTail: () => '',
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/** Says where an endpoint is, for messages: the command line or the URL. */
export function describeEndpoint(endpoint: McpTransportConfig): string {
  return endpoint.transport === 'stdio' ? [endpoint.command, ...(endpoint.args ?? [])].join(' ') : endpoint.url;
}

/**
 * Starts (stdio) or reaches (HTTP) a remote MCP server and completes the initialize handshake.
 * Rejects with the agents layer's `AgentError`, naming the command or URL and what to check.
 */
export async function connectRemote(name: string, endpoint: McpTransportConfig, signal?: AbortSignal): Promise<Connection> {
  // Credentials in its headers or environment never appear in what its failures quote.
  const secrets = new CallSecrets();
  secrets.addValues(endpoint.transport === 'stdio' ? endpoint.env : endpoint.headers);
  return connectMcpClient(endpoint, { agentName: name, secrets: secrets.list, ...(signal ? { signal } : {}) });
}
