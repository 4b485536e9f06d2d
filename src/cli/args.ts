/**
 * The command line's arguments: parsed and checked here, with no I/O, so every rule is testable.
 * Ranges of the protocol's parameters are checked by the engine, which names the parameter.
 */
import { parseArgs } from 'node:util';
import { MAX_TIMEOUT_SECONDS, MAX_TIMEOUT_TEXT } from '../core/parameters';
import type { ConsensusOptions } from '../core/types';

/** The engine parameters the command line sets (`timeoutMs` from `--timeout SECONDS`). */
export type CliEngineOptions = Pick<ConsensusOptions, 'rounds' | 'k' | 'alpha' | 'beta1' | 'beta2' | 'seed' | 'mode' | 'timeoutMs' | 'timeoutSetting' | 'maxCalls' | 'synthesize' | 'equivalence' | 'judge'>;

/** What the user asked for. */
export type CliCommand =
  | { kind: 'help'; topic?: 'eval' }
  | EvalCommand
  | {
      kind: 'run';
      agentsFile: string;
      /** The prompt from `--prompt` or the positional words; undefined means "read stdin". */
      prompt?: string;
      engine: CliEngineOptions;
      /** Route every call through the MCP mesh. */
      mesh: boolean;
      /** Print the final state as JSON instead of streaming the rounds. */
      json: boolean;
    }
  | {
      kind: 'mcp';
      /** Where the agents come from: a JSON file, or the JSON in an environment variable. */
      agents: { file: string } | { env: string };
      engine: CliEngineOptions;
      /** Serve streamable HTTP on 127.0.0.1 at this port (0: any free one) instead of stdio. */
      http?: number;
    };

/** `consensus eval`: the protocol over a dataset, graded, with baselines. */
export interface EvalCommand {
  kind: 'eval';
  agentsFile: string;
  dataset: string;
  engine: CliEngineOptions;
  /** Items run at once. */
  concurrency: number;
  /** Only the first N usable items. */
  limit?: number;
  /** Report file, rewritten after every item. */
  out?: string;
  /** Skip the items `out` already holds. */
  resume: boolean;
  json: boolean;
}

/** A mistake in the arguments; the message says what to type instead. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** The text of `--help`. */
export const HELP = `Usage: consensus --agents FILE [--prompt TEXT | TEXT... | < prompt.txt] [options]
       consensus eval --agents FILE --dataset FILE.jsonl [options]   (see consensus eval --help)

Asks several AI agents the same question and prints the one answer they agreed on
(the metastable consensus protocol: blind proposals, then k-peer sampling rounds).

Required:
  --agents FILE        JSON file of agents: a list of agent configurations, or
                       { "agents": [...] } (the same shape as the editor's settings).
                       API keys come from the environment variables named by "apiKeyEnv".

Prompt (one of):
  --prompt TEXT        the question
  TEXT...              the question as the remaining words
  stdin                piped in when neither is given

Protocol:
  --rounds N           maximum refinement rounds after the proposals (default 3, 0..50)
  --k N                peers sampled per agent per round (default 3)
  --alpha X            share of sampled peers that must agree for a successful poll (default 0.6)
  --beta1 X            confidence an agent needs to count as confident (default 0.5)
  --beta2 X            share of confident supporters that makes the decision final (default 0.8)
  --seed N             seed for labels and samples, to replay a run (default random)
  --mode MODE          consensus (default) or discussion (everyone sees everyone, N rounds)
  --timeout SECONDS    give up on a single agent call after this long (default none,
                       at most 2147483, about 24.8 days)
  --max-calls N        never make more than N agent calls in the run, synthesis included
  --synthesizer ID     who writes the final answer: an agent id, or off for the winning
                       answer verbatim (default: the champion of the winning answer)
  --equivalence judge  let an agent judge whether two free-text answers agree (each
                       judgement is a call; default: the built-in rules only)
  --judge ID           the agent that judges (default the first)

Output:
  --json               print the final state as JSON (nothing else on stdout)
  --mesh               route every call through the MCP mesh (each agent an MCP server)
  -h, --help           show this help

Exit status: 0 when the decision is final, 2 when it is not (a stalemate: the agents
held their positions; or the rounds or the call budget ran out first), 1 on an error (printed on stderr; also when every agent failed),
130 when interrupted (Ctrl-C).

       consensus mcp (--agents FILE | --agents-env VAR) [--http PORT] [protocol options]

Serves the tools consensus_ask and consensus_review to an MCP host (Claude Code, Cursor,
VS Code...) over stdio, or with --http PORT over streamable HTTP at
http://127.0.0.1:PORT/mcp (loopback only; other Host and Origin headers are refused).
  --agents-env VAR     read the agents JSON from the environment variable VAR instead of a file
  --http PORT          serve HTTP on 127.0.0.1:PORT (0 picks a free port; the URL goes to stderr)
The protocol options above set the defaults of every tool call.
`;

