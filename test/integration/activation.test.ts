import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { hasUiDriver, runFromPalette, screenshot, webviewText } from './ui';

const EXTENSION_ID = 'consensus-team.consensus';

describe('Extension activation', () => {
  it('is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers Run Consensus', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('consensus.run'), 'consensus.run is not registered');
  });

  it('opens the consensus panel from the command palette and shows its content', async function () {
    if (!hasUiDriver()) this.skip();
    await runFromPalette('Consensus: Run Consensus');
    const text = await webviewText('panel');
    assert.match(text, /No consensus run yet/);
    await screenshot('panel-placeholder');
  });
});
