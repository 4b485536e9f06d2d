import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { Script, ScriptedResponse } from '../../src/demo/scriptedServer';
import { EXTENSION_ID, FixtureServer, testApi, openaiAgents, setSettings, waitUntil, workspaceFolder } from './helpers';
import { answerQuickPick, hasUiDriver, screenshot, webviewText, webviewWaitFor, windowClick } from './ui';

/** Ten lines of header, so the changed lines are far from line 1 and their numbers are the file's own. */
const HEADER = Array.from({ length: 10 }, (_, index) => `// line ${index + 1} of the header`).join('\n');

const CALC_BEFORE = `${HEADER}\nexport function ratio(total: number, count: number): number {\n  return total;\n}\n`;
/** Line 12 now divides by a count that may be zero. */
const CALC_AFTER = `${HEADER}\nexport function ratio(total: number, count: number): number {\n  return total / count;\n}\n`;
const USERS_BEFORE = `${HEADER}\n${HEADER}\nexport function find(users: Map<string, string>, id: string): string {\n  return users.get(id) ?? '';\n}\n`;
/** Line 22 now asserts a user that may be missing. */
const USERS_AFTER = `${HEADER}\n${HEADER}\nexport function find(users: Map<string, string>, id: string): string {\n  return users.get(id)!;\n}\n`;

const RATIO_FIX = '  return count === 0 ? 0 : total / count;';

function text(body: string): ScriptedResponse {
  return { text: body, chunkSize: 40 };
}

/**
 * Three reviewers that each raise the same two problems, one in each file, by file name and the
 * file's own 1-based line numbers, and agree with every finding they are shown.
 */
function changesScript(): Script {
  const proposal =
    '```json\n' +
    JSON.stringify({
      findings: [
        {
          file: 'calc.ts',
          startLine: 12,
          endLine: 12,
          severity: 'error',
          title: 'Division by zero when count is 0',
          explanation: 'ratio divides by count without checking it.',
          replacement: RATIO_FIX,
        },
        {
          file: 'users.ts',
          startLine: 22,
          endLine: 22,
          severity: 'warning',
          title: 'Non-null assertion hides a missing user',
          explanation: 'users.get returns undefined for an unknown id.',
        },
      ],
    }) +
    '\n```';
  const verdicts =
    '```json\n' +
    JSON.stringify({
      verdicts: [
        { id: 'F1', verdict: 'agree' },
        { id: 'F2', verdict: 'agree' },
      ],
      findings: [],
    }) +
    '\n```';
  return {
    rules: [{ promptIncludes: 'Findings to judge:', responses: [text(verdicts)] }, { responses: [text(proposal)] }],
  };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Consensus Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8' },
  );
}

interface GitApiForTest {
  openRepository(root: vscode.Uri): Promise<{ rootUri: vscode.Uri; state: { workingTreeChanges: unknown[] } } | null>;
}

/** Review diagnostics of `uri` as [code, first line, last line], top to bottom. */
function shown(uri: vscode.Uri): Array<[string, number, number]> {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((diagnostic) => diagnostic.source === 'Consensus')
    .sort((a, b) => a.range.start.line - b.range.start.line)
    .map((diagnostic) => [String(diagnostic.code), diagnostic.range.start.line, diagnostic.range.end.line]);
}

