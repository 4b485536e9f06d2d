/**
 * Quality benchmark (`npm run bench:quality`): the evaluator of `consensus eval` over simulated
 * panels (see simulatedPanel.ts), no network. Prints, per panel, accuracy with a 95% Wilson
 * interval and mean calls for: one agent; self-consistency; the majority of the n proposals; a
 * fixed debate; and the protocol with its defaults and a small grid around them.
 * Asserts nothing: it prints figures.
 */
import { type ConsensusOptions, createRng, type Execute, runConsensus } from '../../src/core';
import { buildReport, type DatasetItem, evaluate, type EvalReport, wilsonInterval } from '../../src/eval';
import { type Behaviour, freshAnswer, makeItem, revisedAnswer, rightChance, seedOf, type SimAgent, type SimItem } from './simulatedPanel';

const ITEMS = Number(process.env.QUALITY_ITEMS ?? 1000);
const SEED = 20250601;

/**
 * Refinement behaviour. Right answers persuade more than wrong ones (p_c > p_w), which is what
 * lets a debate gain at all (Du et al. 2023: GSM8K 77 -> 85 with 3 agents x 2 rounds); but
 * both are moderate and a third of turns keep the answer, so most of what a debate gains is
 * already in the vote of the first answers (Choi et al. 2025, Smit et al. 2023, Kaesberg et al.
 * 2025). The check printed first shows where these values land against those figures.
 */
const BEHAVIOUR: Behaviour = { pCorrect: 0.6, pWrong: 0.3, stubbornness: 0.3, selfCorrect: 0.05, sameWrong: 0.6 };

interface Panel {
  name: string;
  agents: SimAgent[];
}

