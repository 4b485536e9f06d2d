/**
 * Entry point of the `consensus` executable (bundled to `dist/cli.js`): wires the process —
 * arguments, stdin, stdout/stderr, environment, Ctrl-C — to `runCli`.
 */
import { runCli } from './run';

/** Reads all of stdin as UTF-8. */
function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) {
    // A second Ctrl-C: the user does not want to wait for the clean-up. Exiting still ends the
    // process group of every server and command started (see agents/processGroup).
    process.exit(130);
  }
  process.stderr.write('\nconsensus: cancelling (Ctrl-C again to quit at once)\n');
  controller.abort(new Error('cancelled by the user (Ctrl-C)'));
});
process.on('SIGTERM', () => controller.abort(new Error('terminated')));

void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: process.stdin.isTTY ? undefined : readStdin,
  env: process.env,
  signal: controller.signal,
  streams: { stdin: process.stdin, stdout: process.stdout },
}).then((code) => {
  process.exitCode = code;
  // Lets a piped stdout drain, then leaves even if a library left a handle open.
  process.stdout.write('', () => process.exit(code));
});
