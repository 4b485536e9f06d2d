/**
 * Mesh call overhead in memory: what routing a call through the MCP mesh (client → in-memory
 * transport → McpServer → agent, and back) adds over calling the agent directly. Target: under
 * 1 ms at the median. Prints figures, asserts nothing.
 *
 * Standalone: `node out/test/bench/mesh.js`; or `import { benchMesh }` from the agents benchmark.
 */
import type { Agent } from '../../src/agents/types';
import { Mesh } from '../../src/mesh/mesh';

/** One figure of the benchmark. */
export interface MeshBenchResult {
  name: string;
  median: number;
  p95: number;
  unit: 'ms';
  target?: string;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.floor(q * sorted.length));
  return sorted[index] ?? Number.NaN;
}

/** An agent that answers at once, so what is measured is the mesh, not a model. */
function instantAgent(id: string): Agent {
  return { id, name: id, ask: async (request) => ({ output: `ok: ${request.prompt.length}` }) };
}

async function measure(iterations: number, body: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const started = performance.now();
    await body();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

/**
 * Measures direct calls, mesh calls, mesh calls with streaming, and a 5-member broadcast.
 * `iterations` per figure; a warm-up of the same size runs first.
 */
export async function benchMesh(iterations = 2000): Promise<MeshBenchResult[]> {
  const mesh = new Mesh();
  const direct = instantAgent('direct');
  const prompt = 'What is the capital of France? '.repeat(20);
  const signal = new AbortController().signal;
  try {
    for (const id of ['a', 'b', 'c', 'd', 'e']) await mesh.register(id, instantAgent(id));
    const streaming: Agent = {
      id: 'streamer',
      name: 'streamer',
      ask: async (request) => {
        for (const piece of ['Par', 'is', '.']) request.onText?.(piece);
        return { output: 'Paris.' };
      },
    };
    await mesh.register('streamer', streaming);

    const meshCall = () => mesh.call('bench', 'a', 'think', { prompt }, { signal });
    const streamCall = () => mesh.call('bench', 'streamer', 'think', { prompt }, { signal, onText: () => undefined });
    const directCall = () => direct.ask({ prompt, signal });
    const broadcast = () => mesh.broadcast('streamer', 'ask', { prompt }, { signal });

    for (const body of [directCall, meshCall, streamCall]) await measure(iterations, body);
    const directTimes = await measure(iterations, directCall);
    const meshTimes = await measure(iterations, meshCall);
    const streamTimes = await measure(iterations, streamCall);
    const broadcastTimes = await measure(Math.max(1, Math.floor(iterations / 5)), broadcast);
    const overhead = quantile(meshTimes, 0.5) - quantile(directTimes, 0.5);
    return [
      { name: 'agent called directly (baseline)', median: quantile(directTimes, 0.5), p95: quantile(directTimes, 0.95), unit: 'ms' },
      {
        name: 'mesh call in memory (think, 600-char prompt)',
        median: quantile(meshTimes, 0.5),
        p95: quantile(meshTimes, 0.95),
        unit: 'ms',
        target: '< 1 ms',
      },
      {
        name: 'mesh call overhead over direct (median)',
        median: overhead,
        p95: quantile(meshTimes, 0.95) - quantile(directTimes, 0.95),
        unit: 'ms',
        target: '< 1 ms',
      },
      { name: 'mesh call streaming 3 progress messages', median: quantile(streamTimes, 0.5), p95: quantile(streamTimes, 0.95), unit: 'ms' },
      { name: 'mesh broadcast to 5 members', median: quantile(broadcastTimes, 0.5), p95: quantile(broadcastTimes, 0.95), unit: 'ms' },
    ];
  } finally {
    await mesh.dispose();
  }
}

/** Prints the figures as aligned lines. */
export function printMeshBench(results: readonly MeshBenchResult[], write: (line: string) => void = (line) => console.log(line)): void {
  write('mesh call overhead in memory (median, target < 1 ms)');
  for (const result of results) {
    const target = result.target ? `  target ${result.target}` : '';
    write(`  ${result.name.padEnd(48)} median ${result.median.toFixed(3)} ms  p95 ${result.p95.toFixed(3)} ms${target}`);
  }
}

if (require.main === module) {
  benchMesh()
    .then((results) => printMeshBench(results))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