describe('Review Changes', function () {
  this.timeout(180_000);
  let server: FixtureServer;
  let root: vscode.Uri | undefined;

  before(async () => {
    server = await FixtureServer.start();
    await setSettings({ agents: openaiAgents(server), rounds: 2 });
  });

  after(async () => {
    const api = await testApi();
    api.review.clearFindings();
    await setSettings({ agents: [], rounds: undefined });
    await server?.stop();
  });

  afterEach(async () => {
    if (root) await vscode.workspace.fs.delete(root, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    root = undefined;
  });

  it('is contributed to the Source Control title bar for git repositories', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { menus: Record<string, Array<{ command: string; when?: string }>> };
    };
    const entry = manifest.contributes.menus['scm/title']?.find((item) => item.command === 'consensus.reviewChanges');
    assert.ok(entry, 'Review Changes is not in the scm/title menu');
    assert.equal(entry.when, 'scmProvider == git');
  });

  it('puts the agreed findings on the changed lines of both modified files', async () => {
    // A repository of its own, made with the git command line: two files committed, then both changed.
    root = vscode.Uri.joinPath(workspaceFolder().uri, `changes-${Date.now().toString(36)}`);
    await vscode.workspace.fs.createDirectory(root);
    const dir = root.fsPath;
    git(dir, 'init', '-q', '-b', 'main');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, 'calc.ts'), new TextEncoder().encode(CALC_BEFORE));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, 'users.ts'), new TextEncoder().encode(USERS_BEFORE));
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'first');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, 'calc.ts'), new TextEncoder().encode(CALC_AFTER));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, 'users.ts'), new TextEncoder().encode(USERS_AFTER));

    // Repositories in parent folders are not opened by the test profile: the Git extension is asked to open this one.
    const gitExtension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApiForTest }>('vscode.git');
    assert.ok(gitExtension, 'the built-in Git extension is missing');
    const gitApi = (gitExtension.isActive ? gitExtension.exports : await gitExtension.activate()).getAPI(1);
    const repository = await gitApi.openRepository(root);
    assert.ok(repository, 'the Git extension did not open the test repository');
    await waitUntil(() => repository.state.workingTreeChanges.length === 2, 'Source Control to list the two changed files', 60_000);

    await server.script(changesScript());
    const api = await testApi();
    const previous = api.review.current?.view.runId;
    if (hasUiDriver()) {
      // Through the real Source Control view: its title bar's button, then the quick pick.
      await vscode.commands.executeCommand('workbench.view.scm');
      await windowClick('.part.sidebar a.action-label[aria-label*="Review Changes"]', undefined, 30_000);
      await answerQuickPick('Working tree vs HEAD');
    } else {
      await vscode.commands.executeCommand('consensus.reviewChanges', { root, source: 'working-tree' });
    }
    await waitUntil(() => api.review.current !== undefined && api.review.current.view.runId !== previous, 'the review to start');
    const review = api.review.current!;
    assert.ok(review.ofChanges, 'the review started is not a review of changes');
    assert.ok((review.view.estimatedMaxCalls ?? 0) > 0, 'the call bound was not shown before the review started');
    const state = await review.done;
    assert.ok(state, `the review produced no state: ${review.view.error ?? ''}`);
    assert.deepEqual(
      state.findings.map((finding) => `${finding.id} ${finding.file} ${finding.startLine} ${finding.state}`),
      ['F1 calc.ts 11 accepted', 'F2 users.ts 21 accepted'],
    );

    // The agents saw each file's hunks with the files' own line numbers.
    const prompts = (await server.log()).map((request) => request.prompt);
    assert.ok(prompts.length > 0);
    for (const prompt of prompts) {
      assert.ok(
        prompt.includes('File calc.ts') && prompt.includes('+ 12 |   return total / count;'),
        'calc.ts was not shown with its line numbers',
      );
      assert.ok(
        prompt.includes('File users.ts') && prompt.includes('+ 22 |   return users.get(id)!;'),
        'users.ts was not shown with its line numbers',
      );
    }

    const calc = vscode.Uri.joinPath(root, 'calc.ts');
    const users = vscode.Uri.joinPath(root, 'users.ts');
    await waitUntil(() => shown(calc).length === 1 && shown(users).length === 1, 'the diagnostics in both files', {
      on: [vscode.languages.onDidChangeDiagnostics],
    });
    assert.deepEqual(shown(calc), [['F1', 11, 11]]);
    assert.deepEqual(shown(users), [['F2', 21, 21]]);
    const division = vscode.languages.getDiagnostics(calc).find((diagnostic) => diagnostic.code === 'F1');
    assert.equal(division?.severity, vscode.DiagnosticSeverity.Error);
    assert.match(division?.message ?? '', /^Division by zero when count is 0/);

    // The agreed replacement is offered as a quick fix on the changed line, as Review Selection offers it.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      calc,
      new vscode.Range(11, 2, 11, 2),
      vscode.CodeActionKind.QuickFix.value,
    );
    assert.ok(
      actions.some((action) => action.title === 'Apply the agreed fix: Division by zero when count is 0'),
      `no quick fix among ${actions.map((action) => action.title).join(', ')}`,
    );

    if (hasUiDriver()) {
      await webviewWaitFor('panel', { text: 'Review: 2 accepted' }).catch(async (error: unknown) => {
        await screenshot('review-changes-debug');
        throw new Error(`${String(error)}\nPANEL TEXT: ${await webviewText('panel')}`);
      });
      const panel = await webviewText('panel');
      for (const expected of ['calc.ts', 'users.ts', 'Division by zero when count is 0', 'Non-null assertion hides a missing user']) {
        assert.ok(panel.includes(expected), `the panel does not show "${expected}"`);
      }
      await screenshot('review-changes-finished');
    }
  });
});
