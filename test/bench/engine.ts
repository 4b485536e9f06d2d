/**
 * Engine benchmark (`npm run bench:engine`): prints figures, asserts nothing.
 *
 * - CPU time of the engine per agent call, with agents that answer at once (target < 0.2 ms).
 * - Wall time / critical path with simulated latencies of 0.5..8 s scaled down 100x; the
 *   critical path is the sum over rounds of the slowest call as measured inside the agent
 *   (so timer jitter is not charged to the engine). Target <= 1.02.
 * - Calls until the run ends for five scenarios, next to the original's schedule (always
 *   n x (rounds + 1) calls and, with its defaults, never final).
 */
import { type ConsensusState, createRng, type Execute, runConsensus } from '../../src/core';

const SCALE = 100;
const SIZES = [3, 5, 10, 50];
const ROUND_COUNTS = [3, 10];

type Scenario = 'unanimous' | '4-of-5' | 'persuadable' | 'never-converging' | 'drifting';
const SCENARIOS: Scenario[] = ['unanimous', '4-of-5', 'persuadable', 'never-converging', 'drifting'];

/** What participant i of n answers in a scenario, given the prompt it received in a round. */
function answerOf(scenario: Scenario, i: number, n: number, prompt: string, round: number): string {
  switch (scenario) {
    case 'unanimous':
      return 'The answer is 42.\nFinal answer: 42';
    case '4-of-5':
      // A fifth of the participants (at least one) dissents for good: exactly the beta2 = 0.8 share agrees.
      return i < Math.max(1, Math.round(n / 5)) ? 'Final answer: 41' : 'Final answer: 42';
    case 'persuadable':
      // 40% start elsewhere and adopt 42 once a sampled peer shows it.
      if (i < Math.max(1, Math.floor(n * 0.4))) return prompt.includes('\nFinal answer: 42\n>>>') ? 'Final answer: 42' : 'Final answer: 7';
      return 'Final answer: 42';
    case 'never-converging':
      // Everyone holds a different answer: a stalemate after the first refinement round.
      return `Final answer: ${i}`;
    case 'drifting':
      // Everyone gives a new answer every round: never final, never a stalemate, so every round runs.
      return `Final answer: ${i}.${round}`;
  }
}

interface Timing {
  /** Per round: the slowest call as measured by the agent itself. */
  roundMax: Map<number, number>;
}

function makeExecute(scenario: Scenario, n: number, seed: number, latency: boolean, timing?: Timing): Execute {
  const rng = createRng(seed);
  return async (id, prompt, context) => {
    const i = Number(id.slice(1));
    // Log-uniform between 0.5 s and 8 s, reported unscaled so luminance sees realistic figures.
    const ms = 500 * Math.pow(16, rng());
    if (latency) {
      const started = performance.now();
      await new Promise((resolve) => setTimeout(resolve, ms / SCALE));
      const took = performance.now() - started;
      if (timing) timing.roundMax.set(context.round, Math.max(timing.roundMax.get(context.round) ?? 0, took));
    }
    return { id, output: answerOf(scenario, i, n, prompt, context.round), ok: true, ms };
  };
}

function participants(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `p${i}`);
}

async function run(
  scenario: Scenario,
  n: number,
  rounds: number,
  seed: number,
  latency: boolean,
  timing?: Timing,
): Promise<ConsensusState> {
  return runConsensus({
    prompt: 'What is six times seven?',
    participants: participants(n),
    execute: makeExecute(scenario, n, seed, latency, timing),
    rounds,
    seed,
    synthesize: false,
  });
}

function pad(value: string | number, width: number): string {
  return String(value).padStart(width);
}

async function cpuPerCall(n: number, rounds: number): Promise<number> {
  // Warm up, then measure process CPU time over enough runs for at least ~2000 calls.
  await run('drifting', n, rounds, 1, false);
  const repetitions = Math.max(3, Math.ceil(2000 / (n * (rounds + 1))));
  let calls = 0;
  const before = process.cpuUsage();
  for (let r = 0; r < repetitions; r++) calls += (await run('drifting', n, rounds, r + 1, false)).calls;
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / calls;
}

async function wallRatio(n: number, rounds: number): Promise<{ wall: number; critical: number }> {
  // Median of three runs (different latency draws) by ratio.
  const samples: { wall: number; critical: number }[] = [];
  for (const seed of [7, 8, 9]) {
    const timing: Timing = { roundMax: new Map() };
    const started = performance.now();
    await run('drifting', n, rounds, seed, true, timing);
    const wall = performance.now() - started;
    let critical = 0;
    for (const ms of timing.roundMax.values()) critical += ms;
    samples.push({ wall, critical });
  }
  samples.sort((a, b) => a.wall / a.critical - b.wall / b.critical);
  return samples[1] as { wall: number; critical: number };
}

async function main(): Promise<void> {
  console.log('Consensus engine benchmark (simulated agents; latencies 0.5..8 s scaled down ' + SCALE + 'x)\n');
  await run('drifting', 3, 1, 1, true);
  console.log('Engine CPU per agent call and wall time / critical path (drifting answers, every round runs):');
  console.log(
    `${pad('n', 4)} ${pad('rounds', 6)} ${pad('CPU ms/call', 12)} ${pad('wall ms', 9)} ${pad('critical ms', 12)} ${pad('ratio', 7)}`,
  );
  for (const n of SIZES) {
    for (const rounds of ROUND_COUNTS) {
      const cpu = await cpuPerCall(n, rounds);
      const { wall, critical } = await wallRatio(n, rounds);
      console.log(
        `${pad(n, 4)} ${pad(rounds, 6)} ${pad(cpu.toFixed(4), 12)} ${pad(wall.toFixed(1), 9)} ${pad(critical.toFixed(1), 12)} ${pad((wall / critical).toFixed(4), 7)}`,
      );
    }
  }
  console.log("\nCalls until the run ends (mean over 5 seeds; engine vs the original's schedule):");
  console.log(
    `${pad('scenario', 17)} ${pad('n', 4)} ${pad('rounds', 6)} ${pad('calls', 7)} ${pad('final', 6)} ${pad('rounds run', 10)} ${pad('original calls', 15)} ${pad('orig. final', 11)}`,
  );
  for (const scenario of SCENARIOS) {
    for (const n of SIZES) {
      for (const rounds of ROUND_COUNTS) {
        let calls = 0;
        let finals = 0;
        let roundsRun = 0;
        const seeds = [1, 2, 3, 4, 5];
        for (const seed of seeds) {
          const state = await run(scenario, n, rounds, seed, false);
          calls += state.calls;
          roundsRun += state.roundsRun;
          if (state.finalized) finals++;
        }
        const k = seeds.length;
        console.log(
          `${pad(scenario, 17)} ${pad(n, 4)} ${pad(rounds, 6)} ${pad((calls / k).toFixed(1), 7)} ${pad(`${finals}/${k}`, 6)} ${pad((roundsRun / k).toFixed(1), 10)} ${pad(n * (rounds + 1), 15)} ${pad('never', 11)}`,
        );
      }
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
