import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { FixtureServer, extensionCtx, freshCopy, openaiAgents, setSettings, waitUntil } from './helpers';
import { hasUiDriver, runFromPalette, screenshot, webviewClick, webviewText, webviewWaitFor, windowClick, windowText } from './ui';

describe('First run: the setup page', function () {
  this.timeout(120_000);
  let server: FixtureServer;

  before(async () => {
    server = await FixtureServer.start();
  });

  beforeEach(async () => {
    (await extensionCtx()).setup.forget();
    await setSettings({ agents: [], alpha: undefined, demo: undefined, rounds: 1, mode: 'consensus', synthesizer: '' });
  });

  afterEach(async () => {
    // Nothing may wait for a setup once the test is over: a later settings change would start it.
    (await extensionCtx()).setup.forget();
  });

  after(async () => {
    await setSettings({ agents: [], alpha: undefined, demo: undefined, rounds: undefined, mode: undefined, synthesizer: undefined });
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

  it('Try the Demo runs the kept question with three scripted agents that converge, labelled Demo in every view', async function () {
    // The runner serves the demo agents as `npm start` does; elsewhere there is no demo to try.
    if (!process.env.CONSENSUS_DEMO_URL) this.skip();
    await setSettings({ rounds: 3 });
    const ctx = await extensionCtx();
    const question = 'How should we speed up the test suite?';
    assert.equal(await vscode.commands.executeCommand<boolean>('consensus.run', question), false);
    if (hasUiDriver()) {
      await webviewWaitFor('panel', { text: 'Try the Demo' });
      await webviewClick('panel', { text: 'Try the Demo' });
    } else {
      await ctx.setup.act({ action: 'demo' });
    }
    await waitUntil(() => ctx.runs.current?.view.prompt === question, 'the kept question to run with the demo agents');
    const run = ctx.runs.current!;
    assert.equal(run.view.demo, true, 'the run is not marked as a demo');
    assert.deepEqual(run.view.agents.map((agent) => agent.name).sort(), ['Demo · Brief', 'Demo · Careful', 'Demo · Skeptic']);
    const state = await run.done;
    assert.equal(state?.finalized, true, `the demo did not converge: ${state?.reason}`);
    assert.ok((state?.roundsRun ?? 0) >= 2, 'the demo showed no refinement rounds');
    assert.equal(state?.synthesisSource, 'model', 'no agent wrote a synthesis');
    if (hasUiDriver()) {
      await webviewWaitFor('panel', { text: 'Agreed after round 2' });
      const panel = await webviewText('panel');
      assert.match(panel, /DEMO/i);
      assert.match(panel, /3 scripted demo agents/);
      assert.match(panel, /Leave Demo/);
      await screenshot('demo-panel');
      await runFromPalette('View: Show Consensus');
      await webviewWaitFor('sidebar', { text: 'Leave Demo' });
      const sidebar = await webviewText('sidebar');
      assert.match(sidebar, /Scripted agents served by npm start/);
      assert.match(sidebar, new RegExp(`Demo · [^\\n]*agreed`));
      // Leaving the demo is one click, and the next run asks for agents again.
      await webviewClick('sidebar', { text: 'Leave Demo' });
      await waitUntil(() => vscode.workspace.getConfiguration('consensus').get('demo') !== true, 'the demo to be turned off');
    } else {
      await setSettings({ demo: undefined });
    }
    assert.equal(await vscode.commands.executeCommand<boolean>('consensus.run', 'Another question'), false, 'the demo agents still answer after leaving the demo');
  });

  it('Review Selection with no agents: "Use VS Code Language Models" with none available says once what to do', async function () {
    if (!hasUiDriver()) this.skip();
    await freshCopy('review-sample.ts');
    await vscode.commands.executeCommand('notifications.clearAll');
    try {
      void vscode.commands.executeCommand('consensus.reviewSelection', 'none');
      await vscode.commands.executeCommand('notifications.showList');
      await waitUntil(async () => /No agents are configured for Consensus yet/.test(await windowText('.notifications-center').catch(() => '')), 'the offer of language models');
      await windowClick('.notifications-center .monaco-button', 'Use VS Code Language Models');
      // Acting on the last notification may close the list: open it again to read what follows.
      await waitUntil(async () => {
        await vscode.commands.executeCommand('notifications.showList');
        return /VS Code has no language models available/.test(await windowText('.notifications-center').catch(() => ''));
      }, 'the message saying there are none');
      const shown = await windowText('.notifications-center');
      assert.equal(shown.match(/has no language models available/g)?.length, 1, `told more than once:\n${shown}`);
      assert.doesNotMatch(shown, /No agents are configured\. Add one/);
      assert.match(shown, /Install and sign in to GitHub Copilot or another language model provider, or add an OpenAI-compatible agent/);
    } finally {
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('notifications.hideList');
    }
  });
});
