import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import {
  closeDocument,
  testApi,
  freshCopy,
  freshDocument,
  startConsensusFixture,
  stopConsensusFixture,
  waitUntil,
  type FixtureServer,
} from './helpers';
import { hasUiDriver, screenshot, webviewClick, webviewWaitFor, windowClick, windowText } from './ui';

const FIXED = 'export function add(a: number, b: number): number {\n  return a + b;\n}';
const BROKEN = /export function add[\s\S]*?\n}/;
const OTHER = 'const first = 1;\nconst second = 2;\nconst third = 3;\n';

/** Runs `question` on lines 1–3 of a fresh copy of sample.ts, then another run elsewhere, so the first is a past run. */
async function pastRunOnSample(
  server: FixtureServer,
  question: string,
): Promise<{ runId: string; document: vscode.TextDocument; original: string }> {
  await server.script({ fallback: { text: `Here is the fix:\n\n\`\`\`ts\n${FIXED}\n\`\`\`` } });
  const editor = await freshCopy('sample.ts');
  editor.selection = new vscode.Selection(0, 0, 2, 1);
  const api = await testApi();
  await vscode.commands.executeCommand('consensus.run', question);
  const run = api.runs.current!;
  await run.done;
  // Another run, on another file, makes the first a past run.
  await server.script({ fallback: { text: 'Forty-two.' } });
  await freshDocument('notes.md', 'Notes\n');
  await vscode.commands.executeCommand('consensus.run', 'Another question');
  assert.notEqual(api.runs.current?.view.runId, run.view.runId, 'the second run did not start');
  await api.runs.current!.done;
  return { runId: run.view.runId, document: editor.document, original: editor.document.getText() };
}

/** A file of its own, active, with the cursor on its second line: where the old code put a past run's answer. */
async function activeOtherFile(): Promise<vscode.TextDocument> {
  const editor = await freshDocument('other.ts', OTHER);
  editor.selection = new vscode.Selection(1, 0, 1, 0);
  return editor.document;
}

describe('The answer of a past run', function () {
  this.timeout(120_000);
  let server: FixtureServer;

  before(async function () {
    if (!hasUiDriver()) this.skip();
    server = await startConsensusFixture();
  });

  after(() => stopConsensusFixture(server));

  it('reopened from the sidebar, Replace Selection puts it into its own file, reopened, never into the active one', async () => {
    // Its own title, so the sidebar cannot offer an earlier run of the same question.
    const question = `Fix add, then look back at it (${Date.now().toString(36)})`;
    const { document, original } = await pastRunOnSample(server, question);
    const uri = document.uri;
    await closeDocument(document);
    const other = await activeOtherFile();

    await vscode.commands.executeCommand('workbench.view.extension.consensus');
    await webviewWaitFor('sidebar', { selector: '.past-run', text: question });
    await webviewClick('sidebar', { selector: '.past-run', text: question });
    await webviewWaitFor('panel', { selector: 'h1, .title', text: question });
    await webviewClick('panel', { text: 'Replace Selection' });

    const reopened = await vscode.workspace.openTextDocument(uri);
    await waitUntil(() => reopened.getText().includes(FIXED), "the answer in the run's own file", {
      on: [vscode.workspace.onDidChangeTextDocument],
    });
    assert.equal(reopened.getText(), original.replace(BROKEN, FIXED));
    assert.equal(other.getText(), OTHER, 'the answer went into the active file');
  });

  it('follows its code after the file changed, and where the code is gone says where it would go and asks', async () => {
    const { runId, document, original } = await pastRunOnSample(server, 'Fix add, for later');
    const other = await activeOtherFile();
    // Lines added above the code the run was asked about: the answer replaces the code where it is now.
    const typing = new vscode.WorkspaceEdit();
    typing.insert(document.uri, new vscode.Position(0, 0), '// a note\n// another\n');
    assert.ok(await vscode.workspace.applyEdit(typing));
    await vscode.commands.executeCommand('consensus.replaceSelection', runId);
    assert.equal(document.getText(), `// a note\n// another\n${original.replace(BROKEN, FIXED)}`);

    // Now the code is gone (the answer replaced it): a second Replace cannot know where, so it asks.
    const before = document.getText();
    const placing = vscode.commands.executeCommand('consensus.insertAnswer', runId);
    const toasts = async (): Promise<string> => {
      await vscode.commands.executeCommand('notifications.showList');
      return windowText('.notifications-center', 2_000).catch(() => '');
    };
    await waitUntil(async () => /changed since this run/.test(await toasts()), 'the question where to put the answer').catch(
      async (error: unknown) => {
        await screenshot('past-run-question-missing');
        throw error;
      },
    );
    const asked = await toasts();
    assert.match(asked, /Insert the answer below lines 1–3 of \S*sample\S*\.ts\?/, `the question does not say where:\n${asked}`);
    assert.match(asked, /Insert There/);
    // Closing the question is the refusal.
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideList');
    await placing;
    assert.equal(document.getText(), before, 'the answer was placed though the user cancelled');

    // Asked again and agreed: the answer goes where the question said.
    const agreed = vscode.commands.executeCommand('consensus.insertAnswer', runId);
    await waitUntil(async () => /Insert There/.test(await toasts()), 'the question where to put the answer, again');
    await windowClick('.notifications-center .monaco-button', 'Insert There');
    await agreed;
    const lines = before.split('\n');
    assert.equal(document.getText(), [...lines.slice(0, 3), '', FIXED, ...lines.slice(3)].join('\n'), 'the answer is not below lines 1–3');
    assert.equal(other.getText(), OTHER, 'the answer went into the active file');
  });
});
