/**
 * Quality benchmark (`npm run bench:quality`): the evaluator of `consensus eval` over simulated
 * panels (see simulatedPanel.ts), no network, over several seeds. Prints, per panel, accuracy
 * with a 95% Wilson interval and mean calls of: one agent; the majority of the n proposals; the
 * adaptive re-vote; self-consistency at exactly the protocol's calls and at n x 4; a fixed debate;
 * the protocol. Each is compared with the protocol on the same items: the paired difference with
 * its 95% interval, the exact McNemar p-value, and the range of the difference over the seeds.
 * Then a grid of the protocol's parameters, and a sensitivity table over the refinement
 * behaviour of the simulated agents. Asserts nothing: it prints figures.
 */
import { type ConsensusOptions, runConsensus } from '../../src/core';
import {
  type BaselineOutcome,
  comparePaired,
  type DatasetItem,
  evaluate,
  fixedDebate,
  formatDifference,
  formatPValue,
  graderFor,
  type ItemResult,
  type Panel as EvalPanel,
  runBaselines,
  selfConsistency,
  wilsonInterval,
} from '../../src/eval';
import { CancelScope } from '../../src/core/call';
import { type Behaviour, makeItem, rightChance, type SimAgent, type SimItem, simulatedExecute, seedOf } from './simulatedPanel';

const ITEMS = Number(process.env.QUALITY_ITEMS ?? 300);
const SEEDS = Array.from({ length: Number(process.env.QUALITY_SEEDS ?? 5) }, (_, i) => 20250601 + i);

/**
 * Refinement behaviour. Right answers persuade more than wrong ones (p_c > p_w), which is what
 * lets a debate gain at all (Du et al. 2023: GSM8K 77 -> 85 with 3 agents x 2 rounds); but
 * both are moderate and a third of turns keep the answer, so most of what a debate gains is
 * already in the vote of the first answers (Choi et al. 2025, Smit et al. 2023, Kaesberg et al.
 * 2025). The sensitivity table shows what changes when these guesses are wrong.
 */
const BASE: Behaviour = { pCorrect: 0.6, pWrong: 0.3, stubbornness: 0.3, selfCorrect: 0.05, sameWrong: 0.6 };

const SENSITIVITY: [string, Behaviour][] = [
  ['base: p_c .6, p_w .3, stubborn .3', BASE],
  ['p_c .45: right persuades less', { ...BASE, pCorrect: 0.45 }],
  ['p_c = p_w = .3: right no more persuasive', { ...BASE, pCorrect: 0.3 }],
  ['p_w .45: wrong persuades more', { ...BASE, pWrong: 0.45 }],
  ['stubborn .6: half the turns keep', { ...BASE, stubbornness: 0.6 }],
  ['resamples repeat the first answer 50%', { ...BASE, repeat: 0.5 }],
];

/** A panel: its name and, for a seed's items, its agents (skills calibrated on those items). */
interface PanelSpec {
  name: string;
  agents: (items: readonly SimItem[], seed: number) => SimAgent[];
}

