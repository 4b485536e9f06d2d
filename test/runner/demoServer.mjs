// Starts the demo server (dist/demo/server.js: three scripted agents on 127.0.0.1) with node and
// resolves to { url, stop }. Used by `npm start` and by the integration suite.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './tools.mjs';

export function startDemoServer() {
  // stdin stays open: the server stops by itself when this process goes away.
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'demo', 'server.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => {
      try {
        resolve({ url: JSON.parse(line).url, stop });
      } catch (error) {
        child.kill('SIGTERM');
        reject(error);
      }
    });
    child.once('exit', (code) => reject(new Error(`the demo server exited with code ${code}`)));
  });
}
