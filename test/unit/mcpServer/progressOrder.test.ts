/**
 * Every progress notification reaches the client before the result, even a client that reads
 * late: when several messages wait in its pipe, the SDK's client handles the result at once and
 * the notifications on a later microtask, so a result read together with the last progress
 * makes it drop that progress. The client here always reads late, as a busy one does.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, Progress } from '@modelcontextprotocol/sdk/types.js';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { CLI_PATH, cliBuilt } from '../cli/spawnCli';

/**
 * A client transport that reads late: what the server sends is held until a message with an id
 * (a response, or a request of the server's) arrives, then handed over all at once, in order.
 */
class LateReader implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private held: JSONRPCMessage[] = [];

  constructor(private readonly inner: Transport) {}

  async start(): Promise<void> {
    this.inner.onmessage = (message) => {
      this.held.push(message);
      if (!('id' in message)) return;
      const batch = this.held;
      this.held = [];
      for (const held of batch) this.onmessage?.(held);
    };
    this.inner.onclose = () => this.onclose?.();
    this.inner.onerror = (error) => this.onerror?.(error);
    await this.inner.start();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.inner.send(message);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

describe('mcp server: progress arrives before the result', function () {
  this.timeout(30_000);
  let models: ScriptedServer;
  let dir: string;
  let client: Client | undefined;

  before(function () {
    if (!cliBuilt()) throw new Error(`${CLI_PATH} does not exist: run 'node esbuild.mjs' first`);
  });
  beforeEach(async () => {
    models = await startScriptedServer();
    dir = mkdtempSync(join(tmpdir(), 'consensus-mcp-progress-'));
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await models.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reaches a client that reads late with every round's progress, the last poll included", async () => {
    // Three different proposals, then all three agree: the run is final at round 1's poll, the last progress.
    models.setScript({
      rules: ['a', 'b', 'c'].map((id, index) => ({
        model: `model-${id}`,
        responses: [{ text: `Answer: ${index + 1}` }, { text: 'Answer: 4' }],
      })),
    });
    const agentsFile = join(dir, 'agents.json');
    writeFileSync(
      agentsFile,
      JSON.stringify(
        ['a', 'b', 'c'].map((id) => ({
          id,
          name: `Model ${id.toUpperCase()}`,
          provider: 'openai',
          baseUrl: models.openaiBaseUrl,
          model: `model-${id}`,
        })),
      ),
    );
    const inner = new StdioClientTransport({
      command: process.execPath,
      args: [CLI_PATH, 'mcp', '--agents', agentsFile, '--rounds', '2', '--seed', '3'],
      env: { PATH: process.env.PATH ?? '' },
      stderr: 'pipe',
    });
    client = new Client({ name: 'late-reader', version: '1.0.0' });
    await client.connect(new LateReader(inner));
    const progress: Progress[] = [];
    const result = await client.callTool({ name: 'consensus_ask', arguments: { question: 'Pick a number' } }, undefined, {
      onprogress: (update) => progress.push(update),
    });
    const messages = progress.map((update) => update.message ?? '');
    assert.ok(
      messages.some((message) => /^round 0: asking /.test(message)),
      `the first progress is missing: ${JSON.stringify(messages)}`,
    );
    assert.ok(
      messages.some((message) => /^round 1: leading answer .* backed by Model ., Model ., Model ./.test(message)),
      `the last progress is missing: ${JSON.stringify(messages)}`,
    );
    assert.deepEqual(
      progress.map((update) => update.progress),
      progress.map((_, index) => index + 1),
    );
    assert.equal((result.structuredContent as { answer?: string }).answer, 'Answer: 4');
  });
});
