import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import {
  TAB_EVENTS,
  closeDocument,
  testApi,
  freshCopy,
  startConsensusFixture,
  stopConsensusFixture,
  waitUntil,
  type FixtureServer,
} from './helpers';

const FIXED = 'export function add(a: number, b: number): number {\n  return a + b;\n}';

describe('Using the answer: diff preview and transcript', function () {
  this.timeout(120_000);
  let server: FixtureServer;

  before(async () => {
    server = await startConsensusFixture();
  });

  after(() => stopConsensusFixture(server));

  it('previews the answer as a diff and applies exactly it on accept', async () => {
    await server.script({ fallback: { text: `Here is the fix:\n\n\`\`\`ts\n${FIXED}\n\`\`\`` } });
    const editor = await freshCopy('sample.ts');
    const document = editor.document;
    const original = document.getText();
    editor.selection = new vscode.Selection(new vscode.Position(0, 0), new vscode.Position(2, 1));
    const api = await testApi();
    await vscode.commands.executeCommand('consensus.run', 'Fix add');
    await api.runs.current!.done;

    await vscode.commands.executeCommand('consensus.previewDiff');
    const diffTab = (): vscode.Tab | undefined =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .find((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === 'consensus-answer');
    await waitUntil(() => diffTab() !== undefined, 'the diff editor to open', { on: TAB_EVENTS });
    const input = diffTab()!.input as vscode.TabInputTextDiff;
    assert.equal(input.original.toString(), document.uri.toString(), 'the diff does not compare against the file');
    const proposed = await vscode.workspace.openTextDocument(input.modified);
    assert.equal(proposed.getText(), original.replace(/export function add[\s\S]*?\n}/, FIXED));
    assert.equal(document.getText(), original, 'previewing changed the file');

    await vscode.commands.executeCommand('consensus.acceptDiff');
    assert.equal(document.getText(), original.replace(/export function add[\s\S]*?\n}/, FIXED));
    await waitUntil(() => diffTab() === undefined, 'the diff editor to close', { on: TAB_EVENTS });
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), original, 'one undo does not revert the accepted answer');
  });

  it("applies an accepted diff where its own run's code is now, after another run started and the file was edited", async () => {
    await server.script({ fallback: { text: `\`\`\`ts\n${FIXED}\n\`\`\`` } });
    const editor = await freshCopy('sample.ts');
    const document = editor.document;
    const original = document.getText();
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    const api = await testApi();
    await vscode.commands.executeCommand('consensus.run', 'Fix add');
    const first = api.runs.current!;
    await first.done;
    await vscode.commands.executeCommand('consensus.previewDiff', first.view.runId);

    // Another run starts (on the same file, elsewhere) while the diff waits to be accepted ...
    await server.script({ fallback: { text: 'Forty-two.' } });
    (await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One })).selection = new vscode.Selection(5, 0, 5, 0);
    await vscode.commands.executeCommand('consensus.run', 'Something else');
    assert.notEqual(api.runs.current?.view.runId, first.view.runId, 'the second run did not start');
    await api.runs.current!.done;
    // ... and the user adds lines above the code the first run was asked about.
    const typing = new vscode.WorkspaceEdit();
    typing.insert(document.uri, new vscode.Position(0, 0), '// first note\n// second note\n');
    assert.ok(await vscode.workspace.applyEdit(typing));

    await vscode.commands.executeCommand('consensus.acceptDiff');
    assert.equal(document.getText(), `// first note\n// second note\n${original.replace(/export function add[\s\S]*?\n}/, FIXED)}`);
  });

  it('replaces a whole-line selection (ending at the next line start) without joining the next line', async () => {
    await server.script({ fallback: { text: '```ts\n  return a + b;\n```' } });
    const editor = await freshCopy('sample.ts');
    const document = editor.document;
    const original = document.getText();
    // Shift+Down from the start of line 2 selects "  return a - b;\n".
    editor.selection = new vscode.Selection(new vscode.Position(1, 0), new vscode.Position(2, 0));
    const api = await testApi();
    await vscode.commands.executeCommand('consensus.run', 'Fix the operator');
    await api.runs.current!.done;
    const requests = await server.log();
    assert.ok(
      (requests[requests.length - 1]?.prompt ?? '').includes(`${vscode.workspace.asRelativePath(document.uri)}, lines 2-2`),
      'the prompt names the wrong lines',
    );
    await vscode.commands.executeCommand('consensus.replaceSelection');
    assert.equal(document.getText(), original.replace('  return a - b;\n', '  return a + b;\n'));
    assert.equal(document.lineAt(2).text, '}');
  });

  it('exports the discussion as markdown, round by round', async () => {
    await server.script({ fallback: { text: 'Forty-two.' } });
    const api = await testApi();
    await vscode.commands.executeCommand('consensus.run', 'What is the answer to everything?');
    await api.runs.current!.done;
    await vscode.commands.executeCommand('consensus.exportTranscript');
    await waitUntil(() => vscode.window.activeTextEditor?.document.languageId === 'markdown', 'the transcript to open', {
      on: [vscode.window.onDidChangeActiveTextEditor],
    });
    const document = vscode.window.activeTextEditor!.document;
    const transcript = document.getText();
    assert.match(transcript, /^# What is the answer to everything\?/);
    assert.match(transcript, /## Proposals \(round 0\)/);
    for (const name of ['Model m1', 'Model m2', 'Model m3']) assert.ok(transcript.includes(name), `the transcript does not name ${name}`);
    assert.match(transcript, /\*\*Agreed after round 0 — share 3 of 3\*\*\n\nForty-two\./);
    await closeDocument(document);
  });
});