/** Skill at which an agent is right on `target` of the items (bisection on the item sample). */
function calibrate(target: number, items: readonly SimItem[]): number {
  let low = -6;
  let high = 6;
  for (let i = 0; i < 40; i++) {
    const mid = (low + high) / 2;
    const probe: SimAgent = { id: 'probe', family: `probe${i}`, skill: mid };
    const mean = items.reduce((sum, item) => sum + rightChance(item, probe, SEED), 0) / items.length;
    if (mean < target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

function ids(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `a${i}`);
}

/** The simulated panel answering one item: blind proposals, then revisions after seeing peers. */
function simulatedExecute(item: SimItem, agents: readonly SimAgent[]): Execute {
  const current = new Map<string, number>();
  const byId = new Map(agents.map((agent) => [agent.id, agent]));
  return async (id, prompt, context) => {
    const agent = byId.get(id) as SimAgent;
    let answer = current.get(id);
    if (context.phase === 'propose' || answer === undefined) {
      answer = freshAnswer(item, agent, BEHAVIOUR, SEED, context.round);
    } else if (context.phase === 'refine' || context.phase === 'discuss') {
      const peers = [...prompt.matchAll(/<<< Answer of participant [A-Z]+\nFinal answer: (-?\d+)\n>>>/g)].map((m) => Number(m[1]));
      answer = revisedAnswer(item, agent, BEHAVIOUR, answer, peers, createRng(seedOf(SEED, item.index, 5, Number(id.slice(1)), context.round)));
    }
    current.set(id, answer);
    return { id, output: `Final answer: ${answer}`, ok: true, ms: 1000 };
  };
}

type Protocol = Pick<ConsensusOptions, 'rounds' | 'k' | 'alpha' | 'beta1' | 'beta2' | 'mode'>;

async function runProtocol(panel: Panel, items: readonly SimItem[], protocol: Protocol): Promise<EvalReport> {
  const dataset: DatasetItem[] = items.map((item) => ({ line: item.index + 1, question: `Item ${item.index}`, expected: String(item.right) }));
  const outcome = await evaluate({
    items: dataset,
    // Items side by side, so the engine's timer hops overlap; every draw is seeded, so the order does not matter.
    concurrency: 50,
    run: (entry) => {
      const item = items[entry.line - 1] as SimItem;
      return runConsensus({
        ...protocol,
        prompt: entry.question,
        participants: panel.agents.map((agent) => agent.id),
        execute: simulatedExecute(item, panel.agents),
        seed: seedOf(SEED, item.index, 6),
      });
    },
  });
  return buildReport({ dataset: panel.name, agents: panel.agents.map((agent) => agent.id), results: outcome.results, skipped: [] });
}

/** Plurality of `m` blind samples of one agent (ties: the earliest answer). */
function selfConsistency(items: readonly SimItem[], agent: SimAgent, m: number): number {
  let correct = 0;
  for (const item of items) {
    const counts = new Map<number, number>();
    let best: number | undefined;
    for (let s = 0; s < m; s++) {
      const answer = freshAnswer(item, agent, BEHAVIOUR, SEED, 100 + s);
      const count = (counts.get(answer) ?? 0) + 1;
      counts.set(answer, count);
      if (best === undefined || count > (counts.get(best) ?? 0)) best = answer;
    }
    if (best === item.right) correct++;
  }
  return correct;
}

function cell(correct: number, n: number): string {
  const [low, high] = wilsonInterval(correct, n);
  return `${(100 * correct / n).toFixed(1).padStart(5)}%  [${(100 * low).toFixed(1)}, ${(100 * high).toFixed(1)}]`;
}

function row(name: string, correct: number, n: number, calls: number, extra = ''): void {
  console.log(`  ${name.padEnd(56)} ${cell(correct, n).padEnd(22)} ${calls.toFixed(2).padStart(6)}  ${extra}`);
}

async function comparePanel(panel: Panel, items: readonly SimItem[]): Promise<void> {
  const n = panel.agents.length;
  const first = panel.agents[0] as SimAgent;
  console.log(`\n${panel.name}: ${panel.agents.map((a) => `${a.id} (${a.family}, ${(100 * items.reduce((s, i) => s + rightChance(i, a, SEED), 0) / items.length).toFixed(0)}%)`).join(', ')}; ${items.length} items`);
  console.log(`  ${'method'.padEnd(56)} ${'accuracy [95% interval]'.padEnd(22)} ${'calls'.padStart(6)}  final / stalemate`);
  const defaults = await runProtocol(panel, items, {});
  const agent = defaults.baselines.agents[first.id];
  row(`one agent (${first.id})`, Math.round((agent?.accuracy ?? 0) * items.length), items.length, 1);
  row(`majority of the ${n} proposals`, Math.round(defaults.baselines.majorityVote.accuracy * items.length), items.length, n);
  const equal = Math.max(1, Math.round(defaults.meanCalls));
  row(`self-consistency of ${first.id}, ${equal} samples (= protocol)`, selfConsistency(items, first, equal), items.length, equal);
  row(`self-consistency of ${first.id}, ${n * 4} samples (n x 4)`, selfConsistency(items, first, n * 4), items.length, n * 4);
  for (const rounds of [1, 2]) {
    const debate = await runProtocol(panel, items, { mode: 'discussion', rounds });
    row(`fixed debate, everyone sees everyone, ${rounds + 1} rounds`, debate.correct, debate.items, debate.meanCalls);
  }
  const describe = (report: EvalReport): string => {
    const stalemates = report.results.filter((r) => r.reason === 'stalemate').length;
    return `${(100 * report.finalized / report.items).toFixed(0)}% / ${(100 * stalemates / report.items).toFixed(0)}%`;
  };
  row('protocol, defaults (3 rounds, k 3, a .6, b1 .5, b2 .8)', defaults.correct, defaults.items, defaults.meanCalls, describe(defaults));
  const grid: [string, Protocol][] = [
    ['rounds 1', { rounds: 1 }],
    ['rounds 6', { rounds: 6 }],
    ['k 1', { k: 1 }],
    ...(n > 3 ? [['k 2', { k: 2 }] as [string, Protocol]] : []),
    ['alpha 0.8', { alpha: 0.8 }],
    ['beta1 0.75', { beta1: 0.75 }],
    ['beta2 0.6', { beta2: 0.6 }],
    ['beta2 1.0', { beta2: 1 }],
  ];
  for (const [name, protocol] of grid) {
    const report = await runProtocol(panel, items, protocol);
    row(`protocol, ${name}`, report.correct, report.items, report.meanCalls, describe(report));
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const items = Array.from({ length: ITEMS }, (_, i) => makeItem(i, SEED));
  const base = calibrate(0.77, items);
  console.log('Quality benchmark: simulated panels, no network (test/bench/simulatedPanel.ts)');
  console.log(`behaviour: p_c ${BEHAVIOUR.pCorrect}, p_w ${BEHAVIOUR.pWrong}, stubbornness ${BEHAVIOUR.stubbornness}, self-correction ${BEHAVIOUR.selfCorrect}, same wrong answer within a family ${BEHAVIOUR.sameWrong}`);
  const panels: Panel[] = [
    { name: 'A. one family x 3 (GSM8K-like, 77% each)', agents: ids(3).map((id) => ({ id, family: 'f', skill: base })) },
    { name: 'B. three families x 1 (77%, 70%, 62%)', agents: ids(3).map((id, i) => ({ id, family: `f${i}`, skill: calibrate([0.77, 0.7, 0.62][i] as number, items) })) },
    { name: 'C. five agents, three families (77%, 77%, 70%, 70%, 62%)', agents: ids(5).map((id, i) => ({ id, family: `f${[0, 0, 1, 1, 2][i]}`, skill: calibrate([0.77, 0.77, 0.7, 0.7, 0.62][i] as number, items) })) },
  ];
  for (const panel of panels) await comparePanel(panel, items);
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
