import { strict as assert } from 'node:assert';
import { parseAgentsConfig, type AgentConfig } from '../../../src/agents/config';
import { createAgent } from '../../../src/agents/factory';
import { consensusOutcome, consensusText, startConsensus, type AppDeps } from '../../../src/app';
import type { ConsensusState } from '../../../src/core/types';
import { startScriptedServer, type ScriptedServer } from '../../fixtures/scriptedServer';

describe('app: the outcome told to another model', function () {
  this.timeout(20_000);
  let server: ScriptedServer;
  let agents: AgentConfig[];
  let deps: AppDeps;

  beforeEach(async () => {
    server = await startScriptedServer();
    agents = parseAgentsConfig(['a', 'b', 'c', 'd'].map((id) => ({ id, name: `Model ${id.toUpperCase()}`, provider: 'openai', baseUrl: server.openaiBaseUrl, model: `model-${id}` })));
    deps = { createAgent: (config) => createAgent(config, { getApiKey: async () => undefined }) };
  });
  afterEach(() => server.close());

  /** Two pairs of agents that never move: A and B say Paris, C and D say Lyon. */
  async function splitRun(): Promise<{ state: ConsensusState; names: { id: string; name: string }[] }> {
    const answers: Record<string, string> = { 'model-a': 'Paris.', 'model-b': 'Paris.', 'model-c': 'Lyon.', 'model-d': 'Lyon.' };
    server.setScript({ rules: Object.entries(answers).map(([model, text]) => ({ model, responses: [{ text }] })) });
    const run = startConsensus({ prompt: 'Which city?', agents, settings: { rounds: 1 } }, deps);
    return { state: await run.result, names: [...run.agents] };
  }

  it('reports a tie as a tie: no agreed answer, both tied answers with their agents', async () => {
    const { state, names } = await splitRun();
    assert.equal(state.tie?.length, 2, 'the engine should end this run tied');
    const outcome = consensusOutcome(state, names);
    assert.equal(outcome.final, false);
    assert.equal(outcome.answer, '', 'a tie must not present one of the tied answers as the answer');
    assert.deepEqual(outcome.support, []);
    assert.deepEqual(outcome.tie?.map((position) => [position.answer, position.agents.slice().sort()]).sort(), [['Lyon.', ['Model C', 'Model D']], ['Paris.', ['Model A', 'Model B']]]);
    assert.deepEqual(outcome.dissent, [], 'the tied answers are not dissent from an answer');
    const text = consensusText(outcome);
    assert.match(text, /^No answer was agreed: the agents are split between 2 answers\./);
    assert.match(text, /Tied answer \d \(Model A, Model B\):\nParis\./);
    assert.match(text, /Tied answer \d \(Model C, Model D\):\nLyon\./);
    assert.match(text, /Consensus: tie between 2 answers, no answer agreed \(stalemate\)/);
    assert.doesNotMatch(text, /backed by/);
  });

  it('says a stalemate is not final, and still gives the plurality answer marked as such', async () => {
    server.setScript({ rules: [{ model: 'model-a', responses: [{ text: 'Paris.' }] }, { model: 'model-b', responses: [{ text: 'Paris.' }] }, { model: 'model-c', responses: [{ text: 'Paris.' }] }, { model: 'model-d', responses: [{ text: 'Lyon.' }] }] });
    const run = startConsensus({ prompt: 'Which city?', agents, settings: { rounds: 1, beta2: 1 } }, deps);
    const state = await run.result;
    assert.equal(state.finalized, false);
    assert.equal(state.reason, 'stalemate', 'three against one, beta2 = 1: no round can decide');
    const outcome = consensusOutcome(state, run.agents);
    assert.equal(outcome.reason, 'stalemate');
    const text = consensusText(outcome);
    assert.match(text, /Consensus: not final \(stalemate\)/);
    assert.match(text, /^Paris\./, 'the plurality answer is still given, marked not final');
  });
});
