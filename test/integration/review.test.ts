import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { FixtureServer, testApi, freshCopy, freshDocument, openaiAgents, setSettings, waitUntil } from './helpers';
import type { ConsensusTestApi } from '../../src/extension/testApi';
import { DIVISION_FIX, cleanScript, reviewScript } from './reviewScript';
import { answerQuickInput, hasUiDriver, runFromPalette, screenshot, webviewClick, webviewText, webviewWaitFor } from './ui';

const SAMPLE = 'review-sample.ts';

interface Shown {
  line: number;
  endLine: number;
  severity: vscode.DiagnosticSeverity;
  code: string;
}

/** The review's diagnostics on `uri`, top to bottom. */
function reviewDiagnostics(uri: vscode.Uri): Shown[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((diagnostic) => diagnostic.source === 'Consensus')
    .map((diagnostic) => ({
      line: diagnostic.range.start.line,
      endLine: diagnostic.range.end.line,
      severity: diagnostic.severity,
      code: String(diagnostic.code),
    }))
    .sort((a, b) => a.line - b.line);
}

function hoverText(hovers: vscode.Hover[]): string {
  // The hover escapes the agents' text, spaces included (as &nbsp;).
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n')
    .replace(/&nbsp;/g, ' ');
}

/** Waits until `uri`'s review diagnostics satisfy `condition` (checked after every change of diagnostics). */
function waitForDiagnostics(uri: vscode.Uri, condition: (shown: Shown[]) => boolean, what: string): Promise<void> {
  return waitUntil(() => condition(reviewDiagnostics(uri)), what, { on: [vscode.languages.onDidChangeDiagnostics] });
}

async function reviewDone(api: ConsensusTestApi, previous: string | undefined) {
  await waitUntil(() => api.review.current !== undefined && api.review.current.view.runId !== previous, 'the review to start');
  const state = await api.review.current!.done;
  assert.ok(state, `the review produced no state: ${api.review.current?.view.error ?? ''}`);
  return state;
}

