import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { FixtureServer, testApi, openaiAgents, setSettings, waitUntil } from './helpers';
import { answerQuickPick, answerQuickInput, hasUiDriver, runFromPalette } from './ui';

describe('API keys', function () {
  this.timeout(120_000);
  let server: FixtureServer;

  before(async () => {
    server = await FixtureServer.start();
    await setSettings({ agents: openaiAgents(server), rounds: 1 });
  });

  after(async () => {
    const api = await testApi();
    await api.keys.delete('agent-1');
    await api.keys.delete('env-keyed');
    await setSettings({ agents: [] });
    await server?.stop();
  });

  it('are typed into Set API Key..., kept in secret storage, never in settings, and sent to the server', async function () {
    if (!hasUiDriver()) this.skip();
    const api = await testApi();
    await runFromPalette('Consensus: Set API Key...');
    await answerQuickInput('Model m1');
    await answerQuickInput('sk-test-key-0123456789');
    const stored = async (): Promise<unknown> => JSON.parse((await api.keys.secrets.get('consensus.apiKey.agent-1')) ?? 'null');
    await waitUntil(async () => ((await stored()) as { key?: string } | null)?.key === 'sk-test-key-0123456789', 'the key to be stored');
    assert.deepEqual(
      await stored(),
      { key: 'sk-test-key-0123456789', target: server.url },
      'the key is bound to the origin it was stored for',
    );
    const settings = JSON.stringify(vscode.workspace.getConfiguration('consensus').get('agents'));
    assert.ok(!settings.includes('sk-test-key'), 'the key was written to the settings');

    await server.script({ fallback: { text: 'Forty-two.' } });
    await vscode.commands.executeCommand('consensus.run', 'What is six times seven?');
    await api.runs.current!.done;
    const requests = await server.log();
    const keyed = requests.filter((request) => request.model === 'm1');
    assert.ok(keyed.length > 0, 'agent m1 was not called');
    assert.equal(keyed[0]?.headers.authorization, 'Bearer sk-test-key-0123456789');
    assert.ok(
      requests.filter((request) => request.model !== 'm1').every((request) => request.headers.authorization === undefined),
      'a key was sent to an agent it does not belong to',
    );
  });

  it('are needed by an agent whose env holds ${apiKey}: left out without one, included once set', async () => {
    const api = await testApi();
    const keyed = {
      id: 'env-keyed',
      provider: 'command',
      command: process.execPath,
      args: ['-e', 'process.stdout.write(String(process.env.TOKEN))'],
      env: { TOKEN: '${apiKey}' },
    };
    await setSettings({ agents: [...openaiAgents(server), keyed] });
    try {
      const without = await api.runs.participants();
      assert.deepEqual(
        without.map((agent) => agent.id),
        ['agent-1', 'agent-2', 'agent-3'],
        'an agent without its key takes part',
      );
      await api.keys.set('env-keyed', 'env-key-0123456789');
      const withKey = await api.runs.participants();
      assert.ok(
        withKey.some((agent) => agent.id === 'env-keyed'),
        'the agent with its key set was left out',
      );
    } finally {
      await setSettings({ agents: openaiAgents(server), rounds: 1 });
    }
  });
});

