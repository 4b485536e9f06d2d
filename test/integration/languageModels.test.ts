import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { testApi, setSettings, waitUntil } from './helpers';
import { hasUiDriver, webviewClick, webviewText, webviewWaitFor } from './ui';
import { lmFixture, scriptedAgents } from './lmFixture';
import type { RunView } from '../../src/shared/runView';

describe('vscode-lm agents against a VS Code language model', function () {
  this.timeout(120_000);

  before(() => setSettings({ rounds: 2, mode: 'consensus', synthesizer: '' }));
  after(() => setSettings({ agents: [] }));

  it('run a consensus: the agent against is won over, and the synthesis answers', async () => {
    const fixture = await lmFixture();
    await setSettings({ agents: scriptedAgents('consensus-test') });
    const api = await testApi();
    await vscode.commands.executeCommand('consensus.run', 'What is six times seven?');
    await waitUntil(() => api.runs.current?.view.title === 'What is six times seven?', 'the run to start');
    const state = await api.runs.current!.done;
    assert.ok(state, 'the run produced no state');
    assert.equal(state.finalized, true, `not final: ${state.reason}`);
    assert.match(state.synthesis, /Final answer: 42/);
    const view = api.runs.current!.view;
    const against = view.agents.find((agent) => agent.id === 'lm-against')!;
    const endorsed = view.rounds.find((round) => round.round === 1)?.poll?.entries['lm-against']?.endorsed;
    assert.ok(endorsed && endorsed !== against.label, `the agent against kept its own answer (endorsed ${endorsed})`);
    // Each stance reached the model as its instruction, ahead of the question.
    assert.ok(fixture.requests.some((request) => /opposing side/.test(request.prompt) && /six times seven/.test(request.prompt)));
    assert.ok(fixture.requests.some((request) => /in favour/.test(request.prompt)));
  });

  it('a selector that matches any model never picks the Consensus model itself', async () => {
    const fixture = await lmFixture();
    // Any vendor, and one that names the Consensus model outright: both would ask the consensus itself.
    await setSettings({ agents: [...scriptedAgents(), { id: 'loop', name: 'Loop', provider: 'vscode-lm', vendor: 'consensus' }] });
    const api = await testApi();
    const earlier = new Set((await api.history.list()).map((past) => past.runId));
    const [consensus] = await vscode.lm.selectChatModels({ vendor: 'consensus' });
    assert.ok(consensus, 'the Consensus model is not offered');
    const response = await consensus.sendRequest([vscode.LanguageModelChatMessage.User('What is six times seven?')]);
    let text = '';
    for await (const piece of response.text) text += piece;
    assert.match(text, /42/);
    assert.ok(fixture.requests.length >= 3, 'the agents did not reach the scripted model');
    const newRun = async (): Promise<RunView | undefined> =>
      (await api.history.list()).find((past) => past.runId.startsWith('model-') && !earlier.has(past.runId));
    await waitUntil(async () => (await newRun()) !== undefined, 'the run in past runs');
    const run = await newRun();
    assert.deepEqual(
      run?.agents.map((agent) => agent.id).sort(),
      ['lm-against', 'lm-for', 'lm-neutral'],
      'the run did not leave out the agent that selects the Consensus model',
    );
  });

  it('are what the first run offers when no agent is configured: the setup page lists them and runs the question with them', async function () {
    if (!hasUiDriver()) this.skip();
    const fixture = await lmFixture();
    await setSettings({ agents: [] });
    const api = await testApi();
    api.setup.forget();
    const before = api.runs.current;
    const question = 'What is six times seven?';
    try {
      assert.equal(await vscode.commands.executeCommand<boolean>('consensus.run', question), false, 'a run started with no agents');
      await webviewWaitFor('panel', { text: 'Use VS Code Language Models' });
      const page = await webviewText('panel');
      assert.match(page, /Scripted Model · consensus-test/, `the setup page does not name the scripted model:\n${page}`);
      // The Consensus model is the answer of these agents, not one of them.
      assert.doesNotMatch(page, /· consensus\b(?!-)/, `the setup page offers the Consensus model itself:\n${page}`);
      await webviewClick('panel', { text: 'Use VS Code Language Models' });
      await waitUntil(
        () => api.runs.current !== before && api.runs.current?.view.title === question,
        'the kept question to run with the chosen models',
      );
      const run = api.runs.current!;
      const state = await run.done;
      assert.equal(state?.finalized, true, `not final: ${state?.reason ?? run.view.error}`);
      assert.match(state?.synthesis ?? '', /Final answer: 42/);
      assert.deepEqual(
        run.view.agents.map((agent) => agent.name),
        ['Scripted Model (neutral)', 'Scripted Model (for)', 'Scripted Model (against)'],
      );
      assert.ok(
        fixture.requests.some((request) => /opposing side/.test(request.prompt) && /six times seven/.test(request.prompt)),
        'the scripted model was not asked the question',
      );
      const written =
        vscode.workspace.getConfiguration('consensus').get<Array<{ provider: string; vendor: string; stance?: string }>>('agents') ?? [];
      assert.deepEqual(
        written.map((agent) => [agent.provider, agent.vendor, agent.stance]),
        [
          ['vscode-lm', 'consensus-test', 'neutral'],
          ['vscode-lm', 'consensus-test', 'for'],
          ['vscode-lm', 'consensus-test', 'against'],
        ],
      );
      await webviewWaitFor('panel', { text: 'Final answer: 42' });
    } finally {
      api.setup.forget();
      await setSettings({ agents: [] });
    }
  });
});
