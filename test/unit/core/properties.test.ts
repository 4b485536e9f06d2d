import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { type ConsensusOptions, type ConsensusState, type Execute, runConsensus } from '../../../src/core';
import { OptionRegistry } from '../../../src/core/options';
import { defaultEquivalent } from '../../../src/core';

interface Step {
  answer: string | null;
  endorse: string | null;
  ms: number;
}

const stepArb = fc.record({
  answer: fc.oneof(fc.constantFrom('X', 'x.', 'Y', 'Z', 'Reason.\nAnswer: 1', 'Other.\nAnswer: 1'), fc.constant(null)),
  endorse: fc.oneof(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'), fc.constant(null)),
  ms: fc.integer({ min: 1, max: 10000 }),
});

const scenarioArb = fc.record({
  n: fc.integer({ min: 2, max: 6 }),
  rounds: fc.integer({ min: 0, max: 4 }),
  k: fc.integer({ min: 1, max: 5 }),
  alpha: fc.constantFrom(0.51, 0.6, 0.75, 1),
  beta1: fc.constantFrom(0.25, 0.5, 0.75, 1),
  beta2: fc.constantFrom(0.51, 0.6, 0.8, 1),
  seed: fc.integer(),
  mode: fc.constantFrom('consensus' as const, 'discussion' as const),
  synthesize: fc.boolean(),
  extraBudget: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  steps: fc.array(fc.array(stepArb, { minLength: 8, maxLength: 8 }), { minLength: 6, maxLength: 6 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function executeFor(scenario: Scenario): Execute {
  const counts = new Map<string, number>();
  return async (id) => {
    const index = Number(id.slice(1));
    const call = counts.get(id) ?? 0;
    counts.set(id, call + 1);
    const step = (scenario.steps[index] as Step[])[call % 8] as Step;
    if (step.answer === null) return { id, output: '', ok: false, ms: step.ms, error: 'scripted failure' };
    return { id, output: step.endorse ? `${step.answer}\nENDORSE: ${step.endorse}` : step.answer, ok: true, ms: step.ms };
  };
}

function optionsFor(scenario: Scenario): ConsensusOptions {
  const participants = Array.from({ length: scenario.n }, (_, i) => `p${i}`);
  const options: ConsensusOptions = {
    prompt: 'q',
    participants,
    execute: executeFor(scenario),
    rounds: scenario.rounds,
    k: scenario.k,
    alpha: scenario.alpha,
    beta1: scenario.beta1,
    beta2: scenario.beta2,
    seed: scenario.seed,
    mode: scenario.mode,
    synthesize: scenario.synthesize,
  };
  if (scenario.extraBudget !== undefined) options.maxCalls = scenario.n + scenario.extraBudget;
  return options;
}

function checkInvariants(scenario: Scenario, state: ConsensusState): void {
  const n = scenario.n;
  // Calls never exceed the bound: the budget, and n per round plus one synthesis call per participant.
  assert.ok(state.calls <= n * (scenario.rounds + 1) + n);
  if (scenario.extraBudget !== undefined) assert.ok(state.calls <= n + scenario.extraBudget);
  const last = [...state.history].reverse().find((h) => h.live.length > 0);
  if (state.winner !== undefined) {
    assert.ok(last, 'a winner needs a poll with a live participant');
    const option = state.winningOption as string;
    const liveSupporters = last.live.filter((p) => state.preferences[p] === option);
    assert.ok(liveSupporters.length > 0, 'the winning option has live supporters');
    if (liveSupporters.includes(state.winner)) {
      assert.ok(state.synthesis.length > 0);
    } else {
      // Only when no supporter's own answer belongs to the option: then the option's author wins.
      assert.equal(state.options.find((o) => o.id === option)?.author, state.winner);
    }
    assert.equal(state.options[0]?.id, option);
    assert.ok(state.answer.length > 0);
  } else {
    assert.equal(state.synthesis, '');
    assert.ok(state.reason === 'all-failed' || state.reason === 'cancelled');
  }
  if (state.finalized) {
    assert.ok(last);
    const share = Math.max(...Object.values(last.shares));
    assert.ok(share >= scenario.beta2, 'finalized implies the beta2 share held');
    assert.ok(last.live.length >= 2 && last.live.length * 2 >= n);
    assert.equal(last.final, true);
    assert.equal(last.shares[state.winningOption as string], share);
  }
  if (state.reason === 'final') assert.equal(state.finalized, true);
  for (const record of state.history) {
    for (const [p, sample] of Object.entries(record.samples)) {
      assert.ok(!sample.includes(p));
      for (const q of sample) assert.ok(record.live.includes(q), 'only live participants are sampled');
      assert.equal(sample.length, Math.min(scenario.k, record.live.length - 1));
    }
  }
  if (scenario.mode === 'consensus') {
    const finalIndex = state.history.findIndex((h) => h.final);
    if (finalIndex >= 0) assert.equal(finalIndex, state.history.length - 1, 'no round runs after a final poll');
  } else if (state.reason === 'final' || state.reason === 'rounds-exhausted') {
    assert.equal(state.roundsRun, scenario.rounds);
  }
}

describe('core: engine properties', () => {
  it('keeps its invariants on random scenarios and replays identically from the seed', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const one = await runConsensus(optionsFor(scenario));
        checkInvariants(scenario, one);
        const two = await runConsensus(optionsFor(scenario));
        assert.deepEqual(two, one);
      }),
      { numRuns: 300 },
    );
  });

  it('classifies answers exactly as a scan with defaultEquivalent would', () => {
    const answerArb = fc.constantFrom(
      'X',
      'x.',
      ' x ',
      'Y',
      'Answer: 1',
      'why\nAnswer: 1',
      'Answer: 2',
      'answer: 1',
      '\\boxed{1}',
      'X\nAnswer: 2',
    );
    fc.assert(
      fc.property(fc.array(answerArb, { maxLength: 20 }), (answers) => {
        const fast = new OptionRegistry(undefined);
        const scan = new OptionRegistry(defaultEquivalent);
        answers.forEach((a, i) => assert.equal(fast.classify(a, `p${i % 3}`, i), scan.classify(a, `p${i % 3}`, i)));
      }),
    );
  });

  it('option lookup by key agrees with the scan for numbers with and without converted units', () => {
    const answerArb = fc.constantFrom(
      '35',
      'Answer: 35 min',
      '35 minutes',
      '35 h',
      'Answer: 2100',
      '2100 s',
      '35%',
      '0.5 km',
      '500 m',
      '500',
    );
    fc.assert(
      fc.property(fc.array(answerArb, { maxLength: 12 }), (answers) => {
        const fast = new OptionRegistry(undefined);
        const scan = new OptionRegistry(defaultEquivalent);
        answers.forEach((a, i) => assert.equal(fast.classify(a, `p${i % 3}`, i), scan.classify(a, `p${i % 3}`, i)));
      }),
    );
  });
});
