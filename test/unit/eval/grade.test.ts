import { strict as assert } from 'node:assert';
import type { ConsensusState } from '../../../src/core';
import { buildReport, formatReport, gradeRun, graderFor, readDataset } from '../../../src/eval';

/** A finished run's state with the given round-0 answers and final text (only what grading reads). */
function state(final: string, proposals: Record<string, string>, calls = 3): ConsensusState {
  const results = Object.fromEntries(Object.entries(proposals).map(([id, output]) => [id, { id, output, ok: true, ms: 1 }]));
  return {
    participants: Object.keys(proposals),
    synthesis: final,
    answer: final,
    finalized: true,
    reason: 'final',
    calls,
    history: [{ round: 0, phase: 'propose', results, samples: {}, agreement: {}, confidence: {}, preferences: {}, luminance: {} }],
  } as unknown as ConsensusState;
}

const mmlu = readDataset(
  JSON.stringify({ question: 'Capital of France?', choices: ['Berlin', 'Paris', 'Rome', 'Madrid'], answer: 1 }),
  'm.jsonl',
).items[0];

describe('eval: grading by letter and counting what cannot be read', () => {
  it('grades a multiple-choice answer by its letter, or by the one option its text names', () => {
    assert.ok(mmlu);
    const grader = graderFor(mmlu);
    assert.equal(grader.verdict('Paris is the capital.\nFinal answer: B'), 'right');
    assert.equal(grader.verdict('Answer: (b)'), 'right');
    assert.equal(grader.verdict('Final answer: Paris'), 'right');
    assert.equal(grader.verdict('Final answer: C'), 'wrong');
    assert.equal(grader.verdict('Final answer: Lyon'), 'unparsed');
    assert.equal(
      grader.verdict(
        'I am not sure which of these it is; several arguments could be made for more than one of the options listed here, and I would rather explain.',
      ),
      'unparsed',
    );
    // The index 1 is the letter B, never the number 1.
    assert.equal(grader.verdict('Final answer: 1'), 'unparsed');
  });

  it('counts final answers and round-0 answers with no readable final answer, and shows them', () => {
    assert.ok(mmlu);
    const rambling =
      'Let me think about the history of each city and what a capital means in different periods, which is a long story.\nIt depends.';
    const right = gradeRun(mmlu, state('Final answer: B', { a: 'Final answer: B', b: rambling, c: 'Final answer: C' }), 5);
    assert.equal(right.correct, true);
    assert.equal(right.unparsed, false);
    assert.equal(right.proposalsUnparsed, 1);
    assert.deepEqual(right.agentsCorrect, { a: true, b: false, c: false });
    // The unreadable proposal casts no vote: B and C tie, B came first.
    assert.equal(right.majorityCorrect, true);
    const unread = gradeRun(mmlu, state(rambling, { a: rambling, b: rambling, c: 'Final answer: B' }), 5);
    assert.equal(unread.correct, false);
    assert.equal(unread.unparsed, true);
    assert.equal(unread.majorityCorrect, true);
    const report = buildReport({
      dataset: 'm.jsonl',
      formats: ['MMLU'],
      agents: ['a', 'b', 'c'],
      results: [right, unread],
      skipped: [],
      unreadable: [{ line: 9, message: 'x' }],
    });
    assert.deepEqual(report.unparsed, { answers: 1, proposals: 3, references: 1 });
    const table = formatReport(report);
    assert.match(
      table,
      /format: MMLU · unparsed \(no readable final answer, graded wrong\): 1 final answers, 3 round-0 answers; 1 references \(not run\)/,
    );
    assert.match(table, /references with no readable final answer \(not run\): 9/);
  });

  it('compares the protocol with each baseline on the same items', () => {
    assert.ok(mmlu);
    const results = Array.from({ length: 12 }, (_, i) => {
      // Protocol right on all 12, majority right on the first 2, agent c never.
      const r = gradeRun(
        mmlu,
        state('Final answer: B', { a: 'Final answer: B', b: i < 2 ? 'Final answer: B' : 'Final answer: C', c: 'Final answer: C' }),
        5,
      );
      return { ...r, line: i + 1 };
    });
    const report = buildReport({ dataset: 'm', agents: ['a', 'b', 'c'], results, skipped: [] });
    const majority = report.baselines.majorityVote.paired;
    assert.deepEqual([majority.firstOnly, majority.secondOnly], [10, 0]);
    assert.ok(Math.abs(majority.pValue - 2 / 1024) < 1e-12);
    assert.match(formatReport(report), /\nmajority vote of round 0\s+16\.7%  \[4\.7%, 44\.8%\]\s+3\.00  \+83\.3 \[\S+, \S+\]\s+0\.002\n/);
  });
});
