/**
 * Agents benchmark (`npm run bench:agents`): prints figures, asserts nothing.
 *  - time-to-first-token overhead of our OpenAI/Anthropic clients over a raw fetch, against the
 *    scripted server in its own process (target: under 5 ms at the median);
 *  - SSE streaming parse throughput, parser alone and end to end over loopback (target: above 50 MB/s);
 *  - mesh call overhead in memory (target: under 1 ms at the median), filled in by the mesh.
 */
import { parseAgentsConfig } from '../../src/agents/config';
import { createAgent } from '../../src/agents/factory';
import { pickString } from '../../src/agents/json';
import { readSse } from '../../src/agents/sse';
import type { Agent } from '../../src/agents/types';
import { SCRIPTED_SERVER_SCRIPT, loadScript } from '../../src/demo/scriptedServer';
import { spawnFixture } from '../fixtures/spawnFixture';
import { benchMesh, printMeshBench } from './mesh';

/** One printed figure. */
export interface BenchLine {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function print(lines: readonly BenchLine[]): void {
  for (const line of lines) {
    const target = line.target ? `   (target ${line.target})` : '';
    console.log(`  ${line.name.padEnd(58)} ${line.value.toFixed(2).padStart(9)} ${line.unit}${target}`);
  }
}

/** Time until the first byte of the body arrives with a bare fetch: the floor we compare against. */
async function rawFirstByte(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body });
  const reader = response.body?.getReader();
  await reader?.read();
  const elapsed = performance.now() - started;
  await reader?.cancel();
  return elapsed;
}

/** Time until our agent hands the first piece of text to `onText`. */
async function agentFirstToken(agent: Agent): Promise<number> {
  const controller = new AbortController();
  const started = performance.now();
  let first = Number.NaN;
  await agent.ask({
    prompt: 'Say hi',
    signal: controller.signal,
    onText: () => {
      if (Number.isNaN(first)) first = performance.now() - started;
    },
  });
  return first;
}

async function benchTimeToFirstToken(): Promise<BenchLine[]> {
  const fixture = await spawnFixture(SCRIPTED_SERVER_SCRIPT);
  try {
    await loadScript(fixture.url, { fallback: { text: 'Hello there, this is a short streamed answer.', chunkSize: 8 } });
    const configs = parseAgentsConfig([
      { id: 'openai', provider: 'openai', baseUrl: `${fixture.url}/v1`, model: 'bench' },
      { id: 'anthropic', provider: 'anthropic', baseUrl: fixture.url, model: 'bench' },
    ]);
    const lines: BenchLine[] = [];
    for (const config of configs) {
      const agent = createAgent(config, { getApiKey: async () => 'sk-bench' });
      const url = config.provider === 'openai' ? `${fixture.url}/v1/chat/completions` : `${fixture.url}/v1/messages`;
      const body = JSON.stringify({ model: 'bench', messages: [{ role: 'user', content: 'Say hi' }], stream: true, max_tokens: 100 });
      const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-bench' };
      const raw: number[] = [];
      const ours: number[] = [];
      for (let i = 0; i < 30; i++) {
        await rawFirstByte(url, body, headers); // warm-up: connections, JIT
        await agentFirstToken(agent);
      }
      // Interleaved so drift in the machine's load affects both alike.
      for (let i = 0; i < 300; i++) {
        raw.push(await rawFirstByte(url, body, headers));
        ours.push(await agentFirstToken(agent));
      }
      const rawMedian = percentile(raw, 50);
      const oursMedian = percentile(ours, 50);
      lines.push(
        { name: `${config.provider}: raw fetch, first byte (median)`, value: rawMedian, unit: 'ms' },
        { name: `${config.provider}: our client, first token (median)`, value: oursMedian, unit: 'ms' },
        { name: `${config.provider}: overhead at the median`, value: oursMedian - rawMedian, unit: 'ms', target: '< 5 ms' },
        { name: `${config.provider}: overhead at p90`, value: percentile(ours, 90) - percentile(raw, 90), unit: 'ms' },
      );
    }
    return lines;
  } finally {
    await fixture.stop();
  }
}

