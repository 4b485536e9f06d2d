// `npm start`: the extension in a real VS Code (code-server) on 127.0.0.1, reachable from a
// browser. The extension is linked into code-server's extensions folder, so a rebuild
// (`npm run watch`) and a window reload pick up changes. Ctrl-C stops it.
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { ensureTools, repoRoot } from './tools.mjs';
import { startCodeServer } from './codeServer.mjs';

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const port = Number(process.env.PORT ?? 8080);
const workspace = path.resolve(process.argv[2] ?? path.join(repoRoot, '.vscode-test', 'playground'));
if (!process.argv[2] && !existsSync(workspace)) {
  mkdirSync(workspace, { recursive: true });
  cpSync(path.join(repoRoot, 'test', 'integration', 'workspace'), workspace, { recursive: true });
}
if (!existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
  console.error('dist/extension.js is missing: run `npm run build` first');
  process.exit(1);
}

const tools = ensureTools();
const server = await startCodeServer({
  node: tools.node,
  entry: tools.codeServer,
  workspace,
  port,
  log: process.env.CONSENSUS_VERBOSE ? (text) => process.stdout.write(text) : () => {},
  beforeStart: ({ extensions }) => {
    symlinkSync(repoRoot, path.join(extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');
  },
});

console.log(`\nVS Code with Consensus is running at ${server.url}/?folder=${encodeURIComponent(workspace)}`);
console.log('Open it in a browser on this machine; press Ctrl-C here to stop.\n');

const shutdown = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
server.child.on('exit', (code) => {
  console.error(`code-server exited (code ${code})`);
  process.exit(code ?? 1);
});