/** Skill at which an agent is right on `target` of the items (bisection on the item sample). */
function calibrate(target: number, items: readonly SimItem[], seed: number): number {
  let low = -6;
  let high = 6;
  for (let i = 0; i < 40; i++) {
    const mid = (low + high) / 2;
    const probe: SimAgent = { id: 'probe', family: `probe${i}`, skill: mid };
    const mean = items.reduce((sum, item) => sum + rightChance(item, probe, seed), 0) / items.length;
    if (mean < target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

function panelOf(skills: readonly number[], families: readonly string[]): PanelSpec['agents'] {
  return (items, seed) =>
    skills.map((target, i) => ({ id: `a${i}`, family: families[i] as string, skill: calibrate(target, items, seed) }));
}

const PANELS: PanelSpec[] = [
  { name: 'A. one family x 3 (GSM8K-like, 77% each)', agents: panelOf([0.77, 0.77, 0.77], ['f', 'f', 'f']) },
  { name: 'B. three families x 1 (77%, 70%, 62%)', agents: panelOf([0.77, 0.7, 0.62], ['f0', 'f1', 'f2']) },
  {
    name: 'C. five agents, three families (77%, 77%, 70%, 70%, 62%)',
    agents: panelOf([0.77, 0.77, 0.7, 0.7, 0.62], ['f0', 'f0', 'f1', 'f1', 'f2']),
  },
];

type Protocol = Pick<ConsensusOptions, 'rounds' | 'k' | 'alpha' | 'beta1' | 'beta2'>;

/** Extra baselines the bench runs beside those of `consensus eval`. */
interface Extra {
  /** Self-consistency of a0 with n x 4 samples. */
  sc4: BaselineOutcome;
  /** Fixed debate, 3 rounds of calls. */
  debate3: BaselineOutcome;
}

/** One configuration over every seed: graded items (line = seed index x ITEMS + item + 1). */
interface Run {
  results: ItemResult[];
  extras: Map<number, Extra>;
}

/** The seeds' items and panels, built once. */
interface Seeded {
  seed: number;
  items: SimItem[];
  agents: SimAgent[][];
}

const seeded: Seeded[] = SEEDS.map((seed) => {
  const items = Array.from({ length: ITEMS }, (_, i) => makeItem(i, seed));
  return { seed, items, agents: PANELS.map((panel) => panel.agents(items, seed)) };
});

function seedIndexOf(line: number): number {
  return Math.floor((line - 1) / ITEMS);
}

async function runConfig(panelIndex: number, behaviour: Behaviour, protocol: Protocol, baselines: 'all' | 'revote' | 'none'): Promise<Run> {
  const results: ItemResult[] = [];
  const extras = new Map<number, Extra>();
  for (const [seedIndex, { seed, items, agents: panels }] of seeded.entries()) {
    const agents = panels[panelIndex] as SimAgent[];
    const participants = agents.map((agent) => agent.id);
    const dataset: DatasetItem[] = items.map((item) => ({
      line: seedIndex * ITEMS + item.index + 1,
      question: `Item ${item.index}`,
      expected: String(item.right),
    }));
    const itemOf = (entry: DatasetItem): SimItem => items[(entry.line - 1) % ITEMS] as SimItem;
    const panelFor = (entry: DatasetItem): EvalPanel => ({
      participants,
      execute: simulatedExecute(itemOf(entry), agents, behaviour, seed),
      debate: { seed: seedOf(seed, itemOf(entry).index, 6) },
    });
    const outcome = await evaluate({
      items: dataset,
      // Items side by side, so the engine's timer hops overlap; every draw is seeded, so the order does not matter.
      concurrency: 50,
      run: (entry) =>
        runConsensus({
          ...protocol,
          prompt: entry.question,
          participants,
          execute: simulatedExecute(itemOf(entry), agents, behaviour, seed),
          seed: seedOf(seed, itemOf(entry).index, 6),
        }),
      ...(baselines === 'none'
        ? {}
        : {
            baselines: async (entry, state, signal) => {
              const panel = panelFor(entry);
              const grader = graderFor(entry);
              const chosen = await runBaselines(
                baselines === 'all' ? ['revote', 'selfConsistency', 'debate'] : ['revote'],
                panel,
                entry,
                state,
                grader,
                signal,
              );
              if (baselines === 'all') {
                const a0 = participants[0] as string;
                const proposal = state.history[0]?.results[a0]?.output;
                extras.set(entry.line, {
                  sc4: await selfConsistency(panel, a0, entry, participants.length * 4, grader, new CancelScope(), proposal),
                  debate3: await fixedDebate(panel, entry, state, grader, signal, 2),
                });
              }
              return chosen;
            },
          }),
    });
    results.push(...outcome.results);
  }
  return { results, extras };
}

/** A method's verdict and calls on one item of a run. */
type Method = (result: ItemResult, run: Run) => { correct: boolean; calls: number } | undefined;

const protocolMethod: Method = (r) => ({ correct: r.correct, calls: r.calls });

interface Comparison {
  correct: number;
  n: number;
  calls: number;
  /** Paired: protocol minus this method. */
  difference: string;
  p: string;
  /** Range of the per-seed differences, in points. */
  seeds: string;
}

function compare(run: Run, method: Method, against: Run = run, reference: Method = protocolMethod): Comparison {
  const pairs: (readonly [boolean, boolean])[] = [];
  const perSeed = SEEDS.map(() => [] as (readonly [boolean, boolean])[]);
  let correct = 0;
  let calls = 0;
  const byLine = new Map(against.results.map((r) => [r.line, r]));
  for (const result of run.results) {
    const mine = method(result, run);
    const other = byLine.get(result.line);
    const theirs = other ? reference(other, against) : undefined;
    if (!mine || !theirs) continue;
    correct += mine.correct ? 1 : 0;
    calls += mine.calls;
    pairs.push([theirs.correct, mine.correct]);
    perSeed[seedIndexOf(result.line)]?.push([theirs.correct, mine.correct]);
  }
  const paired = comparePaired(pairs);
  const diffs = perSeed.filter((p) => p.length > 0).map((p) => comparePaired(p).difference * 100);
  const range = diffs.length > 0 ? `${Math.min(...diffs).toFixed(1)} … ${Math.max(...diffs).toFixed(1)}` : '';
  return {
    correct,
    n: pairs.length,
    calls: pairs.length > 0 ? calls / pairs.length : 0,
    difference: formatDifference(paired),
    p: formatPValue(paired.pValue),
    seeds: range,
  };
}

function cell(correct: number, n: number): string {
  const [low, high] = wilsonInterval(correct, n);
  return `${((100 * correct) / n).toFixed(1)} [${(100 * low).toFixed(1)}, ${(100 * high).toFixed(1)}]`;
}

function table(header: string[], rows: string[][], right: ReadonlySet<number>): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]): string =>
    `  ${r
      .map((c, i) => (right.has(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd()}`;
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

const outcomeMethod =
  (pick: (r: ItemResult, run: Run) => BaselineOutcome | undefined): Method =>
  (r, run) =>
    pick(r, run);

async function comparePanel(panelIndex: number): Promise<void> {
  const spec = PANELS[panelIndex] as PanelSpec;
  const n = (seeded[0]?.agents[panelIndex] ?? []).length;
  console.log(`\n${spec.name}; ${SEEDS.length} seeds x ${ITEMS} items`);
  const defaults = await runConfig(panelIndex, BASE, {}, 'all');
  const methods: [string, Method][] = [
    ['one agent (a0)', (r) => ({ correct: r.agentsCorrect.a0 === true, calls: 1 })],
    [`majority of the ${n} proposals`, (r) => ({ correct: r.majorityCorrect, calls: r.majorityCalls })],
    ['adaptive re-vote (re-ask all, blind, on disagreement)', outcomeMethod((r) => r.baselines?.revote)],
    ["self-consistency of a0, calls = protocol's", outcomeMethod((r) => r.baselines?.selfConsistency)],
    [`self-consistency of a0, ${n * 4} samples (n x 4)`, outcomeMethod((r, run) => run.extras.get(r.line)?.sc4)],
    ['fixed debate, everyone sees everyone, 2 rounds', outcomeMethod((r) => r.baselines?.debate)],
    ['fixed debate, everyone sees everyone, 3 rounds', outcomeMethod((r, run) => run.extras.get(r.line)?.debate3)],
  ];
  const rows: string[][] = [];
  for (const [name, method] of methods) {
    const c = compare(defaults, method);
    rows.push([name, cell(c.correct, c.n), c.calls.toFixed(2), c.difference, c.p, c.seeds]);
  }
  const own = compare(defaults, protocolMethod);
  const stalemates = defaults.results.filter((r) => r.reason === 'stalemate').length;
  const finals = defaults.results.filter((r) => r.finalized).length;
  rows.push([
    'protocol, defaults (rounds 3, k 3, alpha .6, beta1 .5, beta2 .8)',
    cell(own.correct, own.n),
    own.calls.toFixed(2),
    '',
    '',
    `final ${((100 * finals) / own.n).toFixed(0)}%, stalemate ${((100 * stalemates) / own.n).toFixed(0)}%`,
  ]);
  table(['method', 'accuracy [95%]', 'calls', 'protocol minus it [95%]', 'McNemar p', 'per seed'], rows, new Set([2, 4]));

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
  const gridRows: string[][] = [];
  for (const [name, protocol] of grid) {
    const variant = await runConfig(panelIndex, BASE, protocol, 'none');
    // Defaults minus the variant, paired on the same items.
    const c = compare(variant, protocolMethod, defaults, protocolMethod);
    gridRows.push([`protocol, ${name}`, cell(c.correct, c.n), c.calls.toFixed(2), c.difference, c.p, c.seeds]);
  }
  console.log('');
  table(['parameter grid', 'accuracy [95%]', 'calls', 'defaults minus it [95%]', 'McNemar p', 'per seed'], gridRows, new Set([2, 4]));
}

async function sensitivity(): Promise<void> {
  console.log(
    '\nSensitivity to the refinement behaviour (protocol with defaults; differences paired, protocol minus the baseline, points)',
  );
  const rows: string[][] = [];
  for (const [name, behaviour] of SENSITIVITY) {
    for (const [panelIndex, spec] of PANELS.entries()) {
      const run = await runConfig(panelIndex, behaviour, {}, 'revote');
      const own = compare(run, protocolMethod);
      const majority = compare(run, (r) => ({ correct: r.majorityCorrect, calls: r.majorityCalls }));
      const revote = compare(
        run,
        outcomeMethod((r) => r.baselines?.revote),
      );
      rows.push([
        name,
        spec.name.slice(0, 1),
        `${((100 * own.correct) / own.n).toFixed(1)} · ${own.calls.toFixed(2)}`,
        `${((100 * majority.correct) / majority.n).toFixed(1)}`,
        `${majority.difference}  p ${majority.p}`,
        `${((100 * revote.correct) / revote.n).toFixed(1)} · ${revote.calls.toFixed(2)}`,
        `${revote.difference}  p ${revote.p}`,
      ]);
    }
  }
  table(
    [
      'behaviour',
      'panel',
      'protocol · calls',
      'majority',
      'protocol minus majority [95%]',
      're-vote · calls',
      'protocol minus re-vote [95%]',
    ],
    rows,
    new Set(),
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log('Quality benchmark: simulated panels, no network (test/bench/simulatedPanel.ts)');
  console.log(
    `behaviour: p_c ${BASE.pCorrect}, p_w ${BASE.pWrong}, stubbornness ${BASE.stubbornness}, self-correction ${BASE.selfCorrect}, same wrong answer within a family ${BASE.sameWrong}`,
  );
  console.log(
    `seeds ${SEEDS.join(', ')}; accuracy pooled over the seeds with its 95% Wilson interval; calls per item, synthesis included;`,
  );
  console.log(
    '"protocol minus it": paired difference in points on the same items, 95% interval (Agresti-Min), exact McNemar p; "per seed": that difference, lowest … highest seed',
  );
  for (const index of PANELS.keys()) await comparePanel(index);
  await sensitivity();
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