/** The text of `consensus eval --help`. */
export const EVAL_HELP = `Usage: consensus eval --agents FILE --dataset FILE.jsonl [options]

Runs the protocol on every question of a dataset, grades each result against the reference
answer with the protocol's own equivalence, and reports accuracy (with a 95% Wilson interval),
mean calls, tokens and time, next to two baselines taken from the same runs' round-0 answers:
the majority vote of the proposals and each agent alone.

Required:
  --agents FILE        the agents, as for 'consensus --agents'
  --dataset FILE       JSON Lines: one {"question": "...", "answer": "..."} per line; the answer
                       may be GSM8K style ("... #### 72") or a short answer or option letter

Options:
  --concurrency N      questions run at once (default 1)
  --limit N            only the first N questions
  --out FILE           write the report (with every graded item) to FILE after each question
  --resume             skip the questions FILE (--out) already holds
  --json               print the report as JSON on stdout instead of the table
  --rounds, --k, --alpha, --beta1, --beta2, --timeout, --max-calls, --mode,
  --synthesizer, --equivalence, --judge
                       the protocol's parameters, as for a single run
  --seed N             item on line L runs with seed N + L (default random)

Progress goes to stderr. Ctrl-C stops after keeping every finished question (in --out);
run again with --resume to finish. Bad dataset lines are reported and skipped.
Exit status: 0 when every question ran, 1 on an error (also when every agent failed on
every question), 130 when interrupted.
`;

/** The protocol flags every command takes (`engineOptions` reads them). */
const PROTOCOL_OPTIONS = {
  rounds: { type: 'string' },
  k: { type: 'string' },
  alpha: { type: 'string' },
  beta1: { type: 'string' },
  beta2: { type: 'string' },
  seed: { type: 'string' },
  mode: { type: 'string' },
  timeout: { type: 'string' },
  'max-calls': { type: 'string' },
  synthesizer: { type: 'string' },
  equivalence: { type: 'string' },
  judge: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const EVAL_OPTIONS = {
  ...PROTOCOL_OPTIONS,
  agents: { type: 'string' },
  dataset: { type: 'string' },
  concurrency: { type: 'string' },
  limit: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

const OPTIONS = {
  ...PROTOCOL_OPTIONS,
  agents: { type: 'string' },
  prompt: { type: 'string' },
  json: { type: 'boolean' },
  mesh: { type: 'boolean' },
} as const;

const MCP_OPTIONS = {
  ...PROTOCOL_OPTIONS,
  agents: { type: 'string' },
  'agents-env': { type: 'string' },
  http: { type: 'string' },
} as const;

const SEE_HELP = "run 'consensus --help' for the options";

/** A number, or a usage error naming the flag and the value found. */
function numberOf(flag: string, text: string | undefined, kind: 'integer' | 'number'): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(value) || (kind === 'integer' && !Number.isSafeInteger(value))) {
    const wanted = kind === 'integer' ? 'a whole number' : 'a number';
    throw new CliUsageError(`--${flag} must be ${wanted}, got '${text}'`);
  }
  return value;
}

/** The protocol flags shared by a run and the MCP server. */
function engineOptions(values: Partial<Record<'rounds' | 'k' | 'alpha' | 'beta1' | 'beta2' | 'seed' | 'mode' | 'timeout' | 'max-calls' | 'synthesizer' | 'equivalence' | 'judge', string>>): CliEngineOptions {
  const equivalence = values.equivalence;
  if (equivalence !== undefined && equivalence !== 'default' && equivalence !== 'judge') {
    throw new CliUsageError(`--equivalence must be 'default' or 'judge', got '${equivalence}'`);
  }
  if (values.judge !== undefined && equivalence !== 'judge') throw new CliUsageError('--judge ID names the agent for --equivalence judge: give that as well');
  const mode = values.mode;
  if (mode !== undefined && mode !== 'consensus' && mode !== 'discussion') {
    throw new CliUsageError(`--mode must be 'consensus' or 'discussion', got '${mode}'`);
  }
  const timeout = numberOf('timeout', values.timeout, 'number');
  if (timeout !== undefined && timeout <= 0) throw new CliUsageError(`--timeout must be a positive number of seconds, got '${values.timeout}'`);
  if (timeout !== undefined && timeout > MAX_TIMEOUT_SECONDS) {
    throw new CliUsageError(`--timeout must be at most ${MAX_TIMEOUT_TEXT}, the longest a timer can wait, got '${values.timeout}'; leave it out for no limit`);
  }

  const engine: CliEngineOptions = {};
  const set = <K extends keyof CliEngineOptions>(key: K, value: CliEngineOptions[K] | undefined) => {
    if (value !== undefined) engine[key] = value;
  };
  set('rounds', numberOf('rounds', values.rounds, 'integer'));
  set('k', numberOf('k', values.k, 'integer'));
  set('alpha', numberOf('alpha', values.alpha, 'number'));
  set('beta1', numberOf('beta1', values.beta1, 'number'));
  set('beta2', numberOf('beta2', values.beta2, 'number'));
  set('seed', numberOf('seed', values.seed, 'integer'));
  set('mode', mode);
  set('timeoutMs', timeout === undefined ? undefined : Math.round(timeout * 1000));
  // A call that runs out of this time is told by the flag's name, so the fix is plain.
  set('timeoutSetting', timeout === undefined ? undefined : '--timeout');
  set('maxCalls', numberOf('max-calls', values['max-calls'], 'integer'));
  const synthesizer = values.synthesizer?.trim();
  // The editor's consensus.synthesizer: empty for the champion, an agent id, or off (verbatim).
  if (synthesizer === 'off') set('synthesize', false);
  else if (synthesizer !== undefined && synthesizer !== '') set('synthesize', { by: synthesizer });
  set('equivalence', equivalence);
  set('judge', values.judge);

  return engine;
}

