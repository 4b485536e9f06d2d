import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { testApi, freshCopy, setSettings, waitUntil } from './helpers';
import { hasUiDriver, webviewText, webviewWaitFor } from './ui';

describe('Review Selection with the demo agents', function () {
  this.timeout(120_000);

  before(async function () {
    // The runner serves the demo agents as `npm start` does; elsewhere there is no demo to try.
    if (!process.env.CONSENSUS_DEMO_URL) this.skip();
    await setSettings({ agents: [], demo: true, rounds: 3, mode: 'consensus' });
  });

  after(() => setSettings({ demo: undefined, rounds: undefined, mode: undefined }));

  it('shows a review with scripted findings, labelled as scripted, and the demo agents stay ready', async () => {
    const editor = await freshCopy('review-sample.ts');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const api = await testApi();
    const previous = api.review.current?.view.runId;
    await vscode.commands.executeCommand('consensus.reviewSelection', 'none');
    await waitUntil(() => api.review.current !== undefined && api.review.current.view.runId !== previous, 'the review to start');
    const review = api.review.current!;
    const state = await review.done;
    assert.ok(state, `the review failed: ${review.view.error ?? ''}`);
    assert.deepEqual(
      state.skipped.map((skip) => skip.reason),
      [],
      "a demo reviewer's reply could not be read",
    );
    assert.equal(review.view.status === 'failed', false, `the review failed: ${review.view.error ?? ''}`);
    assert.equal(review.view.demo, true, 'the review is not labelled as a demo');
    assert.deepEqual(review.view.findings.map((finding) => finding.state).sort(), ['accepted', 'rejected']);
    for (const finding of review.view.findings) assert.match(`${finding.title} ${finding.explanation}`, /^Demo finding:[^]*Scripted/);
    const diagnostics = vscode.languages.getDiagnostics(editor.document.uri).filter((diagnostic) => diagnostic.source === 'Consensus');
    assert.equal(diagnostics.length, 1, 'the accepted demo finding is not shown in the editor');

    if (hasUiDriver()) {
      await webviewWaitFor('panel', { text: 'Demo finding: state what this code expects' });
      const panel = await webviewText('panel');
      assert.match(panel, /Demo/);
      assert.match(panel, /Scripted demo reviewer/);
      await vscode.commands.executeCommand('workbench.view.extension.consensus');
      await webviewWaitFor('sidebar', { text: 'Demo · Careful' });
      const sidebar = await webviewText('sidebar');
      assert.doesNotMatch(sidebar, /Unreachable/, `the sidebar marks demo agents unreachable:\n${sidebar}`);
    }
  });

  it('labels a change reviewed by the demo agents Demo, in the panel and through the tools alike', async () => {
    const api = await testApi();
    const diff = 'diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,1 +1,2 @@\n export const a = 1;\n+const x = 1;\n';
    const root = vscode.workspace.workspaceFolders![0]!.uri;
    const panel = await api.review.ofDiff(root, diff, 'a demo change');
    assert.equal(panel.view.demo, true, "the panel's review of a change is not labelled Demo");
    await panel.done;
    assert.equal(api.review.current?.view.demo, true);
    const { view } = await api.quietRuns.review({
      code: '',
      diff,
      path: 'the change',
      origin: 'tool',
      signal: new AbortController().signal,
    });
    assert.equal(view.demo, true, "the tools' review of a change is not labelled Demo");
    // The same change, the same agents, the same settings: the same bound, whichever front-end shows it.
    assert.equal(view.estimatedMaxCalls, panel.view.estimatedMaxCalls);
  });
});
