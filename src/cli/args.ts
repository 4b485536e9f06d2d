/**
 * The command line's arguments: parsed and checked here, with no I/O, so every rule is testable.
 * Ranges of the protocol's parameters are checked by the engine, which names the parameter.
 */
import { ConsensusError } from '../core/errors';
import { parseArgs } from 'node:util';
import { MAX_TIMEOUT_SECONDS, MAX_TIMEOUT_TEXT } from '../core/parameters';
import type { ConsensusOptions } from '../core/types';
import type { CostedBaseline } from '../eval/grade';

/** The engine parameters the command line sets (`timeoutMs` from `--timeout SECONDS`). */
export type CliEngineOptions = Pick<
  ConsensusOptions,
  | 'rounds'
  | 'k'
  | 'alpha'
  | 'beta1'
  | 'beta2'
  | 'seed'
  | 'mode'
  | 'timeoutMs'
  | 'timeoutSetting'
  | 'maxCalls'
  | 'synthesize'
  | 'equivalence'
  | 'judge'
>;

/** What the user asked for. */
export type CliCommand =
  | { kind: 'help'; topic?: 'eval' | 'review' }
  | EvalCommand
  | ReviewCommand
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
      /** `--no-auth`: serve HTTP without a bearer token (tests only; warned about loudly). */
      noAuth?: true;
      /** `--allow-origin`: browser origins allowed besides the server's own. */
      allowOrigins?: string[];
      /** `--max-sessions`: HTTP sessions kept at once. */
      maxSessions?: number;
      /** `--session-idle`: seconds an HTTP session may go without a request before it is closed. */
      sessionIdleSeconds?: number;
      /**
       * `--from-vscode`: started by the VS Code extension. It starts with fewer than two agents
       * (a fresh install) and answers tool calls with what to set up, and its messages name
       * VS Code's commands rather than environment variables.
       */
      fromVscode?: true;
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
  /** Baselines run with calls of their own on the same panel and items (`--baselines`). */
  baselines: CostedBaseline[];
}

/** `consensus review`: a consensus code review of a change. */
export interface ReviewCommand {
  kind: 'review';
  agentsFile: string;
  /** Only these files or folders of the change. */
  paths: string[];
  /** The working tree against HEAD (default), the staged changes, the branch against a base, or a diff file ('-': stdin). */
  source: { kind: 'worktree' } | { kind: 'staged' } | { kind: 'base'; ref: string } | { kind: 'file'; file: string };
  format: 'text' | 'json' | 'sarif';
  /** The least severity of an accepted finding that makes the exit status 3; never: always 0. */
  failOn: 'error' | 'warning' | 'info' | 'never';
  out?: string;
  focus?: 'security' | 'performance' | 'correctness' | 'style';
  engine: CliEngineOptions;
}

/** A mistake in the arguments; the message says what to type instead. */
export class CliUsageError extends ConsensusError {
  constructor(message: string) {
    super('usage', message, 'See consensus --help for the options.');
    this.name = 'CliUsageError';
  }
}

/** The text of `--help`. */
export const HELP = `Usage: consensus --agents FILE [--prompt TEXT | TEXT... | < prompt.txt] [options]
       consensus eval --agents FILE --dataset FILE [options]   (see consensus eval --help)

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
  --http PORT          serve HTTP on 127.0.0.1:PORT (0 picks a free port; the URL goes to stderr).
                       Every request needs "Authorization: Bearer TOKEN": the token is
                       CONSENSUS_MCP_TOKEN, or made at start and printed once on stderr with the
                       client configuration to paste (VS Code, Claude Code, Cursor)
  --allow-origin URL   let web pages from this origin call the server (repeatable; default:
                       only the server's own origin)
  --max-sessions N     HTTP clients served at once (default 16)
  --session-idle SECONDS
                       close an HTTP session after this long without a request (default 1800)
  --no-auth            no token (for tests such as the MCP conformance suite): any local
                       program could run your agents on your keys
  --from-vscode        set by the VS Code extension that starts this server
The protocol options above set the defaults of every tool call.
`;

