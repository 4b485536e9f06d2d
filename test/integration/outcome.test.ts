import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { testApi, FixtureServer, openWorkspaceFile, openaiAgents, setSettings, waitUntil } from './helpers';
import { reviewScript } from './reviewScript';
import { hasUiDriver, screenshot, webviewAttribute, webviewClick, webviewCount, webviewText, webviewWaitFor } from './ui';

/** Documents the tests of this file opened, closed after each test so no later test finds them. */
const opened: vscode.TextDocument[] = [];

/** A fresh, unsaved document owned by one test, with its first line selected. */
async function freshEditor(content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
  opened.push(document);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
  editor.selection = new vscode.Selection(new vscode.Position(0, 0), new vscode.Position(0, document.lineAt(0).text.length));
  return editor;
}

/** Closes the editors of the documents a test opened; an untitled one is emptied first, so closing asks nothing. */
async function closeOpened(): Promise<void> {
  for (const document of opened.splice(0)) {
    if (document.isUntitled && document.getText() !== '') {
      const edit = new vscode.WorkspaceEdit();
      edit.delete(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)));
      await vscode.workspace.applyEdit(edit);
    }
    const tabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === document.uri.toString());
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
  }
}

describe('What the panel says is true', function () {
  this.timeout(120_000);
  let server: FixtureServer;

  before(async () => {
    server = await FixtureServer.start();
  });

  afterEach(closeOpened);

  after(async () => {
    await setSettings({ agents: [], rounds: undefined, mode: undefined, synthesizer: undefined });
    await server?.stop();
  });

  it('shows an agent that ran past its timeoutSeconds as timed out, not failed', async function () {
    if (!hasUiDriver()) this.skip();
    const agents = openaiAgents(server);
    agents[2] = { ...agents[2], timeoutSeconds: 1 };
    await setSettings({ agents, rounds: 1, mode: 'consensus', synthesizer: '' });
    await server.script({ rules: [{ model: 'm3', responses: [{ kind: 'hang' }] }], fallback: { text: 'Answer: 4' } });
    await freshEditor('two plus two');
    const api = await testApi();
    await vscode.commands.executeCommand('consensus.run', 'What is two plus two?');
    await waitUntil(() => api.runs.current?.view.title === 'What is two plus two?', 'the run to start');
    await api.runs.current!.done;
    await webviewWaitFor('panel', { selector: '.lane[data-agent="agent-3"]', text: 'Timed out' });
    assert.equal(await webviewAttribute('panel', '.lane[data-agent="agent-3"]', 'data-status'), 'timed-out');
    assert.equal(await webviewAttribute('panel', '.lane[data-agent="agent-3"]', 'data-error-kind'), 'timeout');
    assert.match(await webviewText('panel', '.lane[data-agent="agent-3"] .lane-error'), /did not finish within 1 s/);
    await screenshot('lane-timed-out');
  });

  it('presents a 1-1-1 split as a tie, side by side, and inserts only the answer the user picks', async function () {
    if (!hasUiDriver()) this.skip();
    await setSettings({ agents: openaiAgents(server), rounds: 1, mode: 'consensus', synthesizer: '' });
    await server.script({
      rules: [
        { model: 'm1', responses: [{ text: 'Answer: red' }] },
        { model: 'm2', responses: [{ text: 'Answer: green' }] },
        { model: 'm3', responses: [{ text: 'Answer: blue' }] },
      ],
    });
    const editor = await freshEditor('pick a colour\n');
    const api = await testApi();
    await vscode.commands.executeCommand('consensus.run', 'Which colour?');
    await waitUntil(() => api.runs.current?.view.title === 'Which colour?', 'the run to start');
    const state = await api.runs.current!.done;
    assert.equal(state?.tie?.length, 3, `the engine reported no three-way tie: ${JSON.stringify(state?.tie)}`);

    await webviewWaitFor('panel', { selector: '.banner', text: 'Tie between 3 answers' });
    const banner = await webviewText('panel', '.banner');
    assert.doesNotMatch(banner, /plurality/);
    assert.equal(await webviewCount('panel', '.tie-answer'), 3);
    const tied = await webviewText('panel', '.tie-answers');
    for (const colour of ['red', 'green', 'blue']) assert.match(tied, new RegExp(`Answer: ${colour}`));
    // Each tied answer names the agent holding it, not only its label.
    assert.match(tied, /held by [A-C] · Model m\d/);
    // No default answer: the shared Insert is not offered, each tied answer has its own.
    assert.equal(await webviewCount('panel', '.answer > .actions:not([hidden])'), 0, 'a default Insert is offered for a tie');
    assert.equal(await webviewCount('panel', '.tie-answer button'), 6);
    await screenshot('panel-tie');

    await webviewClick('panel', { selector: '.tie-answer:has-text("Answer: green") button', text: 'Insert this one' });
    await waitUntil(() => editor.document.getText().includes('Answer: green'), 'the chosen tied answer to be inserted');
    const text = editor.document.getText();
    assert.ok(text.startsWith('pick a colour\n'), 'the selected line was kept');
    assert.doesNotMatch(text, /Answer: (red|blue)/, 'an answer the user did not pick was inserted');
  });

  it('lists in a review only the sides someone holds, each finding with its state and supporters, and a header that counts them', async function () {
    if (!hasUiDriver()) this.skip();
    await setSettings({ agents: openaiAgents(server), rounds: 2, mode: 'consensus' });
    await server.script(reviewScript());
    const api = await testApi();
    const previous = api.review.current?.view.runId;
    const editor = await openWorkspaceFile('review-sample.ts');
    opened.push(editor.document);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('consensus.reviewSelection', 'none');
    await waitUntil(() => api.review.current !== undefined && api.review.current.view.runId !== previous, 'the review to start');
    const state = await api.review.current!.done;
    assert.deepEqual(
      state?.findings.map((finding) => `${finding.id} ${finding.state}`),
      ['F1 accepted', 'F2 accepted', 'F3 disputed', 'F4 rejected'],
    );
    api.review.clearFindings();

    await webviewWaitFor('panel', { text: 'Review: 2 accepted, 1 disputed, 1 rejected' });
    assert.match(await webviewText('panel', '.run-state'), /^1 of 4 findings not agreed · 3 agents/);
    const rounds = await webviewText('panel', '.rounds');
    assert.doesNotMatch(rounds, /Answer \d/, 'a review poll lists answers instead of findings');
    assert.doesNotMatch(rounds, /held by\s*(\n|$)/, 'an option held by nobody is listed');
    assert.match(rounds, /F1 Division by zero[^\n]*\n?[^\n]*supported by/);
    const findings = await webviewText('panel', '.findings');
    assert.match(findings, /Accepted: supported by A, B, C \(3 of 3\)/);
    assert.match(findings, /Disputed: supported by [^\n]*opposed by/);
    await screenshot('review-states');
  });
});
