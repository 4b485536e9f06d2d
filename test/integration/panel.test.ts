import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { createRunView } from '../../src/shared/runView';
import {
  TAB_EVENTS,
  testApi,
  freshCopy,
  startConsensusFixture,
  stopConsensusFixture,
  tabsOf,
  waitForText,
  waitUntil,
  type FixtureServer,
} from './helpers';
import {
  answerQuickInput,
  hasUiDriver,
  runFromPalette,
  screenshot,
  webviewAttribute,
  webviewClick,
  webviewCount,
  webviewText,
  webviewWaitFor,
} from './ui';

/** The Consensus panel's tab, in whichever editor group it is. */
function panelTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('consensus.panel'));
}

/** Closes the panel, so the next run opens it beside the editor as on a first run. */
async function closePanel(): Promise<void> {
  const tab = panelTab();
  if (tab) await vscode.window.tabGroups.close(tab, true);
}

/** Fails unless the panel is in front in its group and `document` is shown in another group only. */
function assertPanelVisibleBeside(document: vscode.TextDocument, after: string): void {
  const panel = panelTab();
  assert.ok(panel?.isActive, `${after}, the panel is hidden behind another tab`);
  const tabs = tabsOf(document.uri);
  assert.ok(
    tabs.every((tab) => tab.group.viewColumn !== panel.group.viewColumn),
    `${after}, the file was opened in the panel's editor group`,
  );
  assert.ok(
    vscode.window.visibleTextEditors.some((editor) => editor.document === document),
    `${after}, the file is not shown`,
  );
}

/**
 * Does `action` and waits until the answer is placed: selected in an editor of `document`, the
 * last step of placing it (the cursor is put back first, so an earlier selection does not count).
 */
async function answerPlaced(document: vscode.TextDocument, action: () => Thenable<unknown>, what: string): Promise<void> {
  for (const editor of vscode.window.visibleTextEditors) {
    if (editor.document === document) editor.selection = new vscode.Selection(0, 0, 0, 0);
  }
  await action();
  await waitUntil(
    () => vscode.window.visibleTextEditors.some((editor) => editor.document === document && !editor.selection.isEmpty),
    what,
    { on: [vscode.window.onDidChangeTextEditorSelection, vscode.window.onDidChangeVisibleTextEditors] },
  );
}

