/**
 * How many model calls a review of a 200-line selection with three agents makes (default
 * parameters: rounds 3, k 3, alpha 0.6, beta1 0.5, beta2 0.8). Asserts the counts and prints them
 * with the prompt sizes, for the README.
 */
import { strict as assert } from 'node:assert';
import { runReview } from '../../../src/review/run';
import type { ReviewState } from '../../../src/review/types';
import { sampleCode, scriptedExecute } from './reviewers';
import type { CallLog, Script, ScriptFinding } from './reviewers';

const code = sampleCode(200);
const ids = ['agent-1', 'agent-2', 'agent-3'];
const bug: ScriptFinding = {
  startLine: 57,
  endLine: 58,
  severity: 'error',
  title: 'Division by zero when count is 0',
  explanation: 'compute divides by count without checking it.',
};
const nit: ScriptFinding = {
  startLine: 120,
  severity: 'info',
  title: 'Prefer a named constant',
  explanation: 'The literal 120 has no name.',
};

async function review(scripts: Record<string, Script>): Promise<{ state: ReviewState; log: CallLog[] }> {
  const log: CallLog[] = [];
  const state = await runReview({ code, participants: ids, seed: 2024, execute: scriptedExecute(scripts, log) });
  return { state, log };
}

function describeRun(name: string, run: { state: ReviewState; log: CallLog[] }): string {
  const promptChars = run.log.map((call) => call.prompt.length);
  return (
    `${name}: ${run.state.calls} calls, ${run.state.roundsRun} refinement rounds, ${run.state.reason}; ` +
    `findings ${run.state.findings.map((f) => `${f.id}=${f.state}`).join(' ') || 'none'}; prompt sizes ${Math.min(...promptChars)}-${Math.max(...promptChars)} chars`
  );
}

describe('review: model calls for a 200-line selection with three agents', () => {
  const lines: string[] = [];
  after(() => {
    // Printed on purpose: these figures go into the README.
    console.log(`\n    Calls for a 200-line selection, 3 agents, default parameters:\n${lines.map((l) => `      ${l}`).join('\n')}\n`);
  });

  it('all agree at once (same findings, or none): 3 calls', async () => {
    const same = await review(Object.fromEntries(ids.map((id) => [id, { propose: [bug, nit] }])));
    assert.equal(same.state.calls, 3);
    lines.push(describeRun('agree at once          ', same));
    const clean = await review(Object.fromEntries(ids.map((id) => [id, { propose: [] }])));
    assert.equal(clean.state.calls, 3);
    lines.push(describeRun('nothing found          ', clean));
  });

  it('one agent misses a finding and is persuaded in round 1: 6 calls', async () => {
    const run = await review({
      'agent-1': { propose: [bug], judge: () => 'agree' },
      'agent-2': { propose: [bug], judge: () => 'agree' },
      'agent-3': { propose: [], judge: () => 'agree' },
    });
    assert.equal(run.state.calls, 6);
    assert.equal(run.state.findings[0]?.state, 'accepted');
    lines.push(describeRun('persuaded in round 1   ', run));
  });

  it('a lasting disagreement runs every round: 3 + 3 x 3 = 12 calls (the bound)', async () => {
    const run = await review({
      'agent-1': { propose: [bug, nit], judge: () => 'agree' },
      'agent-2': { propose: [bug], judge: (f) => (f.title.startsWith('Prefer') ? 'disagree' : 'agree') },
      'agent-3': { propose: [bug], judge: () => 'agree' },
    });
    assert.equal(run.state.calls, 12);
    assert.deepEqual(
      run.state.findings.map((f) => f.state),
      ['accepted', 'disputed'],
    );
    lines.push(describeRun('lasting disagreement   ', run));
  });
});
