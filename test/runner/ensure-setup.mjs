// Runs before `npm start` and `npm test` (npm's prestart / pretest): on a fresh clone it installs
// the npm dependencies, and on a Debian machine where we are root it installs the system packages
// VS Code needs here (Chromium and unzip for the tests; a C toolchain, python3 and the Kerberos
// headers to build code-server's native modules). Elsewhere it says exactly what to install.
// It refuses a Node older than the one Consensus is developed on, and explains npm's warnings
// about tools that want a newer one. Needs nothing but node, so it can run before `npm install`.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MINIMUM_NODE, packagesNeedingNewerNode, satisfiesNode } from './nodeEngines.mjs';

// Node 20.19 is the oldest that runs everything here (ESLint 10 needs it). Four development-only
// packages declare Node 22 (the packager's Azure sign-in libraries, @vscode/test-electron, and
// content-type under the MCP conformance suite), so npm warns EBADENGINE on 20: what `npm test`
// runs of them works on 20, and the conformance suite runs on the Node 24 the runner installs.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(
    `Node ${process.versions.node} is too old: Consensus needs Node 20.19 or newer (22 or 24 recommended). Install a newer Node and run this again.`,
  );
  process.exit(1);
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const forTests = process.argv.includes('--tests');

if (!satisfiesNode(process.versions.node, `>=${MINIMUM_NODE}`)) {
  console.error(
    `Consensus is developed on Node ${MINIMUM_NODE} or newer, and this is Node ${process.versions.node}: install Node ${MINIMUM_NODE} or newer (22 or 24 is fine too), then run this again.`,
  );
  process.exit(1);
}

/**
 * Says, before npm warns about them (EBADENGINE), which development tools declare a newer Node
 * than this one and why that is fine: none of them runs on this Node.
 */
function explainNewerEngines() {
  const newer = packagesNeedingNewerNode(path.join(repoRoot, 'package-lock.json'));
  if (newer.length === 0) return;
  console.log(
    [
      `Node ${process.versions.node} builds, tests and packages Consensus. npm will warn (EBADENGINE) that these packages of development tools want a newer Node:`,
      ...newer.map((entry) => `  ${entry.name}@${entry.version} (node ${entry.node})`),
      'None of them runs on this Node: the MCP conformance suite (@modelcontextprotocol/conformance) and test:electron (@vscode/test-electron)',
      'run on the Node 24 the test runner keeps in .vscode-test/, and @vscode/vsce loads @azure/identity only to publish with an Azure sign-in.',
    ].join('\n'),
  );
}

function has(command) {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function debianPackageInstalled(name) {
  try {
    execFileSync('dpkg', ['-s', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const wanted = ['build-essential', 'python3', 'libkrb5-dev', ...(forTests ? ['chromium', 'unzip'] : [])];
if (has('dpkg')) {
  const missing = wanted.filter((name) => (name === 'chromium' ? !has('chromium') : !debianPackageInstalled(name)));
  if (missing.length > 0) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!isRoot || !has('apt-get')) {
      console.error(`Missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
      process.exit(1);
    }
    console.log(`installing Debian packages: ${missing.join(' ')}`);
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', ...missing], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  }
}

if (!existsSync(path.join(repoRoot, 'node_modules', '.package-lock.json'))) {
  explainNewerEngines();
  console.log('installing npm dependencies (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot, stdio: 'inherit' });
}
