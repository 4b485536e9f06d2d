import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { testApi, setSettings, waitUntil } from './helpers';
import { lmFixture, scriptedAgents } from './lmFixture';
import { hasUiDriver, webviewWaitFor, windowClick, windowScreenshot, windowText } from './ui';

/** The visible text of the Chat view ('' while it has none). */
function chatText(): Promise<string> {
  return windowText('.interactive-session', 2_000).catch(() => '');
}

/** Sends `query` from a new chat of the Chat view, on the scripted model. */
async function ask(query: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.chat.newChat');
  await vscode.commands.executeCommand('workbench.action.chat.open', { query, modelSelector: { vendor: 'consensus-test' } });
}

describe('The Chat view', function () {
  this.timeout(120_000);

  before(async function () {
    if (!hasUiDriver()) this.skip();
    await setSettings({ agents: scriptedAgents('consensus-test'), rounds: 2, mode: 'consensus', synthesizer: '', maxCalls: undefined });
    // The Consensus MCP server would ask to be started in every chat; these tests are not about it.
    await vscode.workspace.getConfiguration('chat').update('mcp.autostart', 'never', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await setSettings({ agents: [] });
  });

  it('@consensus answers with the agreed answer, and its button opens the discussion in the panel', async () => {
    await lmFixture();
    await ask('@consensus What is six times seven?');
    await waitUntil(async () => /Open the full discussion/.test(await chatText()), 'the answer in the Chat view', 60_000);
    const shown = await chatText();
    assert.match(shown, /Completed \d+ steps/, 'the rounds and positions are not folded into steps');
    assert.match(shown, /Agreed after round \d — share 3 of 3/);
    assert.match(shown, /Final answer: 42/);
    // The follow-ups sit above the chat's input box.
    await waitUntil(
      async () => /Review this[^]*Discuss it/.test(await windowText('.part.auxiliarybar', 2_000).catch(() => '')),
      'the follow-ups',
    );
    await windowScreenshot('.part.auxiliarybar', 'chat-participant');
    const api = await testApi();
    await waitUntil(async () => (await api.history.list())[0]?.title === 'What is six times seven?', 'the chat run in past runs');
    await windowClick('.interactive-session a.monaco-button:visible', 'Open the full discussion');
    await webviewWaitFor('panel', { text: 'What is six times seven?' });
  });

  it('"Review this" reviews the code of the previous answer', async () => {
    const fixture = await lmFixture();
    await ask('@consensus What is six times seven?');
    await waitUntil(async () => /Open the full discussion/.test(await chatText()), 'the answer in the Chat view', 60_000);
    // The code block is an editor, which draws spaces as non-breaking ones.
    assert.match(await chatText(), /const\sanswer\s=\s42;/, 'the answer holds no code block');
    await waitUntil(async () => /Review this/.test(await windowText('.part.auxiliarybar', 2_000).catch(() => '')), 'the follow-ups');
    fixture.reset();
    await windowClick('.part.auxiliarybar .interactive-session-followups a:visible, .part.auxiliarybar a:visible', 'Review this');
    await waitUntil(async () => /Open the full review/.test(await chatText()), 'the review in the Chat view', 60_000);
    assert.ok(
      fixture.requests.some((request) => request.prompt.includes('const answer = 42;')),
      "the reviewers did not get the answer's code",
    );
  });

  it('a tool call shows the agents and the bound on model calls, and runs once allowed', async () => {
    const fixture = await lmFixture();
    await ask('@caller What is six times seven?');
    await waitUntil(
      async () => /Ask Consensus\?/.test(await windowText('.part.auxiliarybar', 2_000).catch(() => '')),
      "the tool's confirmation",
      30_000,
    );
    const confirmation = await windowText('.part.auxiliarybar');
    // 3 agents x 3 rounds (2 refinements) + up to 3 write-up attempts.
    assert.match(confirmation, /3 agents \(Scripted neutral, Scripted for, Scripted against\), at most 12 model calls/);
    assert.equal(fixture.requests.length, 0, 'the tool ran before it was allowed');
    await windowScreenshot('.part.auxiliarybar', 'tool-confirmation');
    await windowClick('a.monaco-button:visible', 'Allow');
    await waitUntil(async () => /Consensus: final/.test(await chatText()), "the tool's result", 60_000);
    assert.match(await chatText(), /backed by 3 of 3 agents/);
  });

  it("lists the Consensus model among VS Code's language models", async () => {
    await vscode.commands.executeCommand('workbench.action.chat.manage');
    await waitUntil(
      async () => /Consensus \(your agents\)/.test(await windowText('body', 2_000).catch(() => '')),
      'the Consensus model in the list',
      20_000,
    );
    await windowScreenshot({ x: 140, y: 104, width: 1120, height: 240 }, 'model-list');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
