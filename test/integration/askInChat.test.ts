import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { startConsensusFixture, stopConsensusFixture, waitUntil, type FixtureServer } from './helpers';
import { withoutLanguageModels } from './lmFixture';
import { hasUiDriver, pressKey, runFromPalette, typeText, windowClick, windowScreenshot, windowText } from './ui';

/** The visible text of the Chat view's part of the window ('' while it shows none). */
function chatPart(): Promise<string> {
  return windowText('.part.auxiliarybar', 2_000).catch(() => '');
}

// The test VS Code has no Copilot: with the scripted models withdrawn, the Consensus model is
// the only language model, as in a fresh VS Code where someone installed Consensus alone.
describe('Ask in Chat, in a VS Code without Copilot', function () {
  this.timeout(120_000);
  let server: FixtureServer;

  before(async function () {
    if (!hasUiDriver()) this.skip();
    server = await startConsensusFixture();
    await vscode.workspace.getConfiguration('chat').update('mcp.autostart', 'never', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await stopConsensusFixture(server);
  });

  it('opens the Chat view on the Consensus model, which the model picker offers, and @consensus answers', async () => {
    await server.script({ fallback: { text: 'Six sevens are forty-two.\n\nFinal answer: 42' } });
    await withoutLanguageModels(async () => {
      await vscode.commands.executeCommand('workbench.action.chat.newChat');
      await runFromPalette('Consensus: Ask in Chat');
      await waitUntil(
        async () => /@consensus/.test(await windowText('.part.auxiliarybar .interactive-input-part', 2_000).catch(() => '')),
        'the chat input to hold @consensus',
      );
      const input = await windowText('.part.auxiliarybar .interactive-input-part');
      assert.match(input, /Consensus \(your agents\)/, `the chat's model is not the Consensus model:\n${input}`);
      assert.doesNotMatch(input, /\bModels\b/, 'the chat has no model selected');
      // The question is the user's to type: the input waits with "@consensus " in it, focused.
      await typeText('What is six times seven?');
      await pressKey('Enter');
      await waitUntil(async () => /Open the full discussion/.test(await chatPart()), 'the answer in the Chat view', 60_000);
      const shown = await chatPart();
      assert.match(shown, /Agreed after round 0 — share 3 of 3/);
      assert.match(shown, /Final answer: 42/);
      assert.doesNotMatch(shown, /Language model unavailable/);
      // The model picker offers the Consensus model, not only a sign-in to Copilot.
      await windowClick('.part.auxiliarybar .model-picker-split');
      const offered = await windowText('.action-widget', 5_000);
      await windowScreenshot('.action-widget', 'model-picker-without-copilot');
      await pressKey('Escape');
      assert.match(offered, /Consensus \(your agents\)/, `the model picker does not offer the Consensus model:\n${offered}`);
      assert.doesNotMatch(offered, /Sign in to use Copilot/);
    });
  });
});
