/**
 * Shared set-up of the integration suite: the loopback fixture server (its own process, as a
 * real agent server would be), agents configured in the real settings, and access to the
 * extension's composition root to wait for runs to end.
 */
import { strict as assert } from 'node:assert';
import net from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import { SCRIPTED_SERVER_SCRIPT, fetchLog, loadScript, type RecordedRequest, type Script } from '../fixtures/scriptedServer';
import { spawnFixture, type FixtureProcess } from '../fixtures/spawnFixture';
import type { Ctx } from '../../src/extension/ctx';

export const EXTENSION_ID = 'consensus-team.consensus';

/** The activated extension's composition root. */
export async function extensionCtx(): Promise<Ctx> {
  const extension = vscode.extensions.getExtension<Ctx>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** The scripted OpenAI/Anthropic-style server, running as its own process on 127.0.0.1. */
export class FixtureServer {
  private constructor(private readonly process: FixtureProcess) {}

  static async start(): Promise<FixtureServer> {
    return new FixtureServer(await spawnFixture(SCRIPTED_SERVER_SCRIPT));
  }

  get url(): string {
    return this.process.url;
  }

  get openaiBaseUrl(): string {
    return `${this.process.url}/v1`;
  }

  async script(script: Script): Promise<void> {
    await loadScript(this.process.url, script);
    await fetch(`${this.process.url}/__reset`, { method: 'POST' }).catch(() => undefined);
    await loadScript(this.process.url, script);
  }

  log(): Promise<RecordedRequest[]> {
    return fetchLog(this.process.url);
  }

  stop(): Promise<void> {
    return this.process.stop();
  }
}

/** Writes consensus.* settings (user level) and waits for VS Code to apply them. */
export async function setSettings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('consensus');
  for (const [key, value] of Object.entries(values)) {
    await config.update(key, value, vscode.ConfigurationTarget.Global);
  }
}

/** Three OpenAI-compatible agents on the fixture server, models m1..m3 unless given. */
export function openaiAgents(server: FixtureServer, models = ['m1', 'm2', 'm3']): Array<Record<string, unknown>> {
  return models.map((model, index) => ({ id: `agent-${index + 1}`, name: `Model ${model}`, provider: 'openai', baseUrl: server.openaiBaseUrl, model }));
}

/**
 * Starts the fixture server and configures what most run tests use: its three agents, two rounds
 * of consensus, the champion synthesising. Call in `before`; undo with `stopConsensusFixture`.
 */
export async function startConsensusFixture(): Promise<FixtureServer> {
  const server = await FixtureServer.start();
  await setSettings({ agents: openaiAgents(server), rounds: 2, mode: 'consensus', synthesizer: '' });
  return server;
}

/** Undoes `startConsensusFixture` (call in `after`; the server is undefined if `before` failed early). */
export async function stopConsensusFixture(server: FixtureServer | undefined): Promise<void> {
  await setSettings({ agents: [] });
  await server?.stop();
}

/** Opens a file of the test workspace. */
export async function openWorkspaceFile(name: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is not open');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name));
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
}

/** Waits until `condition` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** A path in the test output folder (screenshots, exported files). */
export function outputPath(name: string): string {
  return path.join(process.env.CONSENSUS_TEST_OUTPUT ?? '.', name);
}

/** A loopback port where nothing listens (it was free a moment ago). */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
