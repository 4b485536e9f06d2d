import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { testApi, waitUntil } from './helpers';
import { hasUiDriver, runFromPalette, screenshot, webviewText, webviewWaitFor } from './ui';

const EXTENSION_ID = 'consensus-team.consensus';

describe('Extension activation', () => {
  it('is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers Run Consensus', async () => {
    await testApi(); // whether another test activated it already depends on the order
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('consensus.run'), 'consensus.run is not registered');
  });

  it('registers every command the manifest lists', async () => {
    await testApi();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: Array<{ command: string }> } };
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((entry) => entry.command).filter((command) => !registered.has(command));
    assert.deepEqual(missing, []);
  });

  it('opens the consensus panel from the command palette and shows the latest run, or that there is none', async function () {
    if (!hasUiDriver()) this.skip();
    // Whether an earlier test ran something depends on the order: expect what this window holds.
    const api = await testApi();
    const latest = (await api.shownRun())?.title ?? 'No run yet';
    await runFromPalette('Consensus: Show Panel');
    await webviewWaitFor('panel', { text: latest });
    // The page renders again when the extension's snapshot arrives: read it until it has settled.
    let text = '';
    await waitUntil(async () => (text = await webviewText('panel')).includes(latest), `the panel to show "${latest}"`).catch(
      () => undefined,
    );
    assert.ok(text.includes(latest), `the panel does not show "${latest}"`);
    await screenshot('panel-opened');
  });

  it('shows the sidebar view with its question box', async function () {
    if (!hasUiDriver()) this.skip();
    await vscode.commands.executeCommand('workbench.view.extension.consensus');
    await webviewWaitFor('sidebar', { text: 'Ask a question' });
    const text = await webviewText('sidebar');
    assert.match(text, /Ask/i);
  });
});

describe('The test API', () => {
  it('is all that activation hands out: a frozen record of exactly the documented members, each there from the start', async () => {
    const api = await testApi();
    assert.deepEqual(
      Object.keys(api).sort(),
      ['activation', 'askFromSidebar', 'history', 'keys', 'mcp', 'quietRuns', 'review', 'runs', 'setup', 'shownRun'].sort(),
    );
    const groups: Array<[string, object, string[]]> = [
      ['activation', api.activation, ['activateMs', 'totalMs']],
      ['runs', api.runs, ['current', 'participants', 'running']],
      ['review', api.review, ['clearFindings', 'current', 'ofDiff', 'running']],
      ['setup', api.setup, ['act', 'forget', 'waiting']],
      ['history', api.history, ['folder', 'get', 'list', 'onDidChange', 'readAfterReload']],
      ['keys', api.keys, ['agents', 'delete', 'forgetConsent', 'secrets', 'set']],
    ];
    // Nothing can be filled in or replaced later: no slot is waiting for activation to finish.
    assert.ok(Object.isFrozen(api), 'the test API can be changed after activation');
    for (const [name, group, members] of groups) {
      assert.deepEqual(Object.keys(group).sort(), members, `api.${name} has other members`);
      assert.ok(Object.isFrozen(group), `api.${name} can be changed after activation`);
    }
    for (const member of ['askFromSidebar', 'shownRun', 'quietRuns', 'mcp'] as const) assert.ok(api[member], `api.${member} is not there`);
    assert.equal(typeof api.activation.activateMs, 'number', 'activation was not timed');
  });
});
