/**
 * Shared set-up of the integration suite: the loopback fixture server (its own process, as a
 * real agent server would be), agents configured in the real settings, and access to the
 * extension's test API to wait for runs to end.
 */
import { strict as assert } from 'node:assert';
import net from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import { SCRIPTED_SERVER_SCRIPT, fetchLog, loadScript, type RecordedRequest, type Script } from '../../src/demo/scriptedServer';
import { spawnFixture, type FixtureProcess } from '../fixtures/spawnFixture';
import type { ConsensusTestApi } from '../../src/extension/testApi';

export const EXTENSION_ID = 'consensus-team.consensus';

/** The activated extension's test API (what `activate` returns while VS Code runs tests). */
export async function testApi(): Promise<ConsensusTestApi> {
  const extension = vscode.extensions.getExtension<ConsensusTestApi | undefined>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  assert.ok(api, `${EXTENSION_ID} returned no test API: VS Code is not running it in test mode`);
  return api;
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
  return models.map((model, index) => ({
    id: `agent-${index + 1}`,
    name: `Model ${model}`,
    provider: 'openai',
    baseUrl: server.openaiBaseUrl,
    model,
  }));
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

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is not open');
  return folder;
}

/** Opens a file of the test workspace. Tests that edit a file use `freshDocument` instead. */
export async function openWorkspaceFile(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder().uri, name));
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
}

/** Files made by `freshDocument` since the last `discardFreshDocuments`. */
const freshFiles: vscode.Uri[] = [];
let freshCount = 0;

/**
 * A new file of the test workspace holding `content`, named after `name` (same extension, so the
 * same language) with a unique suffix, opened in the first editor column. Each test that edits a
 * file makes its own, so no test sees another's edits, whatever the order. The suite discards
 * them after each test (see `discardFreshDocuments`).
 */
export async function freshDocument(name: string, content: string): Promise<vscode.TextEditor> {
  const dot = name.lastIndexOf('.');
  const [base, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  freshCount += 1;
  const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'fresh', `${base}-${Date.now().toString(36)}-${freshCount}${extension}`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  freshFiles.push(uri);
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
}

/** `freshDocument` with the content of the workspace file `name` as it is on disk (no test saves those). */
export async function freshCopy(name: string): Promise<vscode.TextEditor> {
  const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder().uri, name)));
  return freshDocument(name, content);
}

function tabShows(tab: vscode.Tab, uri: string): boolean {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return input.uri.toString() === uri;
  if (input instanceof vscode.TabInputTextDiff) return input.original.toString() === uri || input.modified.toString() === uri;
  return false;
}

/** Every tab, in any editor group, that shows `uri` (alone or in a diff). */
export function tabsOf(uri: vscode.Uri): vscode.Tab[] {
  const key = uri.toString();
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tabShows(tab, key));
}

/**
 * Closes `document` in every editor group without asking: a file is saved first, an untitled
 * document emptied (VS Code asks before closing either only while it holds unsaved text). Acts
 * on the document itself, never on whatever editor has focus.
 */
export async function closeDocument(document: vscode.TextDocument): Promise<void> {
  if (!document.isClosed && document.isDirty) {
    if (document.isUntitled) {
      const edit = new vscode.WorkspaceEdit();
      edit.delete(document.uri, new vscode.Range(0, 0, document.lineCount, 0));
      await vscode.workspace.applyEdit(edit);
    } else {
      await document.save();
    }
  }
  const tabs = tabsOf(document.uri);
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
}

/** Closes and deletes every file `freshDocument` made (the suite calls it after each test). */
export async function discardFreshDocuments(): Promise<void> {
  for (const uri of freshFiles.splice(0)) {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
    if (document) await closeDocument(document);
    else {
      const tabs = tabsOf(uri);
      if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
    }
    await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
  }
}

/** Options of `waitUntil`. */
export interface WaitOptions {
  timeoutMs?: number;
  /** Events after which the condition is checked at once (it is also checked every 100 ms). */
  on?: ReadonlyArray<vscode.Event<unknown>>;
}

/**
 * Waits until `condition` holds: checked at once, after each of the given events, and on a short
 * poll for what no event reports (a server's log, a webview); fails with `what` after the deadline.
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  options: number | WaitOptions = {},
): Promise<void> {
  const { timeoutMs = 30_000, on = [] } = typeof options === 'number' ? { timeoutMs: options } : options;
  if (await condition()) return;
  await new Promise<void>((resolve, reject) => {
    let checking = false;
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      clearTimeout(deadline);
      for (const subscription of subscriptions) subscription.dispose();
      if (error) reject(error);
      else resolve();
    };
    const check = (): void => {
      if (checking || settled) return;
      checking = true;
      Promise.resolve(condition()).then(
        (held) => {
          checking = false;
          if (held) finish();
        },
        (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
      );
    };
    const subscriptions = on.map((event) => event(check));
    const poll = setInterval(check, 100);
    const deadline = setTimeout(() => finish(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
}

/** Waits until `document`'s text satisfies `condition`, checking after every change. */
export function waitForText(document: vscode.TextDocument, condition: (text: string) => boolean, what: string): Promise<void> {
  return waitUntil(() => condition(document.getText()), what, { on: [vscode.workspace.onDidChangeTextDocument] });
}

/** Events after which the editor layout (tabs, groups) may have changed. */
export const TAB_EVENTS: ReadonlyArray<vscode.Event<unknown>> = [
  vscode.window.tabGroups.onDidChangeTabs,
  vscode.window.tabGroups.onDidChangeTabGroups,
];

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
