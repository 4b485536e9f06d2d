import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { FixtureServer, extensionCtx, openaiAgents, setSettings, waitUntil } from './helpers';
import { answerQuickInput, hasUiDriver, runFromPalette } from './ui';

describe('API keys', function () {
  this.timeout(120_000);
  let server: FixtureServer;

  before(async () => {
    server = await FixtureServer.start();
    await setSettings({ agents: openaiAgents(server), rounds: 1 });
  });

  after(async () => {
    const ctx = await extensionCtx();
    await ctx.apiKeys.delete('agent-1');
    await ctx.apiKeys.delete('env-keyed');
    await setSettings({ agents: [] });
    await server?.stop();
  });

  it('are typed into Set API Key..., kept in secret storage, never in settings, and sent to the server', async function () {
    if (!hasUiDriver()) this.skip();
    const ctx = await extensionCtx();
    await runFromPalette('Consensus: Set API Key...');
    await answerQuickInput('Model m1');
    await answerQuickInput('sk-test-key-0123456789');
    await waitUntil(async () => (await ctx.extension.secrets.get('consensus.apiKey.agent-1')) === 'sk-test-key-0123456789', 'the key to be stored');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('consensus').get('agents'));
    assert.ok(!settings.includes('sk-test-key'), 'the key was written to the settings');

    await server.script({ fallback: { text: 'Forty-two.' } });
    await vscode.commands.executeCommand('consensus.run', 'What is six times seven?');
    await ctx.runs.current!.done;
    const requests = await server.log();
    const keyed = requests.filter((request) => request.model === 'm1');
    assert.ok(keyed.length > 0, 'agent m1 was not called');
    assert.equal(keyed[0]?.headers.authorization, 'Bearer sk-test-key-0123456789');
    assert.ok(requests.filter((request) => request.model !== 'm1').every((request) => request.headers.authorization === undefined), 'a key was sent to an agent it does not belong to');
  });

  it('are needed by an agent whose env holds ${apiKey}: left out without one, included once set', async () => {
    const ctx = await extensionCtx();
    const keyed = { id: 'env-keyed', provider: 'command', command: process.execPath, args: ['-e', 'process.stdout.write(String(process.env.TOKEN))'], env: { TOKEN: '${apiKey}' } };
    await setSettings({ agents: [...openaiAgents(server), keyed] });
    try {
      const without = await ctx.runs.participants(async () => []);
      assert.deepEqual(without.map((agent) => agent.id), ['agent-1', 'agent-2', 'agent-3'], 'an agent without its key takes part');
      await ctx.apiKeys.set('env-keyed', 'env-key-0123456789');
      const withKey = await ctx.runs.participants(async () => []);
      assert.ok(withKey.some((agent) => agent.id === 'env-keyed'), 'the agent with its key set was left out');
    } finally {
      await setSettings({ agents: openaiAgents(server), rounds: 1 });
    }
  });
});