describe('The consensus panel and past runs', function () {
  this.timeout(120_000);
  let server: FixtureServer;

  before(async () => {
    server = await startConsensusFixture();
  });

  after(() => stopConsensusFixture(server));

  it('shows model output holding HTML or script as text, and never runs it', async function () {
    if (!hasUiDriver()) this.skip();
    const hostile =
      'Try <script>document.body.dataset.pwned = "script"</script> and <img src=x onerror="document.body.dataset.pwned=\'img\'"> here.';
    await server.script({ fallback: { text: hostile } });
    const api = await testApi();
    await vscode.commands.executeCommand('consensus.run', 'Say something dangerous');
    await api.runs.current!.done;
    await webviewWaitFor('panel', { text: 'Agreed after round 0' });
    const text = await webviewText('panel', '.answer');
    assert.ok(text.includes('<script>document.body.dataset.pwned = "script"</script>'), `the script tag is not shown as text: ${text}`);
    assert.ok(text.includes('<img src=x onerror='), 'the img tag is not shown as text');
    assert.equal(await webviewCount('panel', '.answer script, .rounds script'), 0, 'model output became a script element');
    assert.equal(await webviewCount('panel', '.answer img, .rounds img'), 0, 'model output became an img element');
    assert.equal(await webviewAttribute('panel', 'body', 'data-pwned'), null, 'model output ran');
  });

  it('is used as a person would: palette, question, watch the rounds, Insert', async function () {
    if (!hasUiDriver()) this.skip();
    // Two agree at once, the third is persuaded in round 1: the run takes a refinement round.
    const agreed = 'Use `a + b`.\n\n```typescript\nreturn a + b;\n```';
    await server.script({
      rules: [
        {
          model: 'm3',
          responses: [
            { text: 'Use `a * b`.\n\n```typescript\nreturn a * b;\n```', chunkSize: 6, chunkDelayMs: 40 },
            { text: `${agreed}\n\nENDORSE: A`, chunkSize: 6, chunkDelayMs: 40 },
          ],
        },
      ],
      fallback: { text: agreed, chunkSize: 6, chunkDelayMs: 40 },
    });
    const editor = await freshCopy('sample.ts');
    editor.selection = new vscode.Selection(new vscode.Position(1, 0), new vscode.Position(1, 15));
    const api = await testApi();
    await runFromPalette('Consensus: Run Consensus');
    await answerQuickInput('Fix the operator');
    await webviewWaitFor('panel', { selector: '.lane', text: 'Thinking' }).catch(() => undefined);
    await screenshot('panel-mid-run');
    const state = await api.runs.current!.done;
    assert.ok(state);
    await webviewWaitFor('panel', { text: 'Agreed after round' });
    const text = await webviewText('panel');
    assert.match(text, /Round 0/);
    await screenshot('panel-finished');

    await webviewClick('panel', { text: 'Insert' });
    await waitForText(editor.document, (text) => text.includes('return a + b;'), 'the answer to be inserted');
    assert.equal(editor.document.lineAt(1).text, '  return a - b;', 'Insert must keep the selected code');
    assert.equal(editor.document.lineAt(2).text, '', 'no blank line between the selected code and the answer');
    assert.equal(editor.document.lineAt(3).text, 'return a + b;', 'the answer is not below the selection');
    // The panel says where the answer is, on the line the user sees it.
    const name = vscode.workspace.asRelativePath(editor.document.uri);
    await webviewWaitFor('panel', { selector: '.status-line', text: `Inserted the answer at line 4 of ${name}.` });
  });

  it('edits the file where it is shown and leaves the panel in view: Insert, Replace Selection, Diff and its accept', async function () {
    if (!hasUiDriver()) this.skip();
    await server.script({ fallback: { text: '```ts\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n```' } });
    await closePanel();
    const editor = await freshCopy('sample.ts');
    const document = editor.document;
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    const api = await testApi();
    await vscode.commands.executeCommand('consensus.run', 'Fix add');
    await api.runs.current!.done;
    await webviewWaitFor('panel', { text: 'Agreed after round 0' });
    assertPanelVisibleBeside(document, 'once the run ended');

    for (const button of ['Insert', 'Replace Selection']) {
      await answerPlaced(document, () => webviewClick('panel', { text: button }), `${button} to place the answer`);
      assertPanelVisibleBeside(document, `after ${button}`);
    }

    // The user breaks the function again, so the diff has something to change.
    const breaking = new vscode.WorkspaceEdit();
    breaking.replace(document.uri, new vscode.Range(1, 9, 1, 14), 'a - b');
    assert.ok(await vscode.workspace.applyEdit(breaking));
    assert.equal(document.lineAt(1).text, '  return a - b;');
    await webviewClick('panel', { text: 'Diff' });
    const diffTab = (): vscode.Tab | undefined => tabsOf(document.uri).find((tab) => tab.input instanceof vscode.TabInputTextDiff);
    await waitUntil(() => diffTab() !== undefined, 'the diff to open', { on: TAB_EVENTS });
    assert.notEqual(diffTab()?.group.viewColumn, panelTab()?.group.viewColumn, 'the diff opened over the panel');
    assert.ok(panelTab()?.isActive, 'the diff hides the panel');
    // Accepting while the panel has focus (the user clicked in it last).
    await webviewClick('panel', { selector: '.answer' });
    await answerPlaced(document, () => vscode.commands.executeCommand('consensus.acceptDiff'), 'the accepted diff to place the answer');
    assert.ok(
      document.getText().startsWith('export function add(a: number, b: number): number {\n  return a + b;\n}'),
      'the diff was not applied',
    );
    assertPanelVisibleBeside(document, 'after accepting the diff');
    await screenshot('answer-placed-beside-panel');
  });

  it('keeps past runs on disk, skips a damaged file, and reopens a run from the sidebar', async function () {
    const api = await testApi();
    await server.script({ fallback: { text: 'Forty-two.' } });
    await vscode.commands.executeCommand('consensus.run', 'What is the answer?');
    const run = api.runs.current!;
    await run.done;
    await waitUntil(async () => (await api.history.get(run.view.runId)) !== undefined, 'the run to be saved');

    // A window reload starts with an empty cache: read the folder again as a fresh activation does.
    const folder = api.history.folder;
    mkdirSync(folder, { recursive: true });
    const damaged = path.join(folder, `damaged-${Date.now()}.json`);
    writeFileSync(damaged, '{ this is not json');
    const runs = await api.history.readAfterReload().finally(() => rmSync(damaged, { force: true }));
    const saved = runs.find((candidate) => candidate.runId === run.view.runId);
    assert.ok(saved, 'the run is not in the history after a reload');
    assert.equal(saved.synthesis.text, 'Forty-two.');
    assert.equal(saved.status, 'final');

    if (hasUiDriver()) {
      await vscode.commands.executeCommand('workbench.view.extension.consensus');
      await webviewWaitFor('sidebar', { text: 'What is the answer?' });
      // Not awaited: the command waits for the pick the next line makes.
      void vscode.commands.executeCommand('consensus.showHistory');
      await answerQuickInput('What is the answer?');
      await webviewWaitFor('panel', { text: 'Forty-two.' });
    }
  });

  it('shows a run saved in another window without a reload', async () => {
    const api = await testApi();
    await api.history.list(); // what this window knows now
    // Another window of VS Code saves a run into the same folder, as History.save does.
    const view = createRunView({
      runId: `other-window-${Date.now()}`,
      title: 'Asked in another window',
      prompt: 'Asked in another window',
      agents: [],
    });
    view.status = 'final';
    const file = path.join(api.history.folder, `${view.runId}.json`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ format: 1, view }));
    try {
      await waitUntil(async () => (await api.history.get(view.runId)) !== undefined, "the other window's run to appear", {
        on: [api.history.onDidChange],
      });
      if (hasUiDriver()) {
        await vscode.commands.executeCommand('workbench.view.extension.consensus');
        await webviewWaitFor('sidebar', { selector: '.past-run', text: 'Asked in another window' });
      }
    } finally {
      rmSync(file, { force: true });
    }
    await waitUntil(async () => (await api.history.get(view.runId)) === undefined, 'the deleted run to go', {
      on: [api.history.onDidChange],
    });
  });
});
