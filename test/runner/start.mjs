// `npm start`: the extension in a real VS Code (code-server) on 127.0.0.1, reachable from a
// browser. The extension is linked into code-server's extensions folder, so a rebuild
// (`npm run watch`) and a window reload pick up changes. Ctrl-C stops it.
//
// The profile (user settings with your agents, keys, past runs, extensions, HOME) is kept in
// .start-profile/ (git-ignored), so it survives restarts; `npm start -- --fresh` starts from an
// empty one. A demo server (three scripted agents on loopback) runs alongside; the setup page of
// the first run offers it as "Try the Demo".
//
//   npm start [-- [--fresh] [path/to/folder]]
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { ensureTools, repoRoot } from './tools.mjs';
import { startCodeServer } from './codeServer.mjs';
import { startDemoServer } from './demoServer.mjs';

const args = process.argv.slice(2);
const fresh = args.includes('--fresh');
const unknown = args.filter((arg) => arg.startsWith('--') && arg !== '--fresh');
if (unknown.length > 0) {
  console.error(`Unknown option ${unknown.join(', ')}. Usage: npm start -- [--fresh] [path/to/folder]`);
  process.exit(2);
}
const folderArg = args.find((arg) => !arg.startsWith('--'));

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const port = Number(process.env.PORT ?? 8080);
const profile = path.join(repoRoot, '.start-profile');
const workspace = path.resolve(folderArg ?? path.join(profile, 'playground'));

for (const built of ['extension.js', path.join('demo', 'server.js')]) {
  if (!existsSync(path.join(repoRoot, 'dist', built))) {
    console.error(`dist/${built} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
}
if (folderArg && !existsSync(workspace)) {
  console.error(`The folder ${workspace} does not exist.`);
  process.exit(1);
}
if (fresh) {
  rmSync(profile, { recursive: true, force: true });
  console.log('Starting with a fresh profile (.start-profile/ was emptied).');
}
if (!folderArg && !existsSync(workspace)) {
  mkdirSync(workspace, { recursive: true });
  cpSync(path.join(repoRoot, 'test', 'integration', 'workspace'), workspace, { recursive: true });
}

/** Links this checkout into the extensions folder, unless it already is (a kept profile). */
function linkExtension(extensions) {
  const link = path.join(extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  try {
    if (lstatSync(link).isSymbolicLink() && path.resolve(extensions, readlinkSync(link)) === repoRoot) return;
    rmSync(link, { recursive: true, force: true });
  } catch {
    // Not there yet.
  }
  symlinkSync(repoRoot, link, 'dir');
}

const tools = ensureTools();
const demo = await startDemoServer();
let server;
try {
  server = await startCodeServer({
    node: tools.node,
    entry: tools.codeServer,
    workspace,
    port,
    profile,
    env: { CONSENSUS_DEMO_URL: demo.url },
    log: process.env.CONSENSUS_VERBOSE ? (text) => process.stdout.write(text) : () => {},
    beforeStart: ({ extensions }) => linkExtension(extensions),
  });
} catch (error) {
  await demo.stop();
  throw error;
}

console.log(`\nVS Code with Consensus is running at ${server.url}/?folder=${encodeURIComponent(workspace)}`);
console.log(
  `Profile: ${path.relative(process.cwd(), profile) || profile} (kept across restarts; \`npm start -- --fresh\` for a clean one).`,
);
console.log('No agents yet? Run "Consensus: Run Consensus" and choose "Try the Demo": three scripted agents, no model or key needed.');
console.log('Open it in a browser on this machine; press Ctrl-C here to stop.\n');

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await Promise.all([demo.stop(), server.stop()]);
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
server.child.on('exit', (code) => {
  if (stopping) return;
  console.error(`code-server exited (code ${code})`);
  void demo.stop().finally(() => process.exit(code ?? 1));
});
