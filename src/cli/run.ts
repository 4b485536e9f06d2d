/**
 * The command line's body: arguments → agents → a run (directly or through the MCP mesh) →
 * output and exit status. Everything outside (process, signals) comes in through `CliIo`.
 */
import { AgentConfigError } from '../agents/config';
import { isAgentError } from '../agents/errors';
import { agentsToExecute } from '../agents/execute';
import { createAgent, envApiKeyLookup } from '../agents/factory';
import type { Agent } from '../agents/types';
import type { ConsensusEvent } from '../core/events';
import { ConsensusConfigError } from '../core/errors';
import { runConsensus } from '../core/index';
import { DEFAULTS } from '../core/parameters';
import type { ConsensusState } from '../core/types';
import { runMeshConsensus } from '../mesh/consensus';
import { MeshError } from '../mesh/errors';
import { Mesh } from '../mesh/mesh';
import { DEFAULT_MESH_TIMEOUT_MS } from '../mesh/types';
import { AgentsFileError, loadAgentsFile } from './agentsFile';
import type { CliCommand } from './args';
import { CliUsageError, EVAL_HELP, HELP, parseCliArgs } from './args';
import { runEvalCommand } from './eval';
import { createRenderer } from './render';
import { CliError, EXIT, enabledAgents } from './setup';

export { EXIT } from './setup';

/** What the command line needs from its process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The prompt when none is given as an argument; undefined when stdin is a terminal. */
  readStdin: (() => Promise<string>) | undefined;
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

/** The engine's option names as the command line's flags, to point at the flag to fix. */
const FLAGS: Record<string, string> = {
  rounds: '--rounds',
  k: '--k',
  alpha: '--alpha',
  beta1: '--beta1',
  beta2: '--beta2',
  seed: '--seed',
  mode: '--mode',
  timeoutMs: '--timeout',
  maxCalls: '--max-calls',
  equivalence: '--equivalence',
  judge: '--judge',
  participants: '--agents',
};


function describe(error: unknown): string {
  if (error instanceof ConsensusConfigError) {
    const flag = FLAGS[error.option];
    return flag ? `${error.message} (set with ${flag})` : error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

async function promptOf(command: Extract<CliCommand, { kind: 'run' }>, io: CliIo): Promise<string> {
  if (command.prompt !== undefined) return command.prompt;
  if (!io.readStdin) throw new CliError('no prompt given: pass --prompt TEXT, give it as words, or pipe it on stdin');
  const text = (await io.readStdin()).trim();
  if (text === '') throw new CliError('the prompt on stdin is empty: pass --prompt TEXT or pipe a question in');
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
  const agents: Agent[] = [];
  let mesh: Mesh | undefined;
  try {
    const command = parseCliArgs(argv);
    if (command.kind === 'help') {
      io.stdout(command.topic === 'eval' ? EVAL_HELP : HELP);
      return EXIT.final;
    }
    if (command.kind === 'eval') return await runEvalCommand(command, io, agents);
    const configs = enabledAgents(await loadAgentsFile(command.agentsFile), command.agentsFile, io.env);
    const prompt = await promptOf(command, io);
    const getApiKey = envApiKeyLookup(io.env);
    for (const config of configs) agents.push(createAgent(config, { getApiKey }));

    const names = Object.fromEntries(configs.map((config) => [config.id, config.name ?? config.id]));
    const renderer = command.json
      ? undefined
      : createRenderer({ write: io.stdout, names, beta2: command.engine.beta2 ?? DEFAULTS.beta2 });
    const onEvent = (event: ConsensusEvent) => renderer?.onEvent(event);
    const common = { prompt, ...command.engine, signal: io.signal, onEvent };

    let state: ConsensusState;
    if (command.mesh) {
      // The mesh's own wait (no progress for this long) must not cut a call --timeout allows.
      mesh = new Mesh({ timeoutMs: Math.max(DEFAULT_MESH_TIMEOUT_MS, command.engine.timeoutMs ?? 0) });
      // The mesh owns the agents from here; disposing it disposes them.
      for (const agent of agents.splice(0)) await mesh.register(agent.id, agent);
      state = await runMeshConsensus(mesh, { ...common, participants: configs.map((config) => config.id) });
    } else {
      state = await runConsensus({ ...common, participants: configs.map((config) => config.id), execute: agentsToExecute(agents) });
    }

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
    const known =
      error instanceof CliError ||
      error instanceof CliUsageError ||
      error instanceof AgentsFileError ||
      error instanceof AgentConfigError ||
      error instanceof ConsensusConfigError ||
      error instanceof MeshError ||
      isAgentError(error);
    io.stderr(`consensus: ${describe(error)}\n`);
    if (!known && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT.error;
  } finally {
    // Ends every child process (stdio MCP servers, command agents) before the process exits.
    await Promise.allSettled([mesh?.dispose(), ...agents.map((agent) => agent.dispose?.())]);
  }
}
