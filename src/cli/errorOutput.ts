/** How the command line tells a failure: one text for every error, on stderr, exit status 1. */
import { errorReport, errorText } from '../core/errors';

/** The engine's option names as the command line's flags, to point at the flag to fix. */
const FLAGS: Readonly<Record<string, string>> = {
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
  synthesize: '--synthesizer',
  'synthesize.by': '--synthesizer',
};

/**
 * `error` as the command line prints it: `consensus: ` and the text every front-end shows (the
 * message, the fix, the code); an engine option names the flag that sets it; an error that is no
 * `ConsensusError` is a bug, and its stack follows so it can be reported.
 */
export function cliErrorText(error: unknown): string {
  const report = errorReport(error);
  const option = (error as { option?: unknown } | null)?.option;
  const flag = report.code === 'invalid-option' && typeof option === 'string' ? FLAGS[option] : undefined;
  const text = flag ? errorText(error).replace(report.message, `${report.message} (set with ${flag})`) : errorText(error);
  const stack = report.code === 'internal' && error instanceof Error && error.stack ? `${error.stack}\n` : '';
  return `consensus: ${text}\n${stack}`;
}
