/**
 * The command line's body: arguments → agents → a run (directly or through the MCP mesh) →
 * output and exit status. Everything outside (process, signals) comes in through `CliIo`.
 */
import { environmentKeyHint } from '../agents/errors';
import { createAgent, envApiKeyLookup } from '../agents/factory';
import type { Agent } from '../agents/types';
import { startConsensus } from '../app/consensus';
import { meshRouter } from '../app/meshRoute';
import { ConsensusError, isConsensusError } from '../core/errors';
import { DEFAULTS } from '../core/parameters';
import type { ConsensusState } from '../core/types';
import { loadAgentsFile } from './agentsFile';
import type { CliCommand } from './args';
import { EVAL_HELP, HELP, parseCliArgs, REVIEW_HELP } from './args';
import { cliErrorText } from './errorOutput';
import { runEvalCommand } from './eval';
import { runReviewCommand } from './review';
import { runMcpCommand } from './mcp';
import { createRenderer } from './render';
import { CliError, EXIT, enabledAgents } from './setup';
import type { CliIo } from './io';

export { EXIT } from './setup';

export type { CliIo } from './io';

/** Ctrl-C came before the run started (while the prompt was awaited, say). */
class Interrupted extends ConsensusError {
  constructor() {
    super('cancelled', 'cancelled', '');
    this.name = 'Interrupted';
  }
}

/** `work`, or `Interrupted` as soon as `signal` aborts: reading stdin cannot itself be cancelled. */
function unlessInterrupted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Interrupted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Interrupted());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function promptOf(command: Extract<CliCommand, { kind: 'run' }>, io: CliIo): Promise<string> {
  if (command.prompt !== undefined) return command.prompt;
  if (!io.readStdin)
    throw new CliError(
      'no prompt given: pass --prompt TEXT, give it as words, or pipe it on stdin',
      'pass --prompt TEXT, give it as words, or pipe it on stdin',
    );
  const text = (await unlessInterrupted(io.readStdin(), io.signal)).trim();
  if (text === '')
    throw new CliError(
      'the prompt on stdin is empty: pass --prompt TEXT or pipe a question in',
      'pass --prompt TEXT or pipe a question in',
    );
  return text;
}

/** Each participant's last error, one line each, for stderr. */
function lastErrors(state: ConsensusState, names: Record<string, string>): string {
  const last = new Map<string, string>();
  for (const error of state.errors) last.set(error.participant, error.error);
  return [...last]
    .map(([id, error]) => {
      const name = names[id] ?? id;
      // Agent errors usually name their agent already.
      return `  ${error.includes(name) ? error : `${name}: ${error}`}`;
    })
    .join('\n');
}

/** Runs the command line and resolves its exit status. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseCliArgs(argv);
    if (command.kind === 'help') {
      io.stdout(command.topic === 'eval' ? EVAL_HELP : command.topic === 'review' ? REVIEW_HELP : HELP);
      return EXIT.final;
    }
    if (command.kind === 'mcp') {
      await runMcpCommand(command, io);
      return EXIT.final;
    }
    if (command.kind === 'eval') {
      const agents: Agent[] = [];
      try {
        return await runEvalCommand(command, io, agents);
      } finally {
        // Ends every child process (stdio MCP servers, command agents) before the process exits.
        await Promise.allSettled(agents.map((agent) => agent.dispose?.() ?? Promise.resolve()));
      }
    }
    if (command.kind === 'review') {
      try {
        return await runReviewCommand(command, io);
      } catch (error) {
        // Ctrl-C while git ran ends git with an abort error: that is a cancellation, not a failure.
        if (io.signal.aborted) throw new Interrupted();
        throw error;
      }
    }
    const configs = enabledAgents(await loadAgentsFile(command.agentsFile), command.agentsFile, io.env);
    const prompt = await promptOf(command, io);
    if (io.signal.aborted) throw new Interrupted();
    const getApiKey = envApiKeyLookup(io.env);

    const names = Object.fromEntries(configs.map((config) => [config.id, config.name ?? config.id]));
    const renderer = command.json ? undefined : createRenderer({ write: io.stdout, names, beta2: command.engine.beta2 ?? DEFAULTS.beta2 });
    const run = startConsensus(
      { prompt, agents: configs, settings: command.engine, signal: io.signal },
      {
        createAgent: (config) => createAgent(config, { getApiKey, keyHint: environmentKeyHint }),
        ...(command.mesh
          ? { route: meshRouter(command.engine.timeoutMs !== undefined ? { timeoutMs: command.engine.timeoutMs } : {}) }
          : {}),
      },
    );
    run.onEvent((event) => renderer?.onEvent(event));
    // The run ends every agent's child process and connection before it resolves.
    const state = await run.result;

    if (command.json) io.stdout(`${JSON.stringify(state, null, 2)}\n`);
    else renderer?.finish(state);
    if (state.reason === 'cancelled') {
      io.stderr('consensus: cancelled\n');
      return EXIT.interrupted;
    }
    if (state.reason === 'all-failed') {
      // Nothing was decided because nothing answered: an error to fix, not a disagreement.
      io.stderr(`consensus: every agent failed, so nothing was decided:\n${lastErrors(state, names)}\n`);
      return EXIT.error;
    }
    return state.finalized ? EXIT.final : EXIT.notFinal;
  } catch (error) {
    if (isConsensusError(error) && error.code === 'cancelled') {
      io.stderr('consensus: cancelled\n');
      return EXIT.interrupted;
    }
    io.stderr(cliErrorText(error));
    return EXIT.error;
  }
}
