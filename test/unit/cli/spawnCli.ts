/**
 * Runs the built command line (`dist/cli.js`, or the file named by CONSENSUS_CLI) as a real
 * process and collects what it printed and how it exited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The bundle under test: CONSENSUS_CLI, else the repository's `dist/cli.js`. */
export const CLI_PATH = process.env.CONSENSUS_CLI ?? resolve(__dirname, '../../../../dist/cli.js');

/** Whether the bundle exists (tests say how to build it when it does not). */
export function cliBuilt(): boolean {
  return existsSync(CLI_PATH);
}

/** How a run of the command line ended. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A started run: its process and the promise of its end. */
export interface RunningCli {
  child: ChildProcess;
  /** Resolves when the process has exited. */
  done: Promise<CliRun>;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
}

/** Starts the command line with `args`; `stdin` is written and closed (left open when undefined). */
export function startCli(
  args: readonly string[],
  options: { stdin?: string; env?: Record<string, string>; cwd?: string } = {},
): RunningCli {
  // Only what the command line needs: no API keys from the developer's shell leak into a test.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...options.env };
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  const done = new Promise<CliRun>((resolvePromise) => {
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
  return { child, done, output: () => ({ stdout, stderr }) };
}

/** Runs the command line to its end (killing it after `timeoutMs`). */
export async function runCliProcess(
  args: readonly string[],
  options: { stdin?: string; env?: Record<string, string>; timeoutMs?: number; cwd?: string } = {},
): Promise<CliRun> {
  const running = startCli(args, {
    stdin: options.stdin ?? '',
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
  });
  const timer = setTimeout(() => running.child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
  try {
    return await running.done;
  } finally {
    clearTimeout(timer);
  }
}
