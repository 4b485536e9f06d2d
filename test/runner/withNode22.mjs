// Runs a script on Node 22 or newer: the running node when it is one, else the Node 24 the test
// runner caches in .vscode-test/ (installed on first use). For the development tools that declare
// Node 22 (see nodeEngines.mjs) while development itself runs on Node 20.
//
//   node test/runner/withNode22.mjs SCRIPT [ARGS...]
import { spawnSync } from 'node:child_process';
import { ensureNode24 } from './tools.mjs';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node test/runner/withNode22.mjs SCRIPT [ARGS...]');
  process.exit(2);
}
const node = Number(process.versions.node.split('.')[0]) >= 22 ? process.execPath : ensureNode24();
const result = spawnSync(node, [script, ...args], { stdio: 'inherit' });
if (result.error) {
  console.error(`could not run ${script} on ${node}: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
