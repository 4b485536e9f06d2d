/**
 * Loaded by VS Code as `extensionTestsPath` for the front-ends benchmark: the same question over
 * the same three agents (OpenAI-style, on the scripted loopback server, answering at once), asked
 * of the engine alone, through the tool `consensus_ask` (vscode.lm.invokeTool), and of the
 * Consensus model (vscode.lm.selectChatModels + sendRequest). Writes the times to
 * CONSENSUS_BENCH_RESULTS; asserts nothing.
 */
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { createAgent } from '../../src/agents/factory';
import { agentsToExecute } from '../../src/agents/execute';
import type { AgentConfig } from '../../src/agents';
import { runConsensus } from '../../src/core';
import type { ConsensusTestApi } from '../../src/extension/testApi';
import { SCRIPTED_SERVER_SCRIPT, loadScript } from '../../src/demo/scriptedServer';
import { spawnFixture } from '../fixtures/spawnFixture';

const SAMPLES = Number(process.env.CONSENSUS_BENCH_SAMPLES ?? 15);
const QUESTION = 'How should I index users by id?';
const ANSWER = 'Use a Map keyed by id.\n\nFinal answer: a Map';

interface Sample {
  totalMs: number;
  firstProgressMs?: number;
  firstTextMs?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<ConsensusTestApi | undefined>('consensus-team.consensus');
  if (!extension) throw new Error('the extension is not loaded');
  const api = await extension.activate();
  if (!api) throw new Error('the extension returned no test API: VS Code is not running it in test mode');
  const runs = api.quietRuns;
  const server = await spawnFixture(SCRIPTED_SERVER_SCRIPT);
  try {
    await loadScript(server.url, { fallback: { text: ANSWER, chunkSize: 12 } });
    const configs: AgentConfig[] = ['m1', 'm2', 'm3'].map((model, index) => ({
      id: `agent-${index + 1}`,
      name: `Model ${model}`,
      provider: 'openai',
      baseUrl: `${server.url}/v1`,
      model,
      enabled: true,
    }));
    const settings = vscode.workspace.getConfiguration('consensus');
    await settings.update(
      'agents',
      configs.map(({ enabled: _enabled, ...config }) => config),
      vscode.ConfigurationTarget.Global,
    );
    await settings.update('rounds', 2, vscode.ConfigurationTarget.Global);

    // When a quiet run reports its first event, and its first streamed text.
    let started = 0;
    let firstProgress: number | undefined;
    let firstText: number | undefined;
    runs.onDidEvent(({ event }) => {
      firstProgress ??= performance.now() - started;
      if (event.type === 'agent-text') firstText ??= performance.now() - started;
    });

    const engine = async (): Promise<Sample> => {
      const agents = configs.map((config) => createAgent(config, { getApiKey: async () => undefined }));
      const begin = performance.now();
      let first: number | undefined;
      await runConsensus({
        prompt: QUESTION,
        participants: agents.map((agent) => agent.id),
        execute: agentsToExecute(agents),
        rounds: 2,
        onEvent: () => {
          first ??= performance.now() - begin;
        },
      });
      return { totalMs: performance.now() - begin, ...(first !== undefined ? { firstProgressMs: first } : {}) };
    };
    const tool = async (): Promise<Sample> => {
      firstProgress = undefined;
      firstText = undefined;
      started = performance.now();
      await vscode.lm.invokeTool('consensus_ask', { input: { question: QUESTION }, toolInvocationToken: undefined });
      return {
        totalMs: performance.now() - started,
        ...(firstProgress !== undefined ? { firstProgressMs: firstProgress } : {}),
        ...(firstText !== undefined ? { firstTextMs: firstText } : {}),
      };
    };
    const [consensusModel] = await vscode.lm.selectChatModels({ vendor: 'consensus' });
    if (!consensusModel) throw new Error('the Consensus model is not offered');
    const model = async (): Promise<Sample> => {
      const begin = performance.now();
      const response = await consensusModel.sendRequest([vscode.LanguageModelChatMessage.User(QUESTION)]);
      let first: number | undefined;
      for await (const _piece of response.text) first ??= performance.now() - begin;
      return { totalMs: performance.now() - begin, ...(first !== undefined ? { firstTextMs: first } : {}) };
    };

    // One warm-up of each, then the three in turn so drift on a shared machine hits all alike.
    await engine();
    await tool();
    await model();
    const samples: Record<'engine' | 'tool' | 'model', Sample[]> = { engine: [], tool: [], model: [] };
    for (let index = 0; index < SAMPLES; index++) {
      samples.engine.push(await engine());
      samples.tool.push(await tool());
      samples.model.push(await model());
    }
    const summary = Object.fromEntries(
      Object.entries(samples).map(([name, list]) => [
        name,
        {
          totalMs: median(list.map((sample) => sample.totalMs)),
          firstProgressMs: median(list.flatMap((sample) => (sample.firstProgressMs !== undefined ? [sample.firstProgressMs] : []))),
          firstTextMs: median(list.flatMap((sample) => (sample.firstTextMs !== undefined ? [sample.firstTextMs] : []))),
        },
      ]),
    );
    const target = process.env.CONSENSUS_BENCH_RESULTS;
    if (target) writeFileSync(target, JSON.stringify({ samples: SAMPLES, summary }, null, 2));
    await settings.update('agents', [], vscode.ConfigurationTarget.Global);
  } finally {
    await server.stop();
  }
}
