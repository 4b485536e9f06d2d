// Starts code-server isolated (its own HOME, config, user data and extensions folders: temporary,
// or a kept profile folder) and reachable on 127.0.0.1 only, and stops it with everything it started.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode} before it answered`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s (${lastError})`);
}

/**
 * Starts code-server. `extraArgs` are appended (e.g. the smoke-test driver option); `env` reaches
 * the extension host. `profile`: a folder kept across starts (user data, extensions, HOME), else
 * a temporary one removed on stop. Resolves once /healthz answers.
 */
export async function startCodeServer({
  node,
  entry,
  workspace,
  extraArgs = [],
  env = {},
  port,
  profile,
  keepDirs = Boolean(profile),
  log = () => {},
  beforeStart,
}) {
  const root = profile ?? mkdtempSync(path.join(os.tmpdir(), 'consensus-vscode-'));
  const dirs = {
    home: path.join(root, 'home'),
    config: path.join(root, 'config'),
    data: path.join(root, 'data'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const configFile = path.join(dirs.config, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  // Keep the first-run noise (welcome page, trust prompt) out of the way of tests and people.
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  const userSettings = path.join(dirs.userData, 'User', 'settings.json');
  // A kept profile keeps its settings (agents included): the defaults go only into a new one.
  if (!existsSync(userSettings))
    writeFileSync(
      userSettings,
      JSON.stringify(
        {
          'workbench.startupEditor': 'none',
          'workbench.tips.enabled': false,
          'security.workspace.trust.enabled': false,
          'telemetry.telemetryLevel': 'off',
          'extensions.autoCheckUpdates': false,
          'extensions.autoUpdate': false,
          'update.mode': 'none',
          'workbench.secondarySideBar.defaultVisibility': 'hidden',
          'chat.commandCenter.enabled': false,
          'git.openRepositoryInParentFolders': 'never',
        },
        null,
        2,
      ),
    );

  beforeStart?.(dirs);
  const chosenPort = port ?? (await freePort());
  const args = [
    entry,
    '--config',
    configFile,
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--bind-addr',
    `127.0.0.1:${chosenPort}`,
    ...extraArgs,
    workspace,
  ];
  const child = spawn(node, args, {
    env: {
      ...process.env,
      ...env,
      HOME: dirs.home,
      XDG_CONFIG_HOME: dirs.config,
      XDG_DATA_HOME: dirs.data,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = [];
  const collect = (chunk) => {
    const text = chunk.toString();
    output.push(text);
    log(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  const url = `http://127.0.0.1:${chosenPort}`;
  const stop = async () => {
    if (child.exitCode === null) {
      // The whole process group: code-server starts the extension host and its helpers.
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await Promise.race([new Promise((resolve) => child.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 5000))]);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    if (!keepDirs) rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, 60_000);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n--- code-server output ---\n${output.join('').slice(-4000)}`);
  }
  return { url, port: chosenPort, dirs, child, output, stop };
}
