import { strict as assert } from 'node:assert';
import type { AgentConfig } from '../../../src/agents/config';
import { parseAgentsConfig } from '../../../src/agents/config';
import { createAgent } from '../../../src/agents/factory';
import { callBound, consensusOutcome, startConsensus, startReview, type AppDeps, type RunRecord } from '../../../src/app';
import type { ConsensusEvent } from '../../../src/core/events';
import { eventually } from '../../fixtures/processes';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { scriptedAgentEntries } from '../../fixtures/scriptedAgents';

const FINDING =
  '```json\n' +
  JSON.stringify({
    findings: [{ startLine: 1, endLine: 1, severity: 'warning', title: 'Unused variable x', explanation: 'x is never read.' }],
  }) +
  '\n```';

describe('app: starting runs the way every front-end does', function () {
  this.timeout(20_000);
  let server: ScriptedServer;
  let agents: AgentConfig[];
  let saved: RunRecord[];
  let deps: AppDeps;

  beforeEach(async () => {
    server = await startScriptedServer();
    agents = parseAgentsConfig(scriptedAgentEntries(server.openaiBaseUrl, ['a', 'b', 'c']));
    saved = [];
    deps = {
      createAgent: (config) => createAgent(config, { getApiKey: async () => undefined }),
      history: { save: async (record) => void saved.push(record) },
    };
  });
  afterEach(() => server.close());

  it('streams every event from the start to a listener added after start, and keeps the run in history', async () => {
    server.setScript({ fallback: { text: 'Answer: 42' } });
    const run = startConsensus({ prompt: 'Six times seven?', agents }, deps);
    const events: ConsensusEvent[] = [];
    run.onEvent((event) => events.push(event));
    const state = await run.result;
    assert.equal(events[0]?.type, 'start');
    assert.equal(events.at(-1)?.type, 'done');
    assert.equal(state.synthesis, 'Answer: 42');
    assert.equal(saved.length, 1);
    assert.equal(saved[0]?.kind, 'consensus');
    assert.equal(saved[0]?.id, run.id);
    assert.equal(saved[0]?.title, 'Six times seven?');
    assert.deepEqual(
      saved[0]?.agents.map((agent) => agent.name),
      ['Model A', 'Model B', 'Model C'],
    );
    const outcome = consensusOutcome(state, run.agents);
    assert.equal(outcome.final, true);
    assert.deepEqual(outcome.support.slice().sort(), ['Model A', 'Model B', 'Model C']);
  });

  it('cancels through the request signal: calls in flight are aborted and the result says cancelled', async () => {
    server.setScript({ fallback: { kind: 'hang', afterHeaders: true } });
    const controller = new AbortController();
    const run = startConsensus({ prompt: 'Never answered', agents, signal: controller.signal }, deps);
    await eventually(() => server.log().length === 3, 15_000, 'three requests in flight');
    controller.abort();
    const state = await run.result;
    assert.equal(state.reason, 'cancelled');
    assert.equal(run.signal.aborted, true);
    await eventually(() => server.log().every((request) => request.aborted), 15_000, 'every request aborted');
  });

  it('stops at the call budget', async () => {
    server.setScript({
      rules: [
        { model: 'model-a', responses: [{ text: 'Answer: 1' }] },
        { model: 'model-b', responses: [{ text: 'Answer: 2' }] },
        { model: 'model-c', responses: [{ text: 'Answer: 3' }] },
      ],
    });
    const state = await startConsensus({ prompt: 'Pick', agents, settings: { maxCalls: 4 } }, deps).result;
    assert.equal(state.reason, 'budget');
    assert.ok(server.log().length <= 4);
    assert.equal(callBound('consensus', 3, { maxCalls: 4 }), 4);
    assert.equal(callBound('consensus', 3, { rounds: 2 }), 12);
    assert.equal(callBound('review', 3, { rounds: 2 }), 9);
  });

  it('rejects the result with the parameter at fault before any call', async () => {
    const run = startConsensus({ prompt: 'x', agents, settings: { alpha: 0.2 } }, deps);
    await assert.rejects(run.result, /alpha/);
    assert.equal(server.log().length, 0);
    assert.equal(saved.length, 0);
  });

  it('reviews code and keeps the review in history', async () => {
    server.setScript({ fallback: { text: FINDING } });
    const run = startReview({ code: 'const x = 1;\n', fileName: 'src/x.ts', agents }, deps);
    const state = await run.result;
    assert.equal(state.findings[0]?.state, 'accepted');
    assert.equal(saved[0]?.kind, 'review');
    assert.equal(saved[0]?.title, 'Review src/x.ts');
  });

  it('keeps running when a listener throws', async () => {
    server.setScript({ fallback: { text: 'Answer: 42' } });
    const run = startConsensus({ prompt: 'x', agents }, deps);
    run.onEvent(() => {
      throw new Error('a closed view');
    });
    assert.equal((await run.result).synthesis, 'Answer: 42');
  });
});
