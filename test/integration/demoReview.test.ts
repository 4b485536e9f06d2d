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
    assert.deepEqual(state.skipped.map((skip) => skip.reason), [], 'a demo reviewer\'s reply could not be read');
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
});
