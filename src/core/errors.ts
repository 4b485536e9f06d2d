/**
 * The one error vocabulary: every failure Consensus reports to a person is a `ConsensusError`
 * with a stable `code` (for front-ends and scripts, never parsed from the message) and `fix`,
 * what to do about it in words. Each front-end renders one with one function (`errorReport`
 * below gives them the same three facts), never by sorting classes with `instanceof`.
 */

/** Every code a `ConsensusError` may carry; stable: front-ends, tests and scripts match on it. */
export const ERROR_CODES = [
  /** An engine option (rounds, alpha, the synthesizer …) has a value the engine cannot use. */
  'invalid-option',
  /** An agent's configuration is invalid. */
  'agent-config',
  /** An agent's call failed (its `kind` says how). */
  'agent-failed',
  /** The agents file of the command line cannot be read or used. */
  'agents-file',
  /** The command line's arguments are wrong. */
  'usage',
  /** The command line cannot start the run (too few agents, a missing key, no prompt). */
  'cannot-start',
  /** The person stopped the command before it started its work. */
  'cancelled',
  /** A consultation through the agent mesh failed. */
  'mesh-failed',
  /** The mesh refused a consultation: depth limit or the run's call budget. */
  'mesh-limit',
  /** The MCP server's port is taken. */
  'port-in-use',
  /** A unified diff to review cannot be read. */
  'diff-unreadable',
  /** A data set for `consensus eval` is in no known format. */
  'dataset-format',
  /** An editor setting has a value that cannot be used. */
  'setting',
  /** A run or review cannot start in the editor (no agents, a missing key, a wrong synthesizer). */
  'run-setup',
  /** A language-model tool was called with input it cannot use. */
  'tool-input',
  /** The answer cannot be placed into the document it was asked about. */
  'insert-failed',
  /** A change to review cannot be read from Git. */
  'git-changes',
] as const;

export type ConsensusErrorCode = (typeof ERROR_CODES)[number];

/** Options every `ConsensusError` takes. */
export interface ConsensusErrorOptions {
  cause?: unknown;
}

/** A failure told to a person: what went wrong (`message`), its `code`, and the `fix` in words. */
export class ConsensusError extends Error {
  readonly code: ConsensusErrorCode;
  /** What to do about it, one sentence; may already be part of `message` (then it is not repeated). */
  readonly fix: string;

  constructor(code: ConsensusErrorCode, message: string, fix: string, options: ConsensusErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConsensusError';
    this.code = code;
    this.fix = fix;
  }
}

/** True for one of the known codes. */
export function isErrorCode(value: unknown): value is ConsensusErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * True for a `ConsensusError`, also one made by another bundle (the CLI, the MCP server and the
 * extension are bundled apart, where `instanceof` fails for a class loaded twice).
 */
export function isConsensusError(value: unknown): value is ConsensusError {
  if (value instanceof ConsensusError) return true;
  if (!(value instanceof Error)) return false;
  const { code, fix } = value as { code?: unknown; fix?: unknown };
  return isErrorCode(code) && typeof fix === 'string';
}

/** The three facts every front-end shows of an error. */
export interface ErrorReport {
  /** A `ConsensusErrorCode`, or `internal` for anything else (a bug: the front-end adds the stack). */
  code: ConsensusErrorCode | 'internal';
  message: string;
  /** What to do, when the message does not say it already. */
  fix?: string;
}

/** What a front-end shows of `error`: its code, message, and the fix unless the message holds it. */
export function errorReport(error: unknown): ErrorReport {
  if (!isConsensusError(error)) return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
  const fix = error.fix.trim();
  const said = fix === '' || error.message.toLowerCase().includes(fix.replace(/\.$/, '').toLowerCase());
  return { code: error.code, message: error.message, ...(said ? {} : { fix }) };
}

/**
 * The report as plain text, the same in every front-end that shows text (the command line, the
 * MCP server, a tool's answer): the message, then `Fix: …` on its own line when the message does
 * not say it, the code in brackets at the end (an error whose message says its fix stays one line).
 */
export function errorText(error: unknown): string {
  const report = errorReport(error);
  return `${report.message}${report.fix ? `\nFix: ${report.fix}` : ''} [${report.code}]`;
}

/** Thrown by `runConsensus` (before any call) and `validateParameters` for invalid options. */
export class ConsensusConfigError extends ConsensusError {
  /** The option at fault, e.g. `alpha`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super('invalid-option', message, `Change the option "${option}" to a value the message allows.`);
    this.name = 'ConsensusConfigError';
    this.option = option;
  }
}
