import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { History } from '../../src/extension/runs/history';
import { extensionCtx, openWorkspaceFile, setSettings, startConsensusFixture, stopConsensusFixture, waitUntil, type FixtureServer } from './helpers';
import { answerQuickInput, hasUiDriver, runFromPalette, screenshot, webviewAttribute, webviewClick, webviewCount, webviewText, webviewWaitFor, windowText } from './ui';

describe('The consensus panel and past runs', function () {
  this.timeout(120_000);
  let server: FixtureServer;

  before(async () => {
    server = await startConsensusFixture();
  });

  after(() => stopConsensusFixture(server));

  it('shows model output holding HTML or script as text, and never runs it', async function () {
    if (!hasUiDriver()) this.skip();
    const hostile = 'Try <script>document.body.dataset.pwned = "script"</script> and <img src=x onerror="document.body.dataset.pwned=\'img\'"> here.';
    await server.script({ fallback: { text: hostile } });
    const ctx = await extensionCtx();
    await vscode.commands.executeCommand('consensus.run', 'Say something dangerous');
    await ctx.runs.current!.done;
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
        { model: 'm3', responses: [{ text: 'Use `a * b`.\n\n```typescript\nreturn a * b;\n```', chunkSize: 6, chunkDelayMs: 40 }, { text: `${agreed}\n\nENDORSE: A`, chunkSize: 6, chunkDelayMs: 40 }] },
      ],
      fallback: { text: agreed, chunkSize: 6, chunkDelayMs: 40 },
    });
    const editor = await openWorkspaceFile('sample.ts');
    editor.selection = new vscode.Selection(new vscode.Position(1, 0), new vscode.Position(1, 15));
    const ctx = await extensionCtx();
    await runFromPalette('Consensus: Run Consensus');
    await answerQuickInput('Fix the operator');
    await webviewWaitFor('panel', { selector: '.lane', text: 'Thinking' }).catch(() => undefined);
    await screenshot('panel-mid-run');
    const state = await ctx.runs.current!.done;
    assert.ok(state);
    await webviewWaitFor('panel', { text: 'Agreed after round' });
    const text = await webviewText('panel');
    assert.match(text, /Round 0/);
    await screenshot('panel-finished');

    await webviewClick('panel', { text: 'Insert' });
    await waitUntil(() => editor.document.lineAt(2).text === 'return a + b;', 'the answer to be inserted below the selection');
    assert.equal(editor.document.lineAt(1).text, '  return a - b;', 'Insert must keep the selected code');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('keeps past runs on disk, skips a damaged file, and reopens a run from the sidebar', async function () {
    const ctx = await extensionCtx();
    await server.script({ fallback: { text: 'Forty-two.' } });
    await vscode.commands.executeCommand('consensus.run', 'What is the answer?');
    const run = ctx.runs.current!;
    await run.done;
    await waitUntil(async () => (await ctx.history.get(run.view.runId)) !== undefined, 'the run to be saved');

    // A window reload starts with an empty cache: read the folder again as a fresh activation does.
    const folder = path.join(ctx.extension.globalStorageUri.fsPath, 'runs');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'damaged.json'), '{ this is not json');
    const afterReload = new History(ctx.extension.globalStorageUri, ctx.log, () => 50);
    const runs = await afterReload.list();
    const saved = runs.find((candidate) => candidate.runId === run.view.runId);
    assert.ok(saved, 'the run is not in the history after a reload');
    assert.equal(saved.synthesis.text, 'Forty-two.');
    assert.equal(saved.status, 'final');
    afterReload.dispose();

    if (hasUiDriver()) {
      await vscode.commands.executeCommand('workbench.view.extension.consensus');
      await webviewWaitFor('sidebar', { text: 'What is the answer?' });
      // Not awaited: the command waits for the pick the next line makes.
      void vscode.commands.executeCommand('consensus.showHistory');
      await answerQuickInput('What is the answer?');
      await webviewWaitFor('panel', { text: 'Forty-two.' });
    }
  });
});