/** A realistic OpenAI stream: many small deltas, as models emit them. */
function openaiStream(targetBytes: number): { text: string; events: number } {
  const parts: string[] = [];
  let size = 0;
  let events = 0;
  while (size < targetBytes) {
    const event = `data: ${JSON.stringify({ id: 'chatcmpl-x', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: { content: ` token${events % 97}` }, finish_reason: null }] })}\n\n`;
    parts.push(event);
    size += event.length;
    events++;
  }
  parts.push('data: [DONE]\n\n');
  return { text: parts.join(''), events };
}

function streamOf(bytes: Uint8Array, pieceSize: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(offset, offset + pieceSize));
      offset += pieceSize;
    },
  });
}

async function benchParseThroughput(): Promise<BenchLine[]> {
  const { text } = openaiStream(16 * 1024 * 1024);
  const bytes = new TextEncoder().encode(text);
  const megabytes = bytes.length / (1024 * 1024);
  const runs: number[] = [];
  for (let i = 0; i < 4; i++) {
    let characters = 0;
    const started = performance.now();
    // The same work the OpenAI adapter does per event: parse, pick the delta, accumulate.
    await readSse(streamOf(bytes, 64 * 1024), (event) => {
      if (event.data === '[DONE]') return 'done';
      characters += pickString(JSON.parse(event.data), 'choices', 0, 'delta', 'content')?.length ?? 0;
      return 'continue';
    });
    runs.push(megabytes / ((performance.now() - started) / 1000));
    if (characters === 0) throw new Error('nothing parsed');
  }
  const lines: BenchLine[] = [
    { name: 'SSE parse + JSON per event, in memory (best of 4)', value: Math.max(...runs.slice(1)), unit: 'MB/s', target: '> 50 MB/s' },
  ];

  // End to end over loopback: the scripted server writes the stream in one go.
  const fixture = await spawnFixture(SCRIPTED_SERVER_SCRIPT);
  try {
    const answer = 'lorem ipsum dolor sit amet '.repeat(200_000); // ~5.4 MB of text, 64-char deltas
    await loadScript(fixture.url, { fallback: { text: answer, chunkSize: 64 } });
    const [config] = parseAgentsConfig([{ id: 'o', provider: 'openai', baseUrl: `${fixture.url}/v1`, model: 'big' }]);
    if (!config) throw new Error('no config');
    const agent = createAgent(config, { getApiKey: async () => undefined });
    const wireBytes = openaiWireSize(answer, 64);
    const e2e: number[] = [];
    for (let i = 0; i < 4; i++) {
      // Timed from the first token, so the fixture's time to build the stream is not counted.
      let started = Number.NaN;
      const reply = await agent.ask({
        prompt: 'long',
        signal: new AbortController().signal,
        onText: () => {
          if (Number.isNaN(started)) started = performance.now();
        },
      });
      if (reply.output.length !== answer.length) throw new Error('answer mangled');
      e2e.push(wireBytes / (1024 * 1024) / ((performance.now() - started) / 1000));
    }
    lines.push({
      name: 'OpenAI client over loopback, first token to end (best of 4)',
      value: Math.max(...e2e.slice(1)),
      unit: 'MB/s',
      target: '> 50 MB/s',
    });
  } finally {
    await fixture.stop();
  }
  return lines;
}

/** Approximate SSE bytes the fixture sends for `answer` (for MB/s of the wire format). */
function openaiWireSize(answer: string, chunkSize: number): number {
  const sample = `data: ${JSON.stringify({ id: 'chatcmpl-fixture', object: 'chat.completion.chunk', model: 'big', choices: [{ index: 0, delta: { content: 'x'.repeat(chunkSize) }, finish_reason: null }] })}\n\n`;
  return Math.ceil(answer.length / chunkSize) * sample.length;
}

async function main(): Promise<void> {
  console.log('Agents benchmark');
  console.log('Time to first token (scripted server in its own process, 300 interleaved runs):');
  print(await benchTimeToFirstToken());
  console.log('Streaming parse throughput:');
  print(await benchParseThroughput());
  printMeshBench(await benchMesh());
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