/** The text of `consensus review --help`. */
export const REVIEW_HELP = `Usage: consensus review --agents FILE [PATH...] [--staged | --base REF | --diff FILE]
                        [--format text|json|sarif] [--fail-on error|warning|info|never] [--out FILE]

Has several AI agents review a change, then judge each other's findings; only the findings a
large majority accepts count. In a git repository with no --staged, --base or --diff it reviews
the working tree's changes against HEAD, new untracked files included.

Required:
  --agents FILE        the agents, as for 'consensus --agents'

What to review (one of; default the working tree against HEAD):
  PATH...              only these files or folders of the change
  --staged             the staged changes (what 'git commit' would record): for a pre-commit hook
  --base REF           the branch's changes since it left REF (git diff REF...HEAD): for CI
  --diff FILE          a unified diff ('git diff' or 'diff -u' output); - reads it from stdin

Output:
  --format FORMAT      text (default), json, or sarif (SARIF 2.1.0 for code-scanning tools:
                       accepted findings at their level with the agreed fix; disputed ones at
                       level note under their own rule; rejected ones left out)
  --out FILE           write the report to FILE instead of stdout
  --fail-on LEVEL      exit 3 when an accepted finding is at least this severe: error (default),
                       warning, info, or never
  --focus FOCUS        security, performance, correctness or style (default: all of them)
  --rounds, --k, --alpha, --beta1, --beta2, --seed, --timeout, --max-calls
                       the protocol's parameters, as for a run; --max-calls bounds the whole
                       review, and the files it cannot pay for are listed as left out

Large changes are reviewed in batches (one run of the protocol each); what was not reviewed
is said on stderr and in the report. Progress goes to stderr.
Exit status: 0 when no accepted finding reaches --fail-on, 3 when one does, 1 on an error
(also when every agent failed), 130 when interrupted.
`;

