import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { FixtureServer, extensionCtx, openaiAgents, setSettings, waitUntil } from './helpers';
import { hasUiDriver, screenshot, webviewClick, webviewText, webviewWaitFor } from './ui';

describe('First run: the setup page', function () {
  this.timeout(120_000);
  let server: FixtureServer;

  before(async () => {
    server = await FixtureServer.start();
  });

  beforeEach(async () => {
    (await extensionCtx()).setup.forget();
    await setSettings({ agents: [], alpha: undefined, rounds: 1, mode: 'consensus', synthesizer: '' });
  });

  afterEach(async () => {
    // Nothing may wait for a setup once the test is over: a later settings change would start it.
    (await extensionCtx()).setup.forget();
  });

  after(async () => {
    await setSettings({ agents: [], alpha: undefined, rounds: undefined, mode: undefined, synthesizer: undefined });
    await server?.stop();
  });

  it('Run Consensus with no agents opens the setup page before asking any question', async () => {
    const ctx = await extensionCtx();
    // Resolves only because nothing waits for a question: the question box would hold it open.
    const started = await vscode.commands.executeCommand<boolean>('consensus.run');
    assert.equal(started, false, 'a run started with no agents');
    assert.ok(ctx.setup.waiting, 'the run does not wait for the setup');
    assert.equal(ctx.setup.waiting.question, undefined);
    if (hasUiDriver()) {
      await webviewWaitFor('panel', { text: 'Consensus needs agents to ask' });
      // The local-server probe has answered (found or not) and Add Agent is offered.
      await webviewWaitFor('panel', { text: 'on the usual ports' }).catch(() => webviewWaitFor('panel', { text: 'Use ' }));
      const text = await webviewText('panel');
      assert.match(text, /VS Code language models/);
      assert.match(text, /A model server on this machine/);
      assert.match(text, /Add Agent…/);
      // code-server has no language models: the page says what to do, once.
      assert.match(text, /None available\. Install and sign in to GitHub Copilot/);
      await screenshot('setup-page');
    }
  });

  it('keeps a question asked with no agents and runs it once agents are configured', async () => {
    await server.script({ fallback: { text: 'Forty-two.' } });
    const ctx = await extensionCtx();
    const question = 'What is six times seven, kept across the setup?';
    const started = await vscode.commands.executeCommand<boolean>('consensus.run', question);
    assert.equal(started, false, 'a run started with no agents');
    assert.equal(ctx.setup.waiting?.question, question, 'the question was not kept');
    if (hasUiDriver()) {
      await webviewWaitFor('panel', { text: question });
      await webviewWaitFor('panel', { text: 'It runs as soon as the agents are set up.' });
    }

    await setSettings({ agents: openaiAgents(server) });
    await waitUntil(() => ctx.runs.current?.view.prompt === question, 'the kept question to run once agents exist');
    const state = await ctx.runs.current!.done;
    assert.equal(state?.synthesis, 'Forty-two.');
    assert.ok((await server.log()).some((request) => request.prompt.includes(question)), 'the agents were not asked the kept question');
    assert.equal(ctx.setup.waiting, undefined, 'the setup still waits after the run started');
    if (hasUiDriver()) await webviewWaitFor('panel', { text: 'Forty-two.' });
  });

  it('names an invalid setting and its problem, and opens the settings.json that holds it', async () => {
    await setSettings({ agents: openaiAgents(server), alpha: 0.3 });
    const ctx = await extensionCtx();
    const started = await vscode.commands.executeCommand<boolean>('consensus.run');
    assert.equal(started, false);
    assert.ok(ctx.setup.waiting, 'the run does not wait for the setting to be fixed');
    if (hasUiDriver()) {
      await webviewWaitFor('panel', { text: 'The setting consensus.alpha needs fixing' });
      assert.match(await webviewText('panel'), /The setting consensus\.alpha is 0\.3; it must be/);
      await webviewClick('panel', { text: 'Open settings.json' });
      await waitUntil(() => /settings\.json$/.test(vscode.window.activeTextEditor?.document.fileName ?? ''), 'settings.json to open');
      assert.match(vscode.window.activeTextEditor!.document.getText(), /"consensus\.alpha": 0\.3/);
      await screenshot('setup-setting');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('names the agent without a key and offers to set it, keeping the question', async () => {
    const agents = openaiAgents(server).map((agent, index) => (index === 0 ? { ...agent, baseUrl: 'https://models.example.invalid/v1', name: 'Remote model' } : agent));
    await setSettings({ agents: agents.slice(0, 2) });
    const ctx = await extensionCtx();
    const runBefore = ctx.runs.current?.view.runId;
    assert.equal(await vscode.commands.executeCommand<boolean>('consensus.run', 'Anything'), false);
    assert.equal(ctx.runs.current?.view.runId, runBefore, 'a run started without enough usable agents');
    assert.equal(ctx.setup.waiting?.question, 'Anything');
    if (hasUiDriver()) {
      await webviewWaitFor('panel', { text: 'Not enough agents can take part' });
      const text = await webviewText('panel');
      assert.match(text, /Agent 'Remote model' has no API key: set it with "Consensus: Set API Key\.\.\."/);
      assert.match(text, /Set API Key…/);
    }
  });
});
