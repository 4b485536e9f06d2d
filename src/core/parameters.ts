/**
 * Defaults and validation of the engine's options. Validation runs before any call so a bad
 * configuration costs nothing.
 */
import { ConsensusConfigError } from './errors';
import type { ConsensusOptions, Mode } from './types';

/** Defaults as in the Python original (rounds, k, alpha, beta_1, beta_2). */
export const DEFAULTS = {
  rounds: 3,
  k: 3,
  alpha: 0.6,
  beta1: 0.5,
  beta2: 0.8,
  mode: 'consensus',
  synthesize: true,
} as const;

/** Largest `rounds` accepted. */
export const MAX_ROUNDS = 50;

/**
 * The longest wait a timer can hold (2^31 - 1 ms, about 24.8 days): node and browsers fire a
 * longer `setTimeout` at once, which would fail every call as "timed out".
 */
export const MAX_TIMEOUT_MS = 2_147_483_647;
/** `MAX_TIMEOUT_MS` in whole seconds, for settings given in seconds. */
export const MAX_TIMEOUT_SECONDS = Math.floor(MAX_TIMEOUT_MS / 1000);
/** How the maximum reads in messages. */
export const MAX_TIMEOUT_TEXT = `${MAX_TIMEOUT_SECONDS} seconds (about 24.8 days)`;

/** Options with defaults applied; `seed` stays undefined when none was given. */
export interface ResolvedParameters {
  rounds: number;
  k: number;
  alpha: number;
  beta1: number;
  beta2: number;
  seed: number | undefined;
  mode: Mode;
  synthesize: boolean | { by: string };
  timeoutMs: number | undefined;
  maxCalls: number | undefined;
  concurrency: number | undefined;
  /** The judging participant when `equivalence` is `'judge'`, else undefined. */
  judge: string | undefined;
}

function fail(option: string, value: unknown, range: string): never {
  throw new ConsensusConfigError(option, `Invalid option \`${option}\`: ${describe(value)}; it must be ${range}.`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  return typeof value;
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Checks every parameter that is present (participants included, when given) and returns them
 * with defaults applied. Throws `ConsensusConfigError` naming the option and its valid range.
 */
export function validateParameters(options: Partial<ConsensusOptions>): ResolvedParameters {
  const rounds = options.rounds ?? DEFAULTS.rounds;
  if (!isInteger(rounds) || rounds < 0 || rounds > MAX_ROUNDS) fail('rounds', rounds, `an integer from 0 to ${MAX_ROUNDS}`);
  const k = options.k ?? DEFAULTS.k;
  if (!isInteger(k) || k < 1) fail('k', k, 'an integer >= 1');
  const alpha = options.alpha ?? DEFAULTS.alpha;
  if (!isNumber(alpha) || !(alpha > 0.5 && alpha <= 1)) fail('alpha', alpha, 'a number with 0.5 < alpha <= 1');
  const beta1 = options.beta1 ?? DEFAULTS.beta1;
  if (!isNumber(beta1) || !(beta1 > 0 && beta1 <= 1)) fail('beta1', beta1, 'a number with 0 < beta1 <= 1');
  const beta2 = options.beta2 ?? DEFAULTS.beta2;
  if (!isNumber(beta2) || !(beta2 > 0.5 && beta2 <= 1)) fail('beta2', beta2, 'a number with 0.5 < beta2 <= 1');
  const seed = options.seed;
  if (seed !== undefined && !isInteger(seed)) fail('seed', seed, 'an integer');
  const mode = options.mode ?? DEFAULTS.mode;
  if (mode !== 'consensus' && mode !== 'discussion') fail('mode', mode, `'consensus' or 'discussion'`);

  const participants = options.participants;
  if (participants !== undefined) validateParticipants(participants);

  const synthesize = options.synthesize ?? DEFAULTS.synthesize;
  if (typeof synthesize !== 'boolean') {
    const by: unknown = typeof synthesize === 'object' && synthesize !== null ? synthesize.by : undefined;
    if (typeof by !== 'string') fail('synthesize', synthesize, 'true, false or { by: participantId }');
    if (participants !== undefined && !participants.includes(by)) fail('synthesize.by', by, 'one of the participant ids');
  }
  const timeoutMs = options.timeoutMs;
  if (timeoutMs !== undefined && (!isNumber(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS)) {
    fail(
      'timeoutMs',
      timeoutMs,
      `a number of milliseconds > 0 and at most ${MAX_TIMEOUT_MS} (${MAX_TIMEOUT_TEXT}, the longest a timer can wait)`,
    );
  }
  const maxCalls = options.maxCalls;
  if (maxCalls !== undefined) {
    const least = participants?.length ?? 1;
    if (!isInteger(maxCalls) || maxCalls < least) {
      fail('maxCalls', maxCalls, `an integer >= the number of participants (${least}), since the proposals alone take one call each`);
    }
  }
  const concurrency = options.concurrency;
  if (concurrency !== undefined && (!isInteger(concurrency) || concurrency < 1)) fail('concurrency', concurrency, 'an integer >= 1');
  if (options.equivalent !== undefined && typeof options.equivalent !== 'function')
    fail('equivalent', options.equivalent, 'a function (a, b) => boolean');
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') fail('onEvent', options.onEvent, 'a function');
  const equivalence = options.equivalence ?? 'default';
  if (equivalence !== 'default' && equivalence !== 'judge') fail('equivalence', equivalence, `'default' or 'judge'`);
  let judge: string | undefined;
  if (equivalence === 'judge') {
    judge = options.judge ?? participants?.[0];
    if (participants !== undefined && (judge === undefined || !participants.includes(judge)))
      fail('judge', judge, 'one of the participant ids');
  } else if (options.judge !== undefined) {
    fail('judge', options.judge, "given only with equivalence: 'judge'");
  }
  return { rounds, k, alpha, beta1, beta2, seed, mode, synthesize, timeoutMs, maxCalls, concurrency, judge };
}

function validateParticipants(participants: unknown): asserts participants is string[] {
  if (!Array.isArray(participants)) fail('participants', participants, 'an array of participant ids');
  if (participants.length < 2) {
    throw new ConsensusConfigError('participants', `Consensus needs at least two participants; got ${participants.length}.`);
  }
  const seen = new Set<string>();
  for (const id of participants) {
    if (typeof id !== 'string' || id.length === 0) fail('participants', id, 'non-empty strings');
    if (seen.has(id))
      throw new ConsensusConfigError(
        'participants',
        `Invalid option \`participants\`: ${JSON.stringify(id)} appears twice; ids must be unique.`,
      );
    seen.add(id);
  }
}

/** Full check for `runConsensus`: the parameters plus the required prompt, participants and execute. */
export function validateOptions(options: ConsensusOptions): ResolvedParameters {
  if (typeof options !== 'object' || options === null) fail('options', options, 'an object');
  if (typeof options.prompt !== 'string' || options.prompt.trim() === '') fail('prompt', options.prompt, 'a non-empty string');
  if (options.participants === undefined) fail('participants', undefined, 'an array of at least two participant ids');
  if (typeof options.execute !== 'function')
    fail('execute', options.execute, 'a function (participant, prompt, context) => Promise<AgentResult>');
  return validateParameters(options);
}