/** The text of `consensus eval --help`. */
export const EVAL_HELP = `Usage: consensus eval --agents FILE --dataset FILE [options]

Runs the protocol on every question of a dataset, grades each result against the reference
answer with the protocol's own answer reader, and reports accuracy (with a 95% Wilson interval),
mean calls, tokens and time, next to baselines on the same questions: the majority vote of the
proposals and each agent alone (free: from the same runs' round-0 answers), and those chosen
with --baselines. Each is compared with the protocol pairwise: the difference in accuracy with
its 95% interval and an exact McNemar p-value.

Required:
  --agents FILE        the agents, as for 'consensus --agents'
  --dataset FILE       JSON Lines, a JSON array or CSV in one of these formats:
                       {"question", "answer"} (GSM8K's "... #### 72" too); MMLU {"question",
                       "choices": [...], "answer": index or letter}; ARC {"question",
                       "choices": {"text", "label"}, "answerKey"} or {"question": {"stem",
                       "choices"}, "answerKey"}; MATH {"problem", "solution" with \\boxed{}};
                       CSV with "question" and "answer" columns (A, B, ... columns for options).
                       Options reach the agents as lettered lines and are graded by letter.

Options:
  --concurrency N      questions run at once (default 1)
  --limit N            only the first N questions
  --out FILE           write the report (with every graded item) to FILE after each question
  --resume             skip the questions FILE (--out) already holds; every finished result
                       in FILE stays in the report, also beyond a smaller --limit
  --baselines LIST     also run, on the same agents and questions, any of: revote (ask every
                       agent again, blind, when the proposals disagree, then the majority),
                       self-consistency (the first agent, as many calls as the protocol made),
                       debate (everyone sees everyone, 2 rounds); comma-separated. The majority
                       vote of the proposals is always reported: it costs no call.
  --json               print the report as JSON on stdout instead of the table
  --rounds, --k, --alpha, --beta1, --beta2, --timeout, --max-calls, --mode,
  --synthesizer, --equivalence, --judge
                       the protocol's parameters, as for a single run
  --seed N             item on line L runs with seed N + L (default random)

Progress goes to stderr. Ctrl-C stops after keeping every finished question (in --out);
run again with --resume to finish. Bad dataset lines are reported and skipped; answers and
references with no readable final answer are counted as unparsed in the report.
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
  baselines: { type: 'string' },
} as const;

const OPTIONS = {
  ...PROTOCOL_OPTIONS,
  agents: { type: 'string' },
  prompt: { type: 'string' },
  json: { type: 'boolean' },
  mesh: { type: 'boolean' },
} as const;

const REVIEW_OPTIONS = {
  ...PROTOCOL_OPTIONS,
  agents: { type: 'string' },
  staged: { type: 'boolean' },
  base: { type: 'string' },
  diff: { type: 'string' },
  format: { type: 'string' },
  'fail-on': { type: 'string' },
  out: { type: 'string' },
  focus: { type: 'string' },
} as const;

const MCP_OPTIONS = {
  ...PROTOCOL_OPTIONS,
  agents: { type: 'string' },
  'agents-env': { type: 'string' },
  http: { type: 'string' },
  'no-auth': { type: 'boolean' },
  'allow-origin': { type: 'string', multiple: true },
  'max-sessions': { type: 'string' },
  'session-idle': { type: 'string' },
  'from-vscode': { type: 'boolean' },
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
function engineOptions(
  values: Partial<
    Record<
      'rounds' | 'k' | 'alpha' | 'beta1' | 'beta2' | 'seed' | 'mode' | 'timeout' | 'max-calls' | 'synthesizer' | 'equivalence' | 'judge',
      string
    >
  >,
): CliEngineOptions {
  const equivalence = values.equivalence;
  if (equivalence !== undefined && equivalence !== 'default' && equivalence !== 'judge') {
    throw new CliUsageError(`--equivalence must be 'default' or 'judge', got '${equivalence}'`);
  }
  if (values.judge !== undefined && equivalence !== 'judge')
    throw new CliUsageError('--judge ID names the agent for --equivalence judge: give that as well');
  const mode = values.mode;
  if (mode !== undefined && mode !== 'consensus' && mode !== 'discussion') {
    throw new CliUsageError(`--mode must be 'consensus' or 'discussion', got '${mode}'`);
  }
  const timeout = numberOf('timeout', values.timeout, 'number');
  if (timeout !== undefined && timeout <= 0)
    throw new CliUsageError(`--timeout must be a positive number of seconds, got '${values.timeout}'`);
  if (timeout !== undefined && timeout > MAX_TIMEOUT_SECONDS) {
    throw new CliUsageError(
      `--timeout must be at most ${MAX_TIMEOUT_TEXT}, the longest a timer can wait, got '${values.timeout}'; leave it out for no limit`,
    );
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
  if (argv[0] === 'review') return parseReviewArgs(argv.slice(1));
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

const BASELINE_NAMES: Record<string, CostedBaseline | 'free'> = {
  revote: 'revote',
  'self-consistency': 'selfConsistency',
  debate: 'debate',
  // Always reported (it reuses round 0), so naming it is harmless.
  majority: 'free',
};

/** `--baselines revote,self-consistency,debate`: the costed baselines, each once, in the order given. */
function baselinesOf(text: string | undefined): CostedBaseline[] {
  if (text === undefined) return [];
  const chosen: CostedBaseline[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    const baseline = BASELINE_NAMES[name];
    if (baseline === undefined) {
      throw new CliUsageError(
        `--baselines: unknown baseline '${raw.trim()}'; choose from revote, self-consistency, debate (comma-separated)`,
      );
    }
    if (baseline !== 'free' && !chosen.includes(baseline)) chosen.push(baseline);
  }
  return chosen;
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
    throw new CliUsageError(
      "consensus eval needs --agents FILE: a JSON list of the agents to ask; run 'consensus eval --help' for the options",
    );
  }
  if (values.dataset === undefined || values.dataset.trim() === '') {
    throw new CliUsageError(
      'consensus eval needs --dataset FILE: JSON Lines (one {"question": ..., "answer": ...} per line), JSON, or CSV; see consensus eval --help for the formats',
    );
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
    baselines: baselinesOf(values.baselines),
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
  if (positionals.length > 0)
    throw new CliUsageError(`consensus mcp takes no words (got: ${positionals.join(' ')}); questions come from the MCP host; ${SEE_HELP}`);
  const file = values.agents?.trim();
  const variable = values['agents-env']?.trim();
  if (file && variable) throw new CliUsageError('give the agents once: --agents FILE or --agents-env VAR, not both');
  if (!file && !variable)
    throw new CliUsageError(
      `consensus mcp needs its agents: --agents FILE (a JSON list) or --agents-env VAR (the JSON in an environment variable); ${SEE_HELP}`,
    );
  if (variable !== undefined && variable !== '' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
    throw new CliUsageError(`--agents-env takes the name of an environment variable (letters, digits, _), got '${variable}'`);
  }
  const port = numberOf('http', values.http, 'integer');
  if (port !== undefined && (port < 0 || port > 65535))
    throw new CliUsageError(`--http must be a port number from 0 to 65535, got '${values.http}'`);
  const httpOnly = (['no-auth', 'allow-origin', 'max-sessions', 'session-idle'] as const).filter((flag) => values[flag] !== undefined);
  if (port === undefined && httpOnly.length > 0)
    throw new CliUsageError(
      `--${httpOnly[0]} applies to the HTTP server: add --http PORT (over stdio only the host that started the server can talk to it)`,
    );
  const allowOrigins = (values['allow-origin'] ?? []).map(originFlag);
  const maxSessions = positive('max-sessions', values['max-sessions']);
  const idle = numberOf('session-idle', values['session-idle'], 'number');
  if (idle !== undefined && (idle <= 0 || idle > MAX_TIMEOUT_SECONDS))
    throw new CliUsageError(
      `--session-idle must be a positive number of seconds, at most ${MAX_TIMEOUT_TEXT}, got '${values['session-idle']}'`,
    );
  return {
    kind: 'mcp',
    agents: file ? { file } : { env: variable as string },
    engine: engineOptions(values),
    ...(port !== undefined ? { http: port } : {}),
    ...(values['no-auth'] ? { noAuth: true as const } : {}),
    ...(allowOrigins.length > 0 ? { allowOrigins } : {}),
    ...(maxSessions !== undefined ? { maxSessions } : {}),
    ...(idle !== undefined ? { sessionIdleSeconds: idle } : {}),
    ...(values['from-vscode'] ? { fromVscode: true as const } : {}),
  };
}

/** One of `allowed`, or a usage error naming the flag and the choices. */
function choice<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliUsageError(`--${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
}

