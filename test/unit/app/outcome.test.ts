import { strict as assert } from 'node:assert';
import { parseAgentsConfig, type AgentConfig } from '../../../src/agents/config';
import { createAgent } from '../../../src/agents/factory';
import {
  consensusOutcome,
  consensusText,
  DEMO_NOTE,
  reviewOutcome,
  reviewText,
  startConsensus,
  startReview,
  tiedAnswersText,
  type AppDeps,
} from '../../../src/app';
import type { ConsensusState } from '../../../src/core/types';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { scriptedAgentEntries } from '../../fixtures/scriptedAgents';

describe('app: the outcome told to another model', function () {
  this.timeout(20_000);
  let server: ScriptedServer;
  let agents: AgentConfig[];
  let deps: AppDeps;

  beforeEach(async () => {
    server = await startScriptedServer();
    agents = parseAgentsConfig(scriptedAgentEntries(server.openaiBaseUrl, ['a', 'b', 'c', 'd']));
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
    assert.deepEqual(outcome.tie?.map((position) => [position.answer, position.agents.slice().sort()]).sort(), [
      ['Lyon.', ['Model C', 'Model D']],
      ['Paris.', ['Model A', 'Model B']],
    ]);
    assert.deepEqual(outcome.dissent, [], 'the tied answers are not dissent from an answer');
    const text = consensusText(outcome);
    assert.match(text, /^No answer was agreed: the agents are split between 2 answers\./);
    assert.match(text, /Tied answer \d, held by Model A, Model B \(2 of 4 agents\):\nParis\./);
    assert.match(text, /Tied answer \d, held by Model C, Model D \(2 of 4 agents\):\nLyon\./);
    assert.equal(
      tiedAnswersText(consensusOutcome(state, names, { demo: true })),
      text.split('\n\n---\n')[0],
      'the Consensus model tells a tie in the same words',
    );
    assert.match(text, /Consensus: tie between 2 answers, no answer agreed \(stalemate\)/);
    assert.doesNotMatch(text, /backed by/);
  });

  it('says a stalemate is not final, and still gives the plurality answer marked as such', async () => {
    server.setScript({
      rules: [
        { model: 'model-a', responses: [{ text: 'Paris.' }] },
        { model: 'model-b', responses: [{ text: 'Paris.' }] },
        { model: 'model-c', responses: [{ text: 'Paris.' }] },
        { model: 'model-d', responses: [{ text: 'Lyon.' }] },
      ],
    });
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

  it("gives each position's final answer, not its first line, and support figures that agree with who holds it", async () => {
    // A and B agree on 391; C works it out aloud and ends on 392. No poll can make anyone confident (beta1 = 1).
    const working = 'Working it out: 17 * 23.\n17 * 20 = 340 and 17 * 3 = 52.\nAnswer: 392';
    server.setScript({
      rules: [
        { model: 'model-a', responses: [{ text: 'Answer: 391' }] },
        { model: 'model-b', responses: [{ text: 'Answer: 391' }] },
        { model: 'model-c', responses: [{ text: working }] },
      ],
    });
    const three = agents.slice(0, 3);
    const run = startConsensus({ prompt: '17 * 23?', agents: three, settings: { rounds: 0, beta1: 1 } }, deps);
    const state = await run.result;
    const outcome = consensusOutcome(state, run.agents);
    assert.equal(outcome.final, false);
    assert.deepEqual(outcome.support.slice().sort(), ['Model A', 'Model B']);
    assert.equal(outcome.finalAnswer, '391');
    assert.equal(outcome.supportShare, 2 / 3, 'two of three agents hold the answer');
    assert.equal(outcome.confidentShare, 0, 'nobody is confident yet');
    assert.deepEqual(outcome.dissent, [{ agents: ['Model C'], answer: '392', share: 1 / 3 }]);
    assert.match(consensusText(outcome), /\nDissent \(Model C\): 392$/m);
  });

  it('tells a failure in full, without cutting it', async () => {
    const long = `quota exhausted: ${'this project has used every token it was granted for the month; '.repeat(3)}ask the owner for more`;
    server.setScript({
      rules: [
        { model: 'model-a', responses: [{ text: 'Paris.' }] },
        { model: 'model-b', responses: [{ text: 'Paris.' }] },
        { model: 'model-c', responses: [{ text: 'Paris.' }] },
        { model: 'model-d', responses: [{ kind: 'status', status: 400, message: long }] },
      ],
    });
    const run = startConsensus({ prompt: 'Which city?', agents, settings: { rounds: 1 } }, deps);
    const outcome = consensusOutcome(await run.result, run.agents);
    const text = consensusText(outcome);
    const line = text.split('\n').find((candidate) => candidate.startsWith('Failed: Model D'));
    assert.ok(line, text);
    assert.ok(line.includes('ask the owner for more'), `the failure is cut: ${line}`);
    assert.doesNotMatch(line, /…/);
  });

  it('says a review where every agent failed made no review, never that the agents found no problems', async () => {
    server.setScript({ fallback: { kind: 'status', status: 401, message: 'invalid api key' } });
    const run = startReview({ code: 'const x = 1 / 0;\n', agents }, deps);
    const state = await run.result;
    const outcome = reviewOutcome(state, run.agents);
    assert.equal(outcome.failures.length, 4);
    const text = reviewText(outcome);
    assert.doesNotMatch(text, /found no problems/);
    assert.match(text, /^No review was made: every agent failed\./);
  });

  it('says "Demo" before anything else when the scripted demo agents answered, and only then', async () => {
    server.setScript({ fallback: { text: 'Paris.' } });
    const run = startConsensus({ prompt: 'Which city?', agents, settings: { rounds: 1 } }, deps);
    const state = await run.result;
    assert.ok(consensusText(consensusOutcome(state, run.agents, { demo: true })).startsWith(`${DEMO_NOTE}\n\nParis.`));
    assert.doesNotMatch(consensusText(consensusOutcome(state, run.agents)), /Demo/);
    const review = startReview({ code: 'const x = 1;\n', agents }, deps);
    const reviewed = await review.result;
    assert.ok(reviewText(reviewOutcome(reviewed, review.agents, { demo: true })).startsWith(`${DEMO_NOTE}\n\n`));
    assert.doesNotMatch(reviewText(reviewOutcome(reviewed, review.agents)), /Demo/);
  });
});
