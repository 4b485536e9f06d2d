import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import {
  testApi,
  freshCopy,
  freshDocument,
  openaiAgents,
  setSettings,
  startConsensusFixture,
  stopConsensusFixture,
  waitUntil,
  type FixtureServer,
} from './helpers';
import { reviewScript } from './reviewScript';
import { answerQuickPick, hasUiDriver, webviewCount, webviewText, webviewWaitFor } from './ui';

/** Whether the panel shows its status line (the notice of where an answer was placed). */
async function noticeShown(): Promise<boolean> {
  return (await webviewCount('panel', '.status-line:not([hidden])')) > 0;
}

describe('What the screen says stays true', function () {
  this.timeout(120_000);
  let server: FixtureServer;

  before(async function () {
    if (!hasUiDriver()) this.skip();
    server = await startConsensusFixture();
  });

  after(() => stopConsensusFixture(server));

  it('"Inserted the answer at lines …" stays while it is true and goes once the insertion is undone', async () => {
    await server.script({ fallback: { text: '```ts\nconst answer = 42;\n```' } });
    const editor = await freshDocument('notice.ts', 'const first = 1;\nconst second = 2;\n');
    editor.selection = new vscode.Selection(0, 0, 1, 0);
    const api = await testApi();
    await vscode.commands.executeCommand('consensus.run', 'Name the answer');
    await api.runs.current!.done;
    const document = editor.document;
    await vscode.commands.executeCommand('consensus.insertAnswer');
    await webviewWaitFor('panel', { selector: '.status-line', text: 'Inserted the answer at line 3' });
    assert.equal(document.lineAt(2).text, 'const answer = 42;');

    // An edit after the answer leaves the claim true: the notice stays.
    const below = new vscode.WorkspaceEdit();
    below.insert(document.uri, document.positionAt(document.getText().length), '// end\n');
    assert.ok(await vscode.workspace.applyEdit(below));
    assert.ok(await noticeShown(), 'the notice went though the answer is still at line 3');

    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), 'const first = 1;\nconst second = 2;\n', 'two undos did not remove the edit and the answer');
    await waitUntil(async () => !(await noticeShown()), 'the notice to go once the insertion is undone');
  });

  it('the sidebar shows a finished review as the current run, and past runs name a review by its findings', async () => {
    await server.script({ fallback: { text: 'Forty-two.' } });
    const api = await testApi();
    await vscode.commands.executeCommand('consensus.run', 'A question before the review');
    await api.runs.current!.done;
    await server.script(reviewScript());
    const editor = await freshCopy('review-sample.ts');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const previous = api.review.current?.view.runId;
    await vscode.commands.executeCommand('consensus.reviewSelection', 'none');
    await waitUntil(() => api.review.current !== undefined && api.review.current.view.runId !== previous, 'the review to start');
    const review = api.review.current!;
    await review.done;
    assert.equal(review.view.status, 'not-final', 'the scripted review should leave a finding disputed');

    await vscode.commands.executeCommand('workbench.view.extension.consensus');
    await webviewWaitFor('sidebar', { selector: '.current', text: review.view.title });
    const current = await webviewText('sidebar', '.current');
    assert.match(current, /Review: 2 accepted, 1 disputed, 1 rejected/, `the current run is not the review:\n${current}`);
    assert.doesNotMatch(current, /A question before the review/);
    await waitUntil(
      async () => /review · 2 accepted, 1 disputed, 1 rejected/.test(await webviewText('sidebar', '.past-runs')),
      'the review in past runs, named by its findings',
    );
    const past = await webviewText('sidebar', '.past-runs');
    const entry = past.split('\n').find((line) => line.includes('review · 2 accepted')) ?? '';
    assert.doesNotMatch(entry, /not final/);
  });

  it('Add Agent says, while the demo stands in, that the first agent replaces it', async function () {
    // The runner serves the demo agents as `npm start` does; elsewhere there is no demo to replace.
    if (!process.env.CONSENSUS_DEMO_URL) this.skip();
    await setSettings({ agents: [], demo: true });
    try {
      const adding = vscode.commands.executeCommand('consensus.addAgent');
      const page = await answerQuickPick();
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await adding;
      assert.match(page, /Your first agent replaces the three demo agents/, `the page does not say the demo goes:\n${page}`);
    } finally {
      await setSettings({ demo: undefined, agents: openaiAgents(server) });
    }
  });
});
