import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { extensionCtx } from './helpers';
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
    await extensionCtx(); // whether another test activated it already depends on the order
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('consensus.run'), 'consensus.run is not registered');
  });

  it('registers every command the manifest lists', async () => {
    await extensionCtx();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: Array<{ command: string }> } };
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((entry) => entry.command).filter((command) => !registered.has(command));
    assert.deepEqual(missing, []);
  });

  it('opens the consensus panel from the command palette and shows the latest run, or that there is none', async function () {
    if (!hasUiDriver()) this.skip();
    // Whether an earlier test ran something depends on the order: expect what this window holds.
    const ctx = await extensionCtx();
    const latest = (await ctx.shownRun())?.title ?? 'No run yet';
    await runFromPalette('Consensus: Show Panel');
    await webviewWaitFor('panel', { text: latest });
    const text = await webviewText('panel');
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