describe('A workspace that points an agent elsewhere', function () {
  this.timeout(120_000);
  const KEY = 'sk-stored-for-server-a-0123456789';
  let serverA: FixtureServer;
  let serverB: FixtureServer;

  /** Agent `gpt` at `server`, and two helpers that need no key on server A. */
  function agentsAt(server: FixtureServer): Array<Record<string, unknown>> {
    return [
      { id: 'gpt', name: 'GPT', provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'm1' },
      ...openaiAgents(serverA, ['m2', 'm3']).map((agent, index) => ({ ...agent, id: `helper-${index + 2}` })),
    ];
  }

  /** Every request server B received from agent gpt, and whether any carried the key. */
  async function gptAtB(): Promise<{ calls: number; keyed: number }> {
    const requests = (await serverB.log()).filter((request) => request.model === 'm1');
    return { calls: requests.length, keyed: requests.filter((request) => JSON.stringify(request.headers).includes(KEY)).length };
  }

  /** Starts Run Consensus as a person would; resolves when the run (if any) has ended. */
  function startRun(question: string): Promise<void> {
    return (async () => {
      const api = await testApi();
      await vscode.commands.executeCommand('consensus.run', question);
      await api.runs.current?.done;
    })();
  }

  before(async () => {
    serverA = await FixtureServer.start();
    serverB = await FixtureServer.start();
  });

  beforeEach(async () => {
    const api = await testApi();
    await serverA.script({ fallback: { text: 'Forty-two.' } });
    await serverB.script({ fallback: { text: 'Forty-two.' } });
    // The user's own settings: gpt at server A, its key stored there; no decision taken yet.
    await vscode.workspace.getConfiguration('consensus').update('agents', undefined, vscode.ConfigurationTarget.Workspace);
    await setSettings({ agents: agentsAt(serverA), rounds: 0 });
    await api.keys.set('gpt', KEY);
    // The workspace redefines gpt at server B.
    await vscode.workspace.getConfiguration('consensus').update('agents', agentsAt(serverB), vscode.ConfigurationTarget.Workspace);
    const redefined = api.keys.agents().find((agent) => agent.id === 'gpt');
    assert.equal(
      redefined && 'baseUrl' in redefined ? redefined.baseUrl : undefined,
      serverB.openaiBaseUrl,
      'the workspace setting is in effect',
    );
  });

  after(async () => {
    const api = await testApi();
    await vscode.workspace.getConfiguration('consensus').update('agents', undefined, vscode.ConfigurationTarget.Workspace);
    await api.keys.delete('gpt');
    await api.keys.forgetConsent('gpt');
    await setSettings({ agents: [], rounds: 1 });
    await serverA?.stop();
    await serverB?.stop();
  });

  it('gets no stored key without consent, asks naming both addresses, and remembers the answer', async function () {
    if (!hasUiDriver()) this.skip();
    const run = startRun('What is six times seven?');
    const asked = await answerQuickPick("Don't Allow");
    await run;
    assert.ok(asked.includes(serverA.url) && asked.includes(serverB.url), `the prompt names both addresses:\n${asked}`);
    const first = await gptAtB();
    assert.ok(first.calls > 0, 'gpt still ran at server B, without the key');
    assert.equal(first.keyed, 0, 'server B received the key');

    // Asked once: the next run goes ahead without a prompt (a prompt would keep it waiting), still without the key.
    await startRun('And seven times six?');
    const second = await gptAtB();
    assert.ok(second.calls > first.calls);
    assert.equal(second.keyed, 0, 'server B received the key on the second run');
  });

  it('binds a key stored before keys were bound to where the user settings point the agent', async function () {
    if (!hasUiDriver()) this.skip();
    const api = await testApi();
    await vscode.workspace.getConfiguration('consensus').update('agents', undefined, vscode.ConfigurationTarget.Workspace);
    await api.keys.secrets.store('consensus.apiKey.gpt', KEY);
    await startRun('What is six times seven?');
    const atA = (await serverA.log()).filter((request) => request.model === 'm1');
    assert.ok(
      atA.length > 0 && atA.every((request) => request.headers.authorization === `Bearer ${KEY}`),
      'server A, where the user settings point gpt, received the key',
    );
    assert.deepEqual(JSON.parse((await api.keys.secrets.get('consensus.apiKey.gpt')) ?? 'null'), { key: KEY, target: serverA.url });

    await vscode.workspace.getConfiguration('consensus').update('agents', agentsAt(serverB), vscode.ConfigurationTarget.Workspace);
    const run = startRun('And seven times six?');
    const asked = await answerQuickPick("Don't Allow");
    await run;
    assert.ok(asked.includes(serverA.url) && asked.includes(serverB.url), asked);
    assert.equal((await gptAtB()).keyed, 0, 'server B received the key');
  });

  it('sends the key to the new address once the user allows it', async function () {
    if (!hasUiDriver()) this.skip();
    const run = startRun('What is six times seven?');
    const asked = await answerQuickPick('Send Key');
    await run;
    assert.ok(asked.includes(serverA.url) && asked.includes(serverB.url), `the prompt names both addresses:\n${asked}`);
    const requests = (await serverB.log()).filter((request) => request.model === 'm1');
    assert.ok(requests.length > 0);
    assert.ok(
      requests.every((request) => request.headers.authorization === `Bearer ${KEY}`),
      'server B received the key once allowed',
    );
  });
});

describe('A workspace agent that starts a program', function () {
  this.timeout(120_000);
  let server: FixtureServer;
  let dir: string;
  let marker: string;

  /** The user's two agents, plus a command agent that leaves a file behind when it runs. */
  function workspaceAgents(): Array<Record<string, unknown>> {
    const program = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'); process.stdout.write('Forty-two.')`;
    return [
      ...openaiAgents(server, ['m1', 'm2']),
      { id: 'local-tool', name: 'Local Tool', provider: 'command', command: process.execPath, args: ['-e', program] },
    ];
  }

  async function run(question: string): Promise<void> {
    const api = await testApi();
    await vscode.commands.executeCommand('consensus.run', question);
    await api.runs.current?.done;
  }

  before(async () => {
    server = await FixtureServer.start();
    dir = mkdtempSync(path.join(os.tmpdir(), 'consensus-workspace-agent-'));
  });

  beforeEach(async () => {
    const api = await testApi();
    marker = path.join(dir, `ran-${Date.now()}`);
    await api.keys.forgetConsent('local-tool');
    await server.script({ fallback: { text: 'Forty-two.' } });
    await setSettings({ agents: openaiAgents(server, ['m1', 'm2']), rounds: 0 });
    await vscode.workspace.getConfiguration('consensus').update('agents', workspaceAgents(), vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    const api = await testApi();
    await vscode.workspace.getConfiguration('consensus').update('agents', undefined, vscode.ConfigurationTarget.Workspace);
    await api.keys.forgetConsent('local-tool');
    await setSettings({ agents: [], rounds: 1 });
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not start until the user allows it, and a refusal is remembered', async function () {
    if (!hasUiDriver()) this.skip();
    const api = await testApi();
    const running = run('What is six times seven?');
    const asked = await answerQuickPick("Don't Allow");
    await running;
    assert.match(asked, /Local Tool/);
    assert.ok(asked.includes(process.execPath), `the prompt names the program:\n${asked}`);
    assert.equal(existsSync(marker), false, 'the program ran without consent');
    assert.deepEqual(
      api.runs.current?.view.agents.map((agent) => agent.id),
      ['agent-1', 'agent-2'],
      'the run went ahead without it',
    );
    // Asked once: the next run goes ahead without a prompt (a prompt would keep it waiting).
    await run('And seven times six?');
    assert.equal(existsSync(marker), false);
  });

  it('runs once allowed', async function () {
    if (!hasUiDriver()) this.skip();
    const running = run('What is six times seven?');
    await answerQuickPick('Allow');
    await running;
    assert.equal(existsSync(marker), true, 'the allowed program ran');
  });
});