/** Parses the arguments after `consensus review`. */
export function parseReviewArgs(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof REVIEW_OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: REVIEW_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\.?\s*To specify a positional argument.*$/s, '') : String(error);
    throw new CliUsageError(`${message}; run 'consensus review --help' for the options`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help', topic: 'review' };
  if (values.agents === undefined || values.agents.trim() === '') {
    throw new CliUsageError(
      "consensus review needs --agents FILE: a JSON list of the agents to ask; run 'consensus review --help' for the options",
    );
  }
  const sources = [
    values.staged ? '--staged' : undefined,
    values.base !== undefined ? '--base' : undefined,
    values.diff !== undefined ? '--diff' : undefined,
  ].filter((flag) => flag !== undefined);
  if (sources.length > 1) throw new CliUsageError(`give one change to review: ${sources.join(' and ')} cannot be used together`);
  if (values.base !== undefined && values.base.trim() === '')
    throw new CliUsageError('--base needs a branch, tag or commit, e.g. --base origin/main');
  if (values.diff !== undefined && values.diff.trim() === '')
    throw new CliUsageError('--diff needs a file holding a unified diff, or - to read it from stdin');
  const source: ReviewCommand['source'] = values.staged
    ? { kind: 'staged' }
    : values.base !== undefined
      ? { kind: 'base', ref: values.base.trim() }
      : values.diff !== undefined
        ? { kind: 'file', file: values.diff }
        : { kind: 'worktree' };
  const engine = engineOptions(values);
  if (engine.mode !== undefined || engine.synthesize !== undefined || engine.equivalence !== undefined) {
    throw new CliUsageError('--mode, --synthesizer and --equivalence do not apply to a review: leave them out');
  }
  const command: ReviewCommand = {
    kind: 'review',
    agentsFile: values.agents,
    paths: positionals,
    source,
    format: choice('format', values.format, ['text', 'json', 'sarif'] as const, 'text'),
    failOn: choice('fail-on', values['fail-on'], ['error', 'warning', 'info', 'never'] as const, 'error'),
    engine,
  };
  if (values.out !== undefined) {
    if (values.out.trim() === '') throw new CliUsageError('--out needs a file name');
    command.out = values.out;
  }
  if (values.focus !== undefined)
    command.focus = choice('focus', values.focus, ['security', 'performance', 'correctness', 'style'] as const, 'correctness');
  return command;
}

/** An `--allow-origin` value as browsers send it (`http://host:port`), or a usage error. */
function originFlag(text: string): string {
  try {
    const url = new URL(text);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && (url.pathname === '/' || url.pathname === '') && !url.search)
      return url.origin;
  } catch {
    // reported below
  }
  throw new CliUsageError(`--allow-origin takes an origin such as http://localhost:5173 (scheme, host and port, no path), got '${text}'`);
}