/** Parses the arguments after `node cli.js`. Throws `CliUsageError` for anything it cannot use. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  if (argv[0] === 'mcp') return parseMcpArgs(argv.slice(1));
  if (argv[0] === 'eval') return parseEvalArgs(argv.slice(1));
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // node's messages name the flag ("Unknown option '--foo'"); add where to look.
    const message = error instanceof Error ? error.message.replace(/\.?\s*To specify a positional argument.*$/s, '') : String(error);
    throw new CliUsageError(`${message}; ${SEE_HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };

  if (values.agents === undefined || values.agents.trim() === '') {
    throw new CliUsageError(`--agents FILE is required: a JSON list of the agents to ask; ${SEE_HELP}`);
  }
  if (values.prompt !== undefined && positionals.length > 0) {
    throw new CliUsageError(`give the prompt once: either --prompt TEXT or as words, not both (extra words: ${positionals.join(' ')})`);
  }
  const prompt = values.prompt ?? (positionals.length > 0 ? positionals.join(' ') : undefined);
  if (prompt !== undefined && prompt.trim() === '') throw new CliUsageError('the prompt is empty; pass --prompt TEXT or pipe it on stdin');

  return {
    kind: 'run',
    agentsFile: values.agents,
    ...(prompt !== undefined ? { prompt } : {}),
    engine: engineOptions(values),
    mesh: values.mesh === true,
    json: values.json === true,
  };
}

/** A whole number of at least 1, or a usage error naming the flag. */
function positive(flag: string, text: string | undefined): number | undefined {
  const value = numberOf(flag, text, 'integer');
  if (value !== undefined && value < 1) throw new CliUsageError(`--${flag} must be at least 1, got '${text}'`);
  return value;
}

/** Parses the arguments after `consensus eval`. */
export function parseEvalArgs(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof EVAL_OPTIONS; allowPositionals: false; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: EVAL_OPTIONS, allowPositionals: false, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\.?\s*To specify a positional argument.*$/s, '') : String(error);
    throw new CliUsageError(`${message}; run 'consensus eval --help' for the options`);
  }
  const { values } = parsed;
  if (values.help) return { kind: 'help', topic: 'eval' };
  if (values.agents === undefined || values.agents.trim() === '') {
    throw new CliUsageError("consensus eval needs --agents FILE: a JSON list of the agents to ask; run 'consensus eval --help' for the options");
  }
  if (values.dataset === undefined || values.dataset.trim() === '') {
    throw new CliUsageError('consensus eval needs --dataset FILE.jsonl: one {"question": ..., "answer": ...} per line');
  }
  if (values.resume && values.out === undefined) {
    throw new CliUsageError('--resume reads the report written by --out: give --out FILE as well');
  }
  const limit = positive('limit', values.limit);
  const command: EvalCommand = {
    kind: 'eval',
    agentsFile: values.agents,
    dataset: values.dataset,
    engine: engineOptions(values),
    concurrency: positive('concurrency', values.concurrency) ?? 1,
    resume: values.resume === true,
    json: values.json === true,
  };
  if (limit !== undefined) command.limit = limit;
  if (values.out !== undefined) command.out = values.out;
  return command;
}

/** Parses the arguments after `consensus mcp`. */
function parseMcpArgs(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof MCP_OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: MCP_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\.?\s*To specify a positional argument.*$/s, '') : String(error);
    throw new CliUsageError(`${message}; ${SEE_HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0) throw new CliUsageError(`consensus mcp takes no words (got: ${positionals.join(' ')}); questions come from the MCP host; ${SEE_HELP}`);
  const file = values.agents?.trim();
  const variable = values['agents-env']?.trim();
  if (file && variable) throw new CliUsageError('give the agents once: --agents FILE or --agents-env VAR, not both');
  if (!file && !variable) throw new CliUsageError(`consensus mcp needs its agents: --agents FILE (a JSON list) or --agents-env VAR (the JSON in an environment variable); ${SEE_HELP}`);
  if (variable !== undefined && variable !== '' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
    throw new CliUsageError(`--agents-env takes the name of an environment variable (letters, digits, _), got '${variable}'`);
  }
  const port = numberOf('http', values.http, 'integer');
  if (port !== undefined && (port < 0 || port > 65535)) throw new CliUsageError(`--http must be a port number from 0 to 65535, got '${values.http}'`);
  return {
    kind: 'mcp',
    agents: file ? { file } : { env: variable as string },
    engine: engineOptions(values),
    ...(port !== undefined ? { http: port } : {}),
  };
}
