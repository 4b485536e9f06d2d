import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import {
  closedPort,
  testApi,
  freshCopy,
  openaiAgents,
  setSettings,
  startConsensusFixture,
  stopConsensusFixture,
  waitUntil,
  type FixtureServer,
} from './helpers';
import { answerQuickInput, hasUiDriver, runFromPalette, screenshot, webviewText, webviewWaitFor } from './ui';

const FIXED = 'export function add(a: number, b: number): number {\n  return a + b;\n}';
const ANSWER = `The subtraction is the bug.\n\n\`\`\`typescript\n${FIXED}\n\`\`\`\n\nANSWER: use a + b`;

describe('Run Consensus', function () {
  this.timeout(120_000);
  let server: FixtureServer;

  before(async () => {
    server = await startConsensusFixture();
  });

  after(() => stopConsensusFixture(server));

  it('reaches finality on a selection, shows every agent in the panel, and replaces exactly the selection', async function () {
    await server.script({ fallback: { text: ANSWER, chunkSize: 12, chunkDelayMs: 15 } });
    const editor = await freshCopy('sample.ts');
    const original = editor.document.getText();
    const start = new vscode.Position(0, 0);
    const end = new vscode.Position(2, 1);
    editor.selection = new vscode.Selection(start, end);
    const api = await testApi();

    if (hasUiDriver()) {
      await runFromPalette('Consensus: Run Consensus');
      await answerQuickInput('Fix the bug');
    } else {
      await vscode.commands.executeCommand('consensus.run', 'Fix the bug');
    }
    await waitUntil(() => api.runs.current?.view.title === 'Fix the bug', 'the run to start');
    const state = await api.runs.current!.done;
    assert.ok(state, 'the run produced no state');
    assert.equal(state.finalized, true, `not final: ${state.reason}`);
    assert.equal(state.calls, 3, 'unanimous agents should agree after the three proposals');

    const requests = await server.log();
    assert.equal(requests.length, 3);
    assert.ok(
      requests.every((request) => request.prompt.includes('return a - b;')),
      'the selected code was not sent',
    );

    if (hasUiDriver()) {
      await webviewWaitFor('panel', { text: 'Agreed after round 0' });
      const text = await webviewText('panel');
      for (const name of ['Model m1', 'Model m2', 'Model m3']) assert.ok(text.includes(name), `the panel does not show ${name}`);
      assert.match(text, /Fix the bug/);
      await screenshot('run-finished');
    }

    // The user types above the selection while looking at the answer: the target must follow.
    const typing = new vscode.WorkspaceEdit();
    typing.insert(editor.document.uri, new vscode.Position(0, 0), '// reviewed\n');
    assert.ok(await vscode.workspace.applyEdit(typing));
    await vscode.commands.executeCommand('consensus.replaceSelection');
    const document = editor.document;
    assert.equal(document.getText(), `// reviewed\n${original.replace(/export function add[\s\S]*?\n}/, FIXED)}`);

    // One undo reverts the replacement (and leaves the user's own line).
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), `// reviewed\n${original}`);
  });

  it('starts one run for two questions sent at once from the sidebar, and answers each by its own id', async () => {
    await server.script({ fallback: { text: 'Forty-two.' } });
    const api = await testApi();
    const before = api.runs.current?.view.runId;
    // Both arrive before the first has started its run (a double click on Ask, Ctrl+Enter twice).
    await Promise.all([
      api.askFromSidebar('The first quick question', 'ask-first'),
      api.askFromSidebar('The second quick question', 'ask-second'),
    ]);
    const run = api.runs.current;
    assert.ok(run && run.view.runId !== before, 'no run started');
    assert.equal(run.view.prompt, 'The first quick question', "the run is not the first question's");
    await run.done;
    const prompts = (await server.log()).map((request) => request.prompt);
    assert.ok(prompts.length > 0, 'no agent was asked');
    assert.deepEqual(
      prompts.filter((prompt) => !prompt.includes('The first quick question')),
      [],
      'the second question started a run of its own',
    );
    if (hasUiDriver()) {
      // The sidebar shows the first question's run as the current one.
      await vscode.commands.executeCommand('workbench.view.extension.consensus');
      await webviewWaitFor('sidebar', { selector: '.run-title', text: 'The first quick question' });
    }
  });

  it('cancels a run: every request in flight is aborted at the server', async () => {
    await server.script({ fallback: { text: 'a slow answer that never completes in time', chunkSize: 1, chunkDelayMs: 2000 } });
    const api = await testApi();
    await vscode.commands.executeCommand('consensus.run', 'Take your time');
    await waitUntil(async () => (await server.log()).length === 3, 'three requests to reach the server');
    await vscode.commands.executeCommand('consensus.cancel');
    const state = await api.runs.current!.done;
    assert.equal(state?.reason, 'cancelled');
    await waitUntil(
      async () => (await server.log()).every((request) => request.aborted),
      'the server to see every request aborted',
      10_000,
    );
    if (hasUiDriver()) await webviewWaitFor('panel', { text: 'Cancelled' });
  });

  it('keeps going when an agent cannot be reached, and the sidebar says which and why', async () => {
    await server.script({ fallback: { text: 'Forty-two.' } });
    const port = await closedPort();
    const agents = [
      ...openaiAgents(server),
      { id: 'offline', name: 'Offline model', provider: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, model: 'none' },
    ];
    await setSettings({ agents });
    try {
      const api = await testApi();
      await vscode.commands.executeCommand('consensus.run', 'What is six times seven?');
      const state = await api.runs.current!.done;
      assert.equal(state?.finalized, true, 'the three reachable agents should still decide');
      assert.equal(state?.synthesis, 'Forty-two.');
      assert.match(
        state?.errors.find((error) => error.participant === 'offline')?.error ?? '',
        new RegExp(`nothing is listening at http://127\\.0\\.0\\.1:${port}/v1`),
      );
      if (hasUiDriver()) {
        await vscode.commands.executeCommand('workbench.view.extension.consensus');
        await webviewWaitFor('sidebar', { text: 'nothing is listening' });
        const sidebar = await webviewText('sidebar');
        assert.match(sidebar, /Offline model[\s\S]*Unreachable/i);
      }
    } finally {
      await setSettings({ agents: openaiAgents(server) });
    }
  });

  it('never makes more model calls than consensus.maxCalls, and says the budget stopped it', async () => {
    // Three stubborn agents, each with its own answer: without a budget this takes 3 × (2 + 1) calls.
    await server.script({ rules: ['m1', 'm2', 'm3'].map((model) => ({ model, responses: [{ text: `My answer is ${model}.` }] })) });
    await setSettings({ maxCalls: 4 });
    try {
      const api = await testApi();
      await vscode.commands.executeCommand('consensus.run', 'Pick one');
      const run = api.runs.current!;
      assert.equal(run.view.estimatedMaxCalls, 4, 'the panel is not told the bound before the run');
      const state = await run.done;
      assert.equal(state?.reason, 'budget');
      assert.ok((state?.calls ?? 99) <= 4, `made ${state?.calls} calls`);
      assert.ok((await server.log()).length <= 4, 'the server saw more requests than the budget');
      if (hasUiDriver()) await webviewWaitFor('panel', { text: 'Stopped by the call budget' });
    } finally {
      await setSettings({ maxCalls: undefined });
    }
  });

  it('lets the agent in consensus.judge decide that free-text answers agree, when consensus.equivalence is judge', async () => {
    // Four wordings of Paris and one Lyon, as free text (no final-answer line): the rules see five options.
    const paris = [
      'The capital of France is Paris.\nIt has been the seat of government for centuries.',
      'France is governed from Paris,\nwhich is therefore its capital.',
      'Paris.\nThe government and the parliament both sit there.',
      'It is Paris:\nthe largest city and the political centre.',
    ];
    await server.script({
      rules: [
        { promptIncludes: '<<< Answer 2\nLyon', responses: [{ text: 'One says Lyon.\nDIFFERENT' }] },
        { promptIncludes: 'reach the same conclusion', responses: [{ text: 'Both say Paris.\nSAME' }] },
        ...paris.map((text, index) => ({ model: `m${index + 1}`, responses: [{ text }] })),
        { model: 'm5', responses: [{ text: 'Lyon, I believe.\nIt is the old capital of Gaul.' }] },
      ],
    });
    await setSettings({
      agents: openaiAgents(server, ['m1', 'm2', 'm3', 'm4', 'm5']),
      equivalence: 'judge',
      judge: 'agent-2',
      synthesizer: 'off',
    });
    try {
      const api = await testApi();
      await vscode.commands.executeCommand('consensus.run', 'Which city is the capital of France?');
      const state = await api.runs.current!.done;
      assert.equal(state?.finalized, true, `not final: ${state?.reason}`);
      assert.equal(state?.finalRound, 0);
      assert.match(state?.synthesis ?? '', /Paris/);
      const judged = (await server.log()).filter((request) => request.prompt.includes('reach the same conclusion'));
      assert.equal(judged.length, 4, 'three wordings and Lyon, each asked about once against the first answer');
      assert.ok(
        judged.every((request) => request.model === 'm2'),
        'the judge is the agent the setting names',
      );
      assert.equal(state?.judgeCalls, 4);
      assert.equal(state?.calls, 5 + 4);
    } finally {
      await setSettings({ agents: openaiAgents(server), equivalence: undefined, judge: undefined, synthesizer: '' });
    }
  });
});