describe('Review Selection', function () {
  this.timeout(120_000);
  let server: FixtureServer;

  /** `document` in front in the first column (the panel may share its editor group and hide it). */
  function show(document: vscode.TextDocument): Thenable<vscode.TextEditor> {
    return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
  }

  /**
   * A fresh copy of the sample, reviewed as a whole by the scripted agents, its three findings
   * shown: what most tests start from, made anew for each.
   */
  async function reviewedSample(): Promise<{ document: vscode.TextDocument; runId: string }> {
    await server.script(reviewScript());
    const api = await testApi();
    const editor = await freshCopy(SAMPLE);
    editor.selection = new vscode.Selection(0, 0, 0, 0); // nothing selected: the whole file
    const previous = api.review.current?.view.runId;
    await vscode.commands.executeCommand('consensus.reviewSelection', 'none');
    await reviewDone(api, previous);
    await waitForDiagnostics(editor.document.uri, (shown) => shown.length === 3, 'the diagnostics');
    return { document: editor.document, runId: api.review.current!.view.runId };
  }

  before(async () => {
    server = await FixtureServer.start();
    await setSettings({ agents: openaiAgents(server), rounds: 2, 'review.disputedFindings': 'hint' });
  });

  after(async () => {
    const api = await testApi();
    api.review.clearFindings();
    await setSettings({ agents: [], 'review.disputedFindings': undefined, rounds: undefined });
    await server?.stop();
  });

  it('puts the agreed findings on their lines with their severity, the disputed one as a hint, and lists every finding in the panel', async () => {
    await server.script(reviewScript());
    const api = await testApi();
    const previous = api.review.current?.view.runId;
    const editor = await freshCopy(SAMPLE);
    const document = editor.document;
    editor.selection = new vscode.Selection(0, 0, 0, 0); // nothing selected: the whole file
    if (hasUiDriver()) {
      await runFromPalette('Consensus: Review Selection');
      await answerQuickInput('No particular focus');
    } else {
      await vscode.commands.executeCommand('consensus.reviewSelection', 'none');
    }
    const state = await reviewDone(api, previous);
    const runId = api.review.current!.view.runId;
    assert.equal(state.calls, 9, 'three blind reviews, then two rounds while the style finding stays disputed');
    assert.deepEqual(
      state.findings.map((finding) => `${finding.id} ${finding.state}`),
      ['F1 accepted', 'F2 accepted', 'F3 disputed', 'F4 rejected'],
    );
    const requests = await server.log();
    assert.equal(requests.length, 9);
    assert.ok(
      requests.every((request) => request.prompt.includes(' 4 |   return total / values.length;')),
      'the file was not sent with its line numbers',
    );

    const uri = document.uri;
    await waitForDiagnostics(uri, (shown) => shown.length === 3, 'the diagnostics');
    assert.deepEqual(reviewDiagnostics(uri), [
      { line: 3, endLine: 3, severity: vscode.DiagnosticSeverity.Error, code: 'F1' },
      { line: 7, endLine: 7, severity: vscode.DiagnosticSeverity.Warning, code: 'F2' },
      { line: 11, endLine: 11, severity: vscode.DiagnosticSeverity.Hint, code: 'F3' },
    ]);
    const division = vscode.languages.getDiagnostics(uri).find((diagnostic) => diagnostic.code === 'F1');
    assert.ok(division, 'no diagnostic for F1');
    assert.ok(
      division.range.isEqual(new vscode.Range(3, 0, 3, document.lineAt(3).text.length)),
      'the diagnostic does not cover exactly line 4',
    );
    assert.match(division.message, /^Division by zero when values is empty/);

    // The finished review is kept with the past runs.
    assert.equal((await api.history.get(runId))?.mode, 'review');

    if (hasUiDriver()) {
      await webviewWaitFor('panel', { text: 'Review: 2 accepted, 1 disputed, 1 rejected' }).catch(async (error: unknown) => {
        await screenshot('review-debug');
        throw new Error(`${String(error)}\nPANEL TEXT: ${await webviewText('panel')}`);
      });
      const text = await webviewText('panel');
      for (const expected of [
        'Division by zero when values is empty',
        'Non-null assertion hides a missing user',
        'Use a template literal',
        'Loop accumulates in a mutable variable',
        'Accepted',
        'Disputed',
        'Rejected',
        'Model m1',
      ]) {
        assert.ok(text.includes(expected), `the panel does not show "${expected}"`);
      }
      await screenshot('review-finished');
      // Clicking a finding reveals its lines.
      await webviewClick('panel', { text: 'Non-null assertion hides a missing user' });
      await waitUntil(
        () => vscode.window.activeTextEditor?.document === document && vscode.window.activeTextEditor.selection.start.line === 7,
        'the finding to be revealed',
        { on: [vscode.window.onDidChangeTextEditorSelection, vscode.window.onDidChangeActiveTextEditor] },
      );
    }
  });

  it("hovers a finding with who agreed, its state and the gist of the discussion, escaping the agents' text", async () => {
    const { document } = await reviewedSample();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(7, 4),
    );
    const text = hoverText(hovers);
    assert.match(text, /accepted/);
    assert.match(text, /3 of 3 agree/);
    for (const name of ['Model m1', 'Model m2', 'Model m3']) assert.ok(text.includes(name), `the hover does not name ${name}`);
    assert.match(text, /a missing user should be reported/);
    const disputed = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(11, 4)),
    );
    assert.match(disputed, /disputed/);
    // An agent's reason with markdown in it (emphasis, a command link) is shown as text, escaped.
    assert.ok(disputed.includes('concatenation is \\*fine\\* here'), disputed);
    assert.ok(!disputed.includes('](command:'), 'a command link from an agent reached the hover unescaped');
    assert.ok(
      hovers.flatMap((hover) => hover.contents).every((content) => content instanceof vscode.MarkdownString && content.isTrusted !== true),
    );
  });

  it('moves the diagnostics with the text when lines are inserted above them', async () => {
    const { document } = await reviewedSample();
    await (await show(document)).edit((edit) => edit.insert(new vscode.Position(0, 0), '// reviewed by the team\n// twice\n'));
    const uri = document.uri;
    await waitForDiagnostics(uri, (shown) => shown[0]?.line === 5, 'the diagnostics to move down');
    assert.deepEqual(
      reviewDiagnostics(uri).map((shown) => [shown.code, shown.line, shown.endLine]),
      [
        ['F1', 5, 5],
        ['F2', 9, 9],
        ['F3', 13, 13],
      ],
    );
    // The hover follows too.
    assert.match(
      hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(9, 4))),
      /Non-null assertion/,
    );
  });

  it('reveals a finding where its lines are now', async () => {
    const { document, runId } = await reviewedSample();
    await (await show(document)).edit((edit) => edit.insert(new vscode.Position(0, 0), '// reviewed by the team\n// twice\n'));
    await waitForDiagnostics(document.uri, (shown) => shown[0]?.line === 5, 'the diagnostics to move down');
    // Another file in front: revealing brings the reviewed one back.
    await freshDocument('other.ts', 'export const other = 1;\n');
    const revealed = await vscode.commands.executeCommand<boolean>('consensus.revealFinding', runId, 'F2');
    assert.equal(revealed, true);
    const active = vscode.window.activeTextEditor;
    assert.equal(active?.document.uri.toString(), document.uri.toString());
    assert.ok(
      active?.selection.isEqual(new vscode.Selection(9, 0, 9, document.lineAt(9).text.length)),
      `selected ${JSON.stringify(active?.selection)}`,
    );
  });

  it('offers a preferred quick fix that applies exactly the agreed replacement, and none where the agents did not agree on one', async () => {
    const { document } = await reviewedSample();
    const uri = document.uri;
    const before = document.getText();
    const noFix = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      new vscode.Range(7, 2, 7, 2),
      vscode.CodeActionKind.QuickFix.value,
    );
    assert.equal(
      noFix.filter((action) => action.title.startsWith('Apply the agreed fix')).length,
      0,
      'a fix was offered without an agreed replacement',
    );

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      new vscode.Range(3, 2, 3, 2),
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((action) => action.title === 'Apply the agreed fix: Division by zero when values is empty');
    assert.ok(fix?.edit, `no quick fix among ${actions.map((action) => action.title).join(', ')}`);
    assert.equal(fix.isPreferred, true);
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));

    const lines = before.split('\n');
    lines[3] = DIVISION_FIX;
    assert.equal(document.getText(), lines.join('\n'));
    // The fixed finding is gone; the others stay where they are.
    await waitForDiagnostics(uri, (shown) => shown.length === 2, 'the fixed finding to go');
    assert.deepEqual(
      reviewDiagnostics(uri).map((shown) => [shown.code, shown.line]),
      [
        ['F2', 7],
        ['F3', 11],
      ],
    );
  });

  it('hides disputed findings when the setting says so', async () => {
    const { document } = await reviewedSample();
    const uri = document.uri;
    await setSettings({ 'review.disputedFindings': 'hidden' });
    try {
      await waitForDiagnostics(uri, (shown) => shown.every((finding) => finding.code !== 'F3'), 'the disputed finding to be hidden');
      assert.deepEqual(
        reviewDiagnostics(uri).map((shown) => shown.code),
        ['F1', 'F2'],
      );
    } finally {
      await setSettings({ 'review.disputedFindings': 'hint' });
    }
    await waitForDiagnostics(uri, (shown) => shown.length === 3, 'the disputed finding to come back');
  });

  it('clears every finding with Clear Review Findings', async () => {
    const { document } = await reviewedSample();
    await vscode.commands.executeCommand('consensus.clearReview');
    assert.deepEqual(reviewDiagnostics(document.uri), []);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(7, 4),
    );
    assert.doesNotMatch(hoverText(hovers), /Consensus review/);
  });

  it('reviews only the selected lines, with the chosen focus, and a new review replaces the findings', async () => {
    const editor = await freshCopy(SAMPLE);
    const document = editor.document;
    const api = await testApi();
    await server.script(reviewScript());
    editor.selection = new vscode.Selection(0, 0, 8, 0); // lines 1-8: the first two functions
    let previous = api.review.current?.view.runId;
    if (hasUiDriver()) {
      await runFromPalette('Consensus: Review Selection');
      await answerQuickInput('Security');
    } else {
      await vscode.commands.executeCommand('consensus.reviewSelection', 'security');
    }
    const state = await reviewDone(api, previous);
    const prompts = (await server.log()).map((request) => request.prompt);
    const name = vscode.workspace.asRelativePath(document.uri);
    assert.ok(
      prompts.every((prompt) => prompt.includes('Concentrate on security')),
      'the focus was not sent',
    );
    assert.ok(
      prompts.every((prompt) => prompt.includes(`Lines 1-8 of ${name}`) && !prompt.includes("'Hello, '")),
      'more than the selected lines were sent',
    );
    // The template-literal finding on line 12 lies outside the reviewed lines: it is moved back in
    // or skipped by the parser, never placed outside the selection.
    const uri = document.uri;
    await waitForDiagnostics(uri, (shown) => shown.length > 0, 'the new diagnostics');
    assert.ok(
      reviewDiagnostics(uri).every((shown) => shown.endLine <= 7),
      `a diagnostic outside the selection: ${JSON.stringify(reviewDiagnostics(uri))}`,
    );
    assert.ok(state.findings.some((finding) => finding.id === 'F1' && finding.state === 'accepted'));

    // Running again replaces them: this time nobody finds anything.
    await server.script(cleanScript());
    previous = api.review.current?.view.runId;
    (await show(document)).selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('consensus.reviewSelection', 'none');
    const clean = await reviewDone(api, previous);
    assert.equal(clean.findings.length, 0);
    await waitForDiagnostics(uri, (shown) => shown.length === 0, 'the old findings to be replaced');
  });

  it('cancels a review: every request in flight is aborted and the review ends cancelled', async () => {
    await server.script({ fallback: { kind: 'hang' } });
    const api = await testApi();
    const previous = api.review.current?.view.runId;
    await freshCopy(SAMPLE);
    await vscode.commands.executeCommand('consensus.reviewSelection', 'none');
    await waitUntil(async () => (await server.log()).length === 3, 'three requests to reach the server');
    await vscode.commands.executeCommand('consensus.cancel');
    const state = await reviewDone(api, previous);
    assert.equal(state.reason, 'cancelled');
    assert.equal(api.review.running, false);
    await waitUntil(
      async () => (await server.log()).every((request) => request.aborted),
      'the server to see every request aborted',
      10_000,
    );
    if (hasUiDriver()) await webviewWaitFor('panel', { text: 'Cancelled' });
  });
});
