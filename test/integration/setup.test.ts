import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { FixtureServer, testApi, freshCopy, openaiAgents, setSettings, waitUntil } from './helpers';
import { lmFixture, withoutLanguageModels } from './lmFixture';
import { cleanScript } from './reviewScript';
import { hasUiDriver, runFromPalette, screenshot, webviewClick, webviewText, webviewWaitFor, windowText } from './ui';

describe('First run: the setup page', function () {
  this.timeout(120_000);
  let server: FixtureServer;

  before(async () => {
    server = await FixtureServer.start();
  });

  beforeEach(async () => {
    (await testApi()).setup.forget();
    await setSettings({ agents: [], alpha: undefined, demo: undefined, rounds: 1, mode: 'consensus', synthesizer: '' });
  });

  afterEach(async () => {
    // Nothing may wait for a setup once the test is over: a later settings change would start it.
    (await testApi()).setup.forget();
  });

  after(async () => {
    await setSettings({ agents: [], alpha: undefined, demo: undefined, rounds: undefined, mode: undefined, synthesizer: undefined });
    await server?.stop();
  });

  it('Run Consensus with no agents opens the setup page before asking any question', async () => {
    const api = await testApi();
    await withoutLanguageModels(async () => {
      // Resolves only because nothing waits for a question: the question box would hold it open.
      const started = await vscode.commands.executeCommand<boolean>('consensus.run');
      assert.equal(started, false, 'a run started with no agents');
      assert.ok(api.setup.waiting, 'the run does not wait for the setup');
      assert.equal(api.setup.waiting.question, undefined);
      if (hasUiDriver()) {
        await webviewWaitFor('panel', { text: 'Consensus needs agents to ask' });
        // The local-server probe and the model lookup have answered (found or not).
        await webviewWaitFor('panel', { text: 'on the usual ports' }).catch(() => webviewWaitFor('panel', { text: 'Use ' }));
        await webviewWaitFor('panel', { text: 'None available' }).catch(async (error: unknown) => {
          throw new Error(
            `the page does not say none are available. The page shows: ${(await webviewText('panel')).replace(/\s+/g, ' ')} VS Code's models: ${(await vscode.lm.selectChatModels()).map((model) => `${model.vendor}/${model.id}`).join(', ')}. ${String(error).split('\n')[0]}`,
          );
        });
        const text = await webviewText('panel');
        assert.match(text, /VS Code language models/);
        assert.match(text, /A model server on this machine/);
        assert.match(text, /Add Agent…/);
        // VS Code has no language models: the page says what to do, once, and offers no button for them.
        assert.equal(text.match(/None available\. Install and sign in to GitHub Copilot/g)?.length, 1, text);
        assert.doesNotMatch(text, /Use VS Code Language Models/);
        await screenshot('setup-page');
      }
    });
  });

  it("lists VS Code's language models by name, without the Consensus model itself", async function () {
    if (!hasUiDriver()) this.skip();
    await lmFixture();
    assert.equal(await vscode.commands.executeCommand<boolean>('consensus.run'), false, 'a run started with no agents');
    await webviewWaitFor('panel', { text: 'Use VS Code Language Models' });
    const text = await webviewText('panel');
    assert.match(text, /Scripted Model · consensus-test/);
    assert.doesNotMatch(text, /None available\. Install/);
    assert.doesNotMatch(text, /· consensus\b(?!-)/, `the Consensus model is offered as one of its own agents:\n${text}`);
  });

  it('keeps a question asked with no agents and runs it once agents are configured', async () => {
    await server.script({ fallback: { text: 'Forty-two.' } });
    const api = await testApi();
    const question = 'What is six times seven, kept across the setup?';
    const started = await vscode.commands.executeCommand<boolean>('consensus.run', question);
    assert.equal(started, false, 'a run started with no agents');
    assert.equal(api.setup.waiting?.question, question, 'the question was not kept');
    if (hasUiDriver()) {
      await webviewWaitFor('panel', { text: question });
      await webviewWaitFor('panel', { text: 'It runs as soon as the agents are set up.' });
    }

    await setSettings({ agents: openaiAgents(server) });
    await waitUntil(() => api.runs.current?.view.prompt === question, 'the kept question to run once agents exist');
    const state = await api.runs.current!.done;
    assert.equal(state?.synthesis, 'Forty-two.');
    assert.ok(
      (await server.log()).some((request) => request.prompt.includes(question)),
      'the agents were not asked the kept question',
    );
    assert.equal(api.setup.waiting, undefined, 'the setup still waits after the run started');
    if (hasUiDriver()) await webviewWaitFor('panel', { text: 'Forty-two.' });
  });

  it('names an invalid setting and its problem, and opens the settings.json that holds it', async () => {
    await setSettings({ agents: openaiAgents(server), alpha: 0.3 });
    const api = await testApi();
    const started = await vscode.commands.executeCommand<boolean>('consensus.run');
    assert.equal(started, false);
    assert.ok(api.setup.waiting, 'the run does not wait for the setting to be fixed');
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
    const agents = openaiAgents(server).map((agent, index) =>
      index === 0 ? { ...agent, baseUrl: 'https://models.example.invalid/v1', name: 'Remote model' } : agent,
    );
    await setSettings({ agents: agents.slice(0, 2) });
    const api = await testApi();
    const runBefore = api.runs.current?.view.runId;
    assert.equal(await vscode.commands.executeCommand<boolean>('consensus.run', 'Anything'), false);
    assert.equal(api.runs.current?.view.runId, runBefore, 'a run started without enough usable agents');
    assert.equal(api.setup.waiting?.question, 'Anything');
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
    const api = await testApi();
    const question = 'How should we speed up the test suite?';
    assert.equal(await vscode.commands.executeCommand<boolean>('consensus.run', question), false);
    if (hasUiDriver()) {
      await webviewWaitFor('panel', { text: 'Try the Demo' });
      await webviewClick('panel', { text: 'Try the Demo' });
    } else {
      await api.setup.act({ action: 'demo' });
    }
    await waitUntil(() => api.runs.current?.view.prompt === question, 'the kept question to run with the demo agents');
    const run = api.runs.current!;
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
      // The sidebar may show the demo before it has the finished run's agents: wait for them.
      const agreed = new RegExp(`Demo · [^\\n]*agreed`);
      await waitUntil(async () => agreed.test(await webviewText('sidebar')), 'the sidebar to show the demo agents agreed');
      assert.match(await webviewText('sidebar'), /Scripted agents served by npm start/);
      // Leaving the demo is one click, and the next run asks for agents again.
      await webviewClick('sidebar', { text: 'Leave Demo' });
      await waitUntil(() => vscode.workspace.getConfiguration('consensus').get('demo') !== true, 'the demo to be turned off');
    } else {
      await setSettings({ demo: undefined });
    }
    assert.equal(
      await vscode.commands.executeCommand<boolean>('consensus.run', 'Another question'),
      false,
      'the demo agents still answer after leaving the demo',
    );
  });

  it('Review Selection with no agents opens the setup page, says once that the models are gone, and reviews once agents are configured', async function () {
    if (!hasUiDriver()) this.skip();
    await server.script(cleanScript());
    const api = await testApi();
    const editor = await freshCopy('review-sample.ts');
    await vscode.commands.executeCommand('notifications.clearAll');
    const fixture = await lmFixture();
    const previous = api.review.current?.view.runId;
    try {
      await vscode.commands.executeCommand('consensus.reviewSelection', 'none');
      assert.ok(api.setup.waiting, 'the review does not wait for the setup');
      assert.equal(api.review.current?.view.runId, previous, 'a review started with no agents');
      await webviewWaitFor('panel', { text: 'Consensus needs agents to ask' });
      await webviewWaitFor('panel', { text: 'Use VS Code Language Models' });
      // The models go away between the page and the click (signed out, uninstalled).
      await fixture.setModelsAvailable(false);
      await webviewClick('panel', { text: 'Use VS Code Language Models' });
      await webviewWaitFor('panel', { text: 'VS Code has no language models available' });
      const text = await webviewText('panel');
      assert.equal(text.match(/has no language models available/g)?.length, 1, `told more than once:\n${text}`);
      assert.match(text, /Install and sign in to GitHub Copilot or another language model provider, or add an OpenAI-compatible agent/);
      assert.doesNotMatch(text, /Use VS Code Language Models/);
      // Said in the page only: no notification repeats it or offers the old choice.
      await vscode.commands.executeCommand('notifications.showList');
      const notices = await windowText('.notifications-center').catch(() => '');
      assert.doesNotMatch(notices, /language models available|No agents are configured/, notices);

      // Agents configured another way: the waiting review goes on, on the same lines.
      await setSettings({ agents: openaiAgents(server) });
      await waitUntil(() => api.review.current !== undefined && api.review.current.view.runId !== previous, 'the waiting review to start');
      const review = api.review.current!;
      assert.equal(review.uri.toString(), editor.document.uri.toString(), 'another file was reviewed');
      const state = await review.done;
      assert.ok(state, `the review produced no state: ${review.view.error ?? ''}`);
      assert.equal(api.setup.waiting, undefined, 'the setup still waits after the review started');
    } finally {
      await fixture.setModelsAvailable(true);
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('notifications.hideList');
    }
  });
});
