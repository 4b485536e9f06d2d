import { strict as assert } from 'node:assert';
import { runConsensus } from '../../../src/core';
import { parseAgentsConfig } from '../../../src/agents/config';
import { AgentError, isAgentError } from '../../../src/agents/errors';
import { agentsToExecute } from '../../../src/agents/execute';
import { createAgent, envApiKeyLookup } from '../../../src/agents/factory';
import type { Agent } from '../../../src/agents/types';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';

describe('agents: factory and the engine bridge', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({
      apiKey: 'sk-env-key-0001',
      rules: [
        { model: 'good', responses: [{ text: 'yes', chunkSize: 1, chunkDelayMs: 1 }] },
        { model: 'empty', responses: [{ text: '' }] },
      ],
    });
  });
  after(() => server.close());

  function agents(): Agent[] {
    const configs = parseAgentsConfig([
      { id: 'good', provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'good', apiKeyEnv: 'FIXTURE_KEY' },
      { id: 'empty', provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'empty', apiKeyEnv: 'FIXTURE_KEY' },
      { id: 'nokey', provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'good' },
    ]);
    return configs.map((config) => createAgent(config, { getApiKey: envApiKeyLookup({ FIXTURE_KEY: 'sk-env-key-0001' }) }));
  }

  it('execute resolves the engine result: output, ok, ms, usage, and streams text', async () => {
    const execute = agentsToExecute(agents());
    const deltas: string[] = [];
    const result = await execute('good', 'Q', { signal: new AbortController().signal, onText: (d) => deltas.push(d) });
    assert.equal(result.id, 'good');
    assert.equal(result.ok, true);
    assert.equal(result.output, 'yes');
    assert.deepEqual(deltas, ['y', 'e', 's']);
    assert.ok(result.ms > 0);
    assert.deepEqual(result.usage, { inputTokens: 1, outputTokens: 3 });
  });

  it('failures never reject: an empty answer, a rejected key, an unknown id', async () => {
    const execute = agentsToExecute(agents());
    const signal = new AbortController().signal;
    const empty = await execute('empty', 'Q', { signal });
    assert.deepEqual([empty.ok, empty.error], [false, "Agent 'empty' returned an empty answer."]);
    const nokey = await execute('nokey', 'Q', { signal });
    assert.equal(nokey.ok, false);
    assert.match(nokey.error ?? '', /API key for agent 'nokey' was rejected/);
    const unknown = await execute('ghost', 'Q', { signal });
    assert.deepEqual([unknown.ok, unknown.error], [false, "No agent with id 'ghost' is configured."]);
  });

  it('vscode-lm needs the editor: a clear error without it, the injected agent with it', () => {
    const [config] = parseAgentsConfig([{ id: 'copilot', provider: 'vscode-lm', vendor: 'copilot' }]);
    assert.ok(config);
    assert.throws(
      () => createAgent(config, { getApiKey: async () => undefined }),
      (error: unknown) => isAgentError(error) && error.kind === 'config' && /only work inside VS Code/.test(error.message),
    );
    const injected: Agent = { id: 'copilot', name: 'Copilot', ask: async () => ({ output: 'from the editor' }) };
    assert.equal(createAgent(config, { getApiKey: async () => undefined, createVscodeLmAgent: () => injected }), injected);
  });

  it('drives a real consensus run: three streamed agents that agree are final after the proposals', async () => {
    server.setScript({ rules: [{ responses: [{ text: 'The answer is 4.', chunkSize: 4, chunkDelayMs: 1 }] }] });
    const configs = parseAgentsConfig(
      ['a', 'b', 'c'].map((id) => ({ id, provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'any' })),
    );
    const team = configs.map((config) => createAgent(config, { getApiKey: async () => 'sk-env-key-0001' }));
    const state = await runConsensus({ prompt: 'What is 2 + 2?', participants: ['a', 'b', 'c'], execute: agentsToExecute(team), seed: 1 });
    assert.equal(state.finalized, true);
    assert.equal(state.reason, 'final');
    assert.match(state.synthesis, /The answer is 4\./);
  });

  it('a thrown AgentError keeps its message in the result', async () => {
    const failing: Agent = {
      id: 'f',
      name: 'F',
      ask: async () => {
        throw new AgentError('timeout', "Agent 'F' did not finish within 1 s.");
      },
    };
    const result = await agentsToExecute([failing])('f', 'Q', { signal: new AbortController().signal });
    assert.deepEqual([result.ok, result.error, result.output], [false, "Agent 'F' did not finish within 1 s.", '']);
  });
});
