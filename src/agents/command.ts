/**
 * A local command-line agent: the prompt goes in on stdin (or as an argument), the answer comes
 * out on stdout. The child runs in its own process group, and a call ends that whole group when
 * it ends, however it ends (answered, failed, timed out, cancelled): a call settles only once
 * nothing the command started is left, so no background job (`sleep 300 &`) outlives its call.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import type { CommandAgentConfig } from './config';
import { childEnvironment } from './childEnvironment';
import { runWithDeadline } from './deadline';
import { fillApiKey, usesApiKeyPlaceholder } from './apiKeyPlaceholder';
import { AgentError, quote, type CallSecrets, type KeyHint } from './errors';
import type { Clock } from '../core/clock';
import { endGroup, KILL_GRACE_MS, OWN_GROUP, signalGroup, trackGroup } from './processGroup';
import { promptWithSystem, systemMessageFor } from './prompt';
import type { Agent, AgentReply, AgentRequest } from './types';

const STDERR_TAIL = 2_000;
/** Stands for the prompt in `args` when `promptVia` is 'argument'. */
export const PROMPT_PLACEHOLDER = '{prompt}';

/** The arguments for one call: the prompt replaces `{prompt}`, or is appended. */
export function commandArguments(config: CommandAgentConfig, prompt: string): string[] {
  const args = config.args ?? [];
  if (config.promptVia !== 'argument') return [...args];
  return args.includes(PROMPT_PLACEHOLDER) ? args.map((a) => (a === PROMPT_PLACEHOLDER ? prompt : a)) : [...args, prompt];
}

/** What a command agent needs besides its configuration. */
export interface CommandAgentOptions {
  /** The key for `${apiKey}` in the agent's `env`, looked up at each call. */
  getApiKey?: () => Promise<string | undefined>;
  /** How messages say where the key is set (default: the editor's words). */
  keyHint?: KeyHint;
  /** Runs the agent's `timeoutSeconds`; default the machine's (tests pass one they move). */
  clock?: Clock;
}

/** Creates an agent that runs `config.command` once per call. */
export function createCommandAgent(config: CommandAgentConfig, options: CommandAgentOptions = {}): Agent {
  const system = systemMessageFor(config);
  const needsKey = usesApiKeyPlaceholder(config);
  /** This agent's children still running, each with the promise of its group's end. */
  const mine = new Map<ChildProcess, Promise<void>>();

  async function call(request: AgentRequest, signal: AbortSignal, secrets: CallSecrets): Promise<AgentReply> {
    const key = needsKey ? await options.getApiKey?.() : undefined;
    const env = fillApiKey(config, config.env, key, options.keyHint);
    secrets.add(key);
    secrets.addValues(env);
    return runChild(request, signal, env, secrets.list);
  }

  /** One run of the command with `env` on a minimal environment; `secrets` are scrubbed from what it printed. */
  function runChild(
    request: AgentRequest,
    signal: AbortSignal,
    env: Record<string, string> | undefined,
    secrets: readonly string[],
  ): Promise<AgentReply> {
    const prompt = promptWithSystem(system, request.prompt);
    return new Promise<AgentReply>((resolve, reject) => {
      let child: ChildProcess;
      try {
        child = spawn(config.command, commandArguments(config, prompt), {
          cwd: config.cwd,
          // Not our whole environment: the user's other secrets are no business of the agent.
          env: childEnvironment(env),
          stdio: ['pipe', 'pipe', 'pipe'],
          // Its own process group, so a shell script's children are ended with it.
          ...OWN_GROUP,
        });
      } catch (error) {
        // Node throws some failures (E2BIG: the arguments are too long) instead of emitting them.
        reject(error instanceof Error ? spawnFailure(config, error, prompt) : error);
        return;
      }
      trackGroup(child);
      let groupEnded!: () => void;
      mine.set(child, new Promise((ended) => (groupEnded = ended)));
      let output = '';
      let stderr = '';
      let spawnError: Error | undefined;
      const decoder = new StringDecoder('utf8');
      let killTimer: NodeJS.Timeout | undefined;

      const onAbort = (): void => {
        signalGroup(child, 'SIGTERM');
        killTimer = setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_GRACE_MS);
      };
      // The signal may have aborted while the key was looked up: no listener would ever fire.
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });

      child.stdout?.on('data', (chunk: Buffer) => {
        const text = decoder.write(chunk);
        if (text) {
          output += text;
          request.onText?.(text);
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
      });
      child.on('error', (error) => {
        spawnError = error;
        // A child that never started emits no 'close' on every node version; settle here.
        if (child.pid === undefined) {
          mine.delete(child);
          groupEnded();
          signal.removeEventListener('abort', onAbort);
          reject(spawnFailure(config, error, prompt));
        }
      });
      // A child that never reads stdin closes it early; that is not a failure of the call.
      child.stdin?.on('error', () => undefined);
      if (config.promptVia === 'stdin') child.stdin?.end(prompt);
      else child.stdin?.end();

      // 'close' comes after the process exited and its output streams ended. What it started in
      // the background is still in its group: ended before the call settles.
      child.on('close', (code, exitSignal) => {
        signal.removeEventListener('abort', onAbort);
        void endGroup(child).then(() => {
          mine.delete(child);
          groupEnded();
          if (killTimer) clearTimeout(killTimer);
          settle(code, exitSignal);
        });
      });

      function settle(code: number | null, exitSignal: NodeJS.Signals | null): void {
        const rest = decoder.end();
        if (rest) {
          output += rest;
          request.onText?.(rest);
        }
        if (signal.aborted) {
          reject(signal.reason);
          return;
        }
        if (spawnError) {
          reject(spawnFailure(config, spawnError, prompt));
          return;
        }
        if (code !== 0) {
          const how = exitSignal ? `was killed by ${exitSignal}` : `exited with code ${code}`;
          const said = stderr.trim() ? `: ${quote(stderr, secrets)}` : '';
          reject(new AgentError('process', `The command of agent '${config.name}' ${how}${said}`));
          return;
        }
        resolve({ output });
      }
    });
  }

  return {
    id: config.id,
    name: config.name,
    ask: (request) =>
      runWithDeadline(
        config.name,
        config.timeoutSeconds,
        request.signal,
        (signal, secrets) => call(request, signal, secrets),
        undefined,
        options.clock,
      ),
    // A run can end while a cancelled child is still in its grace period: end it now, and wait.
    async dispose() {
      for (const child of mine.keys()) signalGroup(child, 'SIGKILL');
      await Promise.all(mine.values());
    },
  };
}

function spawnFailure(config: CommandAgentConfig, error: Error, prompt?: string): AgentError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'E2BIG') {
    const size = prompt === undefined ? '' : ` (${prompt.length.toLocaleString('en-US')} characters)`;
    return new AgentError(
      'config',
      `Agent '${config.name}': the prompt${size} is too long to pass as a command-line argument — set the agent's "promptVia": "stdin" and have the command read the prompt from its standard input.`,
      { cause: error },
    );
  }
  if (code === 'ENOENT') {
    return new AgentError(
      'config',
      `Agent '${config.name}': the command '${config.command}' was not found — is it installed and on PATH?`,
      { cause: error },
    );
  }
  if (code === 'EACCES') {
    return new AgentError('config', `Agent '${config.name}': the command '${config.command}' is not executable.`, { cause: error });
  }
  return new AgentError('process', `Agent '${config.name}': could not start '${config.command}': ${error.message}`, { cause: error });
}
