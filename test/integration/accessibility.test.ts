/**
 * axe-core on the panel and the sidebar in the real VS Code, in every state a run puts them in:
 * the WCAG 2.x A and AA rules and axe's best practices (names that contain the visible label,
 * landmarks, headings, contrast in the theme VS Code runs with). A regression fails the suite.
 * The same states in three themes and at 320 px are checked in the unit tests
 * (test/unit/webview/layout.test.ts), where the page is rendered outside VS Code.
 */
import { strict as assert } from 'node:assert';
import path from 'node:path';
import * as vscode from 'vscode';
import { closedPort, testApi, FixtureServer, freshCopy, openaiAgents, setSettings, waitUntil } from './helpers';
import type { ConsensusTestApi } from '../../src/extension/testApi';
import { reviewScript } from './reviewScript';
import { hasUiDriver, screenshot, webviewViolations, webviewWaitFor } from './ui';

async function assertAccessible(view: 'panel' | 'sidebar', state: string): Promise<void> {
  assert.deepEqual(await webviewViolations(view), [], `axe-core on the ${view}, ${state}`);
}

describe('Accessibility of the panel and the sidebar (axe-core in VS Code)', function () {
  this.timeout(180_000);
  let server: FixtureServer | undefined;

  before(async function () {
    if (!hasUiDriver()) this.skip();
    server = await FixtureServer.start();
  });

  after(async () => {
    const api = await testApi();
    api.setup.forget();
    api.review.clearFindings();
    await setSettings({ agents: [], rounds: undefined, mode: undefined, synthesizer: undefined });
    await server?.stop();
  });

  async function run(question: string): Promise<ConsensusTestApi['runs']['current']> {
    const api = await testApi();
    const before = api.runs.current;
    await vscode.commands.executeCommand('consensus.run', question);
    await waitUntil(() => api.runs.current !== before && api.runs.current?.view.title === question, 'the run to start');
    return api.runs.current;
  }

  it('the panel while a run streams, once it is final, and the sidebar with past runs', async () => {
    const agents = openaiAgents(server!);
    agents[2] = { ...agents[2], timeoutSeconds: 60 };
    await setSettings({ agents, rounds: 1, mode: 'consensus', synthesizer: '' });
    // C never answers: the run stays running, its lane thinking, until it is cancelled.
    await server!.script({ rules: [{ model: 'm3', responses: [{ kind: 'hang' }] }], fallback: { text: 'Answer: 4' } });
    const running = await run('What is two plus two, while C thinks?');
    await webviewWaitFor('panel', { selector: '.lane[data-status="thinking"]' });
    await assertAccessible('panel', 'running');
    assert.equal(running?.view.status, 'running', 'the run ended before axe-core looked at it');
    await vscode.commands.executeCommand('consensus.cancel');
    await running?.done;

    await server!.script({ fallback: { text: 'Answer: 4' } });
    const final = await run('What is two plus two?');
    assert.equal((await final?.done)?.finalized, true);
    await webviewWaitFor('panel', { selector: '.banner[data-kind="final"]' });
    await assertAccessible('panel', 'final');
    await screenshot('panel-final-split-width');

    await vscode.commands.executeCommand('workbench.view.extension.consensus');
    await webviewWaitFor('sidebar', { selector: '.past-run', text: 'What is two plus two?' });
    await assertAccessible('sidebar', 'with past runs');
  });

  it('the panel after a tie', async () => {
    await setSettings({ agents: openaiAgents(server!), rounds: 1, mode: 'consensus', synthesizer: '' });
    await server!.script({
      rules: [
        { model: 'm1', responses: [{ text: 'Answer: red' }] },
        { model: 'm2', responses: [{ text: 'Answer: green' }] },
        { model: 'm3', responses: [{ text: 'Answer: blue' }] },
      ],
    });
    const tied = await run('Which colour, for the accessibility check?');
    assert.equal((await tied?.done)?.tie?.length, 3);
    await webviewWaitFor('panel', { selector: '.tie-answer' });
    await assertAccessible('panel', 'tie');
  });

  it('the panel after every agent failed, and the sidebar naming them unreachable', async () => {
    const port = await closedPort();
    await setSettings({ agents: openaiAgents(server!).map((agent) => ({ ...agent, baseUrl: `http://127.0.0.1:${port}/v1` })), rounds: 1 });
    const failed = await run('What fails, for the accessibility check?');
    await failed?.done;
    assert.equal(failed?.view.status, 'failed');
    await webviewWaitFor('panel', { selector: '.banner[data-kind="failed"]' });
    await assertAccessible('panel', 'failed');
    await vscode.commands.executeCommand('workbench.view.extension.consensus');
    await webviewWaitFor('sidebar', { selector: '.agent[data-status="unreachable"]' });
    await assertAccessible('sidebar', 'with unreachable agents');
  });

  it("the panel showing a review's findings", async () => {
    await setSettings({ agents: openaiAgents(server!), rounds: 2 });
    await server!.script(reviewScript());
    const api = await testApi();
    const editor = await freshCopy('review-sample.ts');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const previous = api.review.current?.view.runId;
    await vscode.commands.executeCommand('consensus.reviewSelection', 'none');
    await waitUntil(() => api.review.current !== undefined && api.review.current.view.runId !== previous, 'the review to start');
    assert.ok(await api.review.current!.done, 'the review produced no state');
    await webviewWaitFor('panel', { selector: '.finding' });
    await assertAccessible('panel', `review of ${path.basename(editor.document.fileName)}`);
    await screenshot('panel-review-split-width');
  });

  it('the setup page, and the sidebar with no agents', async () => {
    await setSettings({ agents: [] });
    const api = await testApi();
    api.setup.forget();
    try {
      assert.equal(
        await vscode.commands.executeCommand<boolean>('consensus.run', 'What needs setting up?'),
        false,
        'a run started with no agents',
      );
      await webviewWaitFor('panel', { selector: '.setup h1' });
      await assertAccessible('panel', 'setup page');
      await vscode.commands.executeCommand('workbench.view.extension.consensus');
      await webviewWaitFor('sidebar', { selector: '.agents .empty' });
      await assertAccessible('sidebar', 'with no agents');
    } finally {
      api.setup.forget();
    }
  });
});
