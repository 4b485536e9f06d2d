/**
 * MCP server benchmark (`npm run bench:mcp`): prints figures, asserts nothing.
 *
 * Three agents on the scripted OpenAI server (loopback, answers at once, all agree) so the
 * figures are the cost of our layers, not of models:
 * - the engine alone: `startConsensus` in this process;
 * - `consensus_ask` through the SDK's client over stdio to the built `consensus mcp`, and over HTTP;
 * - time from invoking the tool to the first progress notification.
 * The overhead per call is the MCP median minus the engine median. The model server runs in its
 * own process so that the engine in this process does not share an event loop with it.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAgentsConfig } from '../../src/agents/config';
import { createAgent } from '../../src/agents/factory';
import { startConsensus } from '../../src/app';
import { spawn } from 'node:child_process';
import { fetchLog, SCRIPTED_SERVER_SCRIPT } from '../../src/demo/scriptedServer';
import { connectHttp, connectStdio, startHttpServer, type ConnectedClient } from '../unit/mcpServer/mcpClient';

const RUNS = 30;
const WARMUP = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function p90(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.9)] ?? Number.NaN;
}

function line(label: string, values: number[]): string {
  return `${label.padEnd(34)} median ${median(values).toFixed(2).padStart(7)} ms   p90 ${p90(values).toFixed(2).padStart(7)} ms`;
}

/** One tool call: its total time and the time to its first progress notification. */
async function callOnce(client: ConnectedClient, index: number): Promise<{ total: number; firstProgress?: number }> {
  let first: number | undefined;
  const started = performance.now();
  await client.client.callTool({ name: 'consensus_ask', arguments: { question: `Capital of France? (${index})` } }, undefined, {
    onprogress: () => {
      first ??= performance.now() - started;
    },
  });
  return first === undefined ? { total: performance.now() - started } : { total: performance.now() - started, firstProgress: first };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'consensus-bench-mcp-'));
  const scriptFile = join(dir, 'script.json');
  writeFileSync(scriptFile, JSON.stringify({ fallback: { text: 'Answer: Paris', chunkSize: 64 } }));
  const fixture = spawn(process.execPath, [SCRIPTED_SERVER_SCRIPT, '--script', scriptFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    fixture.stdout.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString('utf8')) as { url: string }).url));
    fixture.once('exit', () => reject(new Error('the scripted server did not start')));
  });
  const server = { openaiBaseUrl: `${url}/v1`, close: async () => void fixture.kill() };
  const raw = ['a', 'b', 'c'].map((id) => ({ id, provider: 'openai', baseUrl: server.openaiBaseUrl, model: `model-${id}` }));
  const file = join(dir, 'agents.json');
  writeFileSync(file, JSON.stringify(raw));
  const agents = parseAgentsConfig(raw);
  try {
    const stdio = await connectStdio(['--agents', file]);
    const httpServer = await startHttpServer(['--agents', file]);
    const http = await connectHttp(httpServer.url, httpServer.token);
    const engine: number[] = [];
    const overStdio = { total: [] as number[], firstProgress: [] as number[] };
    const overHttp = { total: [] as number[], firstProgress: [] as number[] };
    // Interleaved, so a change in the machine's load touches all three alike.
    for (let index = 0; index < WARMUP + RUNS; index++) {
      const started = performance.now();
      await startConsensus(
        { prompt: `Capital of France? (${index})`, agents },
        { createAgent: (config) => createAgent(config, { getApiKey: async () => undefined }) },
      ).result;
      const alone = performance.now() - started;
      const viaStdio = await callOnce(stdio, index);
      const viaHttp = await callOnce(http, index);
      if (index < WARMUP) continue;
      engine.push(alone);
      for (const [into, call] of [
        [overStdio, viaStdio],
        [overHttp, viaHttp],
      ] as const) {
        into.total.push(call.total);
        if (call.firstProgress !== undefined) into.firstProgress.push(call.firstProgress);
      }
    }
    await stdio.close();
    await http.close();
    await httpServer.stop();

    console.log(`MCP server: ${RUNS} calls each, 3 agents answering at once on loopback (${(await fetchLog(url)).length} model requests)`);
    console.log(line('engine alone (startConsensus)', engine));
    console.log(line('consensus_ask over stdio', overStdio.total));
    console.log(line('consensus_ask over HTTP', overHttp.total));
    console.log(line('first progress, stdio', overStdio.firstProgress));
    console.log(line('first progress, HTTP', overHttp.firstProgress));
    console.log(
      `overhead per call over the engine: stdio ${(median(overStdio.total) - median(engine)).toFixed(2)} ms, HTTP ${(median(overHttp.total) - median(engine)).toFixed(2)} ms (medians)`,
    );
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
