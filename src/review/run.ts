/**
 * `runReview`: Review Selection as a run of the metastable protocol, one decision per finding.
 * Round 0 every agent reviews blind; then, while some finding is undecided, each agent judges the
 * findings its sampled peers hold a stance on and may add what it missed. The sampling, the
 * confidence and the beta2 finality are the engine's (`runPoll`), applied to each finding with the
 * two options "support" and "oppose".
 */
// From the modules themselves, not the barrel, which would bring the engine's answer reader along.
import { ConsensusConfigError } from '../core/errors';
import { validateParameters } from '../core/parameters';
import { runPoll } from '../core/poll';
import { createRng, makeLabels } from '../core/random';
import type { AgentResult, FinishReason, Phase, PollEntry } from '../core';
// Not part of the engine's index, but pure pieces of it: the cancel scope, the round of calls, and a fresh seed.
import { CancelScope, callTiming } from '../core/call';
import { ParticipantLedger } from '../core/ledger';
import { randomSeed } from '../core/random';
import { type ReadCall, runRound } from '../core/round';
import { FindingBook } from './book';
import type { FindingRecord } from './book';
import { parseFindings, parseRefinement } from './parse';
import type { LineFrame, ParsedRefinement } from './parse';
import { buildProposePrompt, buildRefinePrompt, codeLines, REVIEW_FOCUSES } from './prompts';
import type { CodeView, RefineItem } from './prompts';
import type { ReviewError, ReviewEvent, ReviewFinding, ReviewOptions, ReviewRound, ReviewSkip, ReviewState, Stance } from './types';

/** One planned call of a round. */
interface Plan {
  participant: string;
  phase: 'propose' | 'refine';
  prompt: string;
  /** The findings shown (refine only), by id. */
  shown: Map<string, RefineItem>;
}

/** A reply as read on arrival. */
interface Reply {
  call: Plan;
  /** The call's result; `ok` is false when the output held nothing usable. */
  result: AgentResult;
  parsed?: ParsedRefinement;
}

/** Option id of a participant with no stance on a finding: unique, so it never forms a majority. */
function abstention(participant: string): string {
  return `none:${participant}`;
}

/**
 * Reviews `options.code` with every participant and decides each finding by the protocol.
 * Throws `ConsensusConfigError` (before any call) for invalid options; otherwise never rejects:
 * failures of agents are recorded in `errors`, unusable output in `skipped`.
 */
export async function runReview(options: ReviewOptions): Promise<ReviewState> {
  const parameters = validateReviewOptions(options);
  const { rounds, k, alpha, beta1, beta2, timeoutMs, maxCalls, concurrency } = parameters;
  const timing = callTiming(timeoutMs, options);
  const participants = [...options.participants];
  const seed = parameters.seed ?? randomSeed();
  const rng = createRng(seed);
  const labels = makeLabels(participants, rng);
  const { layout } = options;
  // A change is reviewed in the layout's own line space: its shown lines one after the other.
  const code = layout ? layout.code : options.code;
  const offset = layout ? 0 : (options.startLine ?? 0);
  const lineCount = codeLines(code).length;
  const frame: LineFrame = { lineCount, offset };
  const view: CodeView = { code, offset };
  if (layout) {
    frame.resolver = layout;
    view.layout = layout;
  }
  if (options.fileName !== undefined) view.fileName = options.fileName;
  if (options.language !== undefined) view.language = options.language;
  if (options.focus !== undefined) view.focus = options.focus;
  const book = new FindingBook(participants, code, offset, beta2);
  /** A finding as reported: in a change, moved to its file and real lines. */
  const present = (finding: ReviewFinding): ReviewFinding => (layout ? layout.placeFinding(finding) : finding);

  const emit = (event: ReviewEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A failing listener must not break the review it observes.
    }
  };

  // Cancellation: the caller's signal aborts ours, which every call listens to.
  const controller = new AbortController();
  // The engine's calls are cancelled through one scope per run (no listener per call on the signal).
  const scope = new CancelScope();
  controller.signal.addEventListener('abort', () => scope.cancel(), { once: true });
  const cancel = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  options.signal?.addEventListener('abort', cancel, { once: true });

  // Failure streaks, drops and luminance follow the engine's rules (one ledger for both).
  const ledger = new ParticipantLedger(participants);
  /** Participants whose latest call succeeded (and who are not dropped). */
  const lastOk = new Set<string>();
  let samples: Record<string, Record<string, string[]>> = {};
  let luminance: Record<string, number> = Object.fromEntries(participants.map((p) => [p, 1]));
  const errors: ReviewError[] = [];
  const skipped: ReviewSkip[] = [];
  const history: ReviewRound[] = [];
  let calls = 0;
  let roundsRun = 0;
  let reason: FinishReason | undefined;

  const start: ReviewEvent = {
    type: 'review-start',
    participants: [...participants],
    labels: { ...labels },
    seed,
    rounds,
    startLine: offset,
    lineCount,
  };
  if (options.focus !== undefined) start.focus = options.focus;
  if (maxCalls !== undefined) start.maxCalls = maxCalls;
  emit(start);

  /** What a participant is asked this round, or undefined when it has nothing to judge. */
  const plan = (participant: string, round: number): Plan | undefined => {
    if (round === 0 || !lastOk.has(participant)) {
      // Round 0, and a participant whose last call failed: it reviews blind again.
      return { participant, phase: 'propose', prompt: buildProposePrompt(view), shown: new Map() };
    }
    const shown = new Map<string, RefineItem>();
    for (const record of book.undecided()) {
      const sample = samples[record.id]?.[participant] ?? [];
      if (!record.stances.has(participant) && !sample.some((peer) => record.stances.has(peer))) continue;
      shown.set(record.id, book.refineItem(record, participant, sample, labels));
    }
    if (shown.size === 0) return undefined;
    return { participant, phase: 'refine', prompt: buildRefinePrompt(view, [...shown.values()]), shown };
  };

  /**
   * Reads one reply as soon as it arrives: parses it (pure) and reports it. A reply with nothing
   * usable in it counts as a failed call. Applying it to the findings waits for the whole round.
   */
  const read = (call: Plan, raw: AgentResult, round: number): ReadCall<Reply> => {
    const { participant } = call;
    let result = raw;
    let parsed: ParsedRefinement | undefined;
    if (raw.ok) {
      parsed =
        call.phase === 'propose'
          ? { ...parseFindings(raw.output, frame), verdicts: [] }
          : parseRefinement(raw.output, frame, [...call.shown.keys()]);
      emit({
        type: 'parsed',
        round,
        participant,
        findings: parsed.findings.length,
        verdicts: parsed.verdicts.length,
        skipped: [...parsed.skipped],
        repairs: [...parsed.repairs],
      });
      if (!parsed.found) result = { ...raw, ok: false, error: 'unusable output: no findings or verdicts could be read' };
    }
    return { reply: parsed ? { call, result, parsed } : { call, result }, result, output: raw.output };
  };

  /** Applies a usable reply to the findings: verdicts first, then what it raised. */
  const apply = (call: Plan, parsed: ParsedRefinement, round: number): void => {
    const { participant } = call;
    const judged = new Set<string>();
    for (const verdict of parsed.verdicts) {
      const shownItem = call.shown.get(verdict.id);
      if (!shownItem) continue;
      book.verdict(participant, verdict, shownItem, round);
      judged.add(verdict.id);
    }
    for (const finding of parsed.findings) {
      // An explicit verdict on a finding outweighs re-reporting it in the same reply.
      const existing = book.match(finding);
      if (existing && judged.has(existing.id)) continue;
      book.raise(participant, finding, round);
    }
  };

  try {
    for (let round = 0; round <= rounds; round++) {
      if (controller.signal.aborted) {
        reason = 'cancelled';
        break;
      }
      const callable = ledger.remaining();
      if (callable.length === 0) {
        reason = 'all-failed';
        break;
      }
      const plans = callable.flatMap((p) => plan(p, round) ?? []);
      if (plans.length === 0) break;
      // No partial rounds: a round that does not fit in the budget is not started.
      if (maxCalls !== undefined && calls + plans.length > maxCalls) {
        reason = 'budget';
        break;
      }
      const phase: Phase = round === 0 ? 'propose' : 'refine';
      emit({ type: 'round-start', round, phase, participants: plans.map((p) => p.participant) });
      const replies = await runRound({
        round,
        calls: plans,
        execute: options.execute,
        ...timing,
        concurrency,
        scope,
        ledger,
        emit,
        started: () => {
          calls++;
        },
        read: (call, raw) => read(call, raw, round),
      });
      if (!replies) {
        // The unfinished round is discarded: the findings stand as the last completed poll left them.
        reason = 'cancelled';
        break;
      }
      const before = new Map(book.records.map((record) => [record.id, new Map(record.stances)]));
      const roundResults: AgentResult[] = [];
      // Applied in participant order, not arrival order, so a replay gives the same findings.
      for (const reply of replies) {
        const { call, result, parsed } = reply;
        const { participant } = call;
        roundResults.push(result);
        if (parsed) for (const reasonText of parsed.skipped) skipped.push({ participant, round, reason: reasonText });
        if (result.ok && parsed) {
          apply(call, parsed, round);
          ledger.succeeded(participant, result.ms);
          lastOk.add(participant);
        } else {
          const failure: ReviewError = { participant, round, phase: call.phase, error: result.error ?? 'failed' };
          if (result.errorKind !== undefined) failure.errorKind = result.errorKind;
          errors.push(failure);
          ledger.failed(participant);
          lastOk.delete(participant);
        }
      }
      if (round > 0) roundsRun++;

      // The poll: every undecided finding is a two-option decision among the live participants.
      const live = participants.filter((p) => lastOk.has(p) && !ledger.isDropped(p));
      luminance = ledger.luminance();
      samples = {};
      const entries = new Map<
        string,
        { samples: Set<string>; agreement: number[]; success: boolean[]; confidence: number[]; stances: string[] }
      >();
      for (const p of live) entries.set(p, { samples: new Set(), agreement: [], success: [], confidence: [], stances: [] });
      const shares: Record<string, number> = {};
      for (const record of book.undecided()) {
        const outcome = pollFinding(round, record, before.get(record.id), live, participants.length, luminance, {
          k,
          alpha,
          beta1,
          beta2,
          rng,
        });
        samples[record.id] = outcome.samples;
        shares[`${record.id}:support`] = record.support;
        shares[`${record.id}:oppose`] = record.opposition;
        for (const p of live) {
          const stance = record.stances.get(p);
          const entry = entries.get(p);
          const pollEntry = outcome.entries[p];
          if (!entry || !pollEntry) continue;
          for (const peer of pollEntry.sample) entry.samples.add(peer);
          if (!stance) continue;
          entry.agreement.push(pollEntry.agreement);
          entry.success.push(pollEntry.success);
          entry.confidence.push(pollEntry.confidence);
          entry.stances.push(`${record.id}${stance === 'support' ? '+' : '-'}`);
        }
        if (record.state !== 'pending') {
          emit({
            type: 'finding-decided',
            round,
            finding: record.id,
            state: record.state === 'accepted' ? 'accepted' : 'rejected',
            share: record.state === 'accepted' ? record.support : record.opposition,
          });
        }
      }
      emit({ type: 'poll', round, entries: summarisePoll(entries, participants, luminance), live, shares });
      const findings = book.records.map((record) => present(book.snapshot(record, false)));
      emit({ type: 'findings', round, findings });
      history.push({
        round,
        phase,
        results: roundResults,
        samples,
        live,
        stances: Object.fromEntries(book.records.map((record) => [record.id, Object.fromEntries(record.stances)])),
        states: Object.fromEntries(book.records.map((record) => [record.id, record.state])),
      });
      // Done when nothing is left to decide, provided enough participants have spoken (the same
      // condition under which the engine accepts a final poll): two live and half of all.
      const eligible = live.length >= 2 && live.length * 2 >= participants.length;
      if (book.undecided().length === 0 && eligible) {
        reason = 'final';
        break;
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', cancel);
  }
  if (reason !== 'cancelled' && !ledger.anySucceeded()) reason = 'all-failed';
  reason ??= 'rounds-exhausted';

  const findings = book.records.map((record) => present(book.snapshot(record, true)));
  const state: ReviewState = {
    participants,
    labels,
    seed,
    startLine: offset,
    lineCount,
    findings,
    finalized: reason === 'final',
    reason,
    roundsRun,
    calls,
    luminance,
    dropped: ledger.dropped(),
    errors,
    skipped,
    history,
  };
  if (options.focus !== undefined) state.focus = options.focus;
  emit({ type: 'done', finalized: state.finalized, reason, synthesis: summaryLine(state), calls, roundsRun });
  return state;
}

/** Runs the engine's poll on one finding and records the outcome on it. */
function pollFinding(
  round: number,
  record: FindingRecord,
  before: Map<string, Stance> | undefined,
  live: string[],
  participantCount: number,
  luminance: Record<string, number>,
  parameters: { k: number; alpha: number; beta1: number; beta2: number; rng: () => number },
): { samples: Record<string, string[]>; entries: Record<string, PollEntry> } {
  const preferences = new Map<string, string>();
  const changed = new Set<string>();
  for (const p of live) {
    const stance = record.stances.get(p);
    preferences.set(p, stance ?? abstention(p));
    if (stance && before?.get(p) !== stance) changed.add(p);
  }
  const outcome = runPoll({
    participantCount,
    live,
    preferences,
    confidence: record.confidence,
    changed,
    luminance,
    ...parameters,
  });
  for (const p of live) {
    // Confidence only means something for a stance; an abstainer stays at 0.
    if (record.stances.has(p)) record.confidence.set(p, outcome.confidence[p] ?? 0);
  }
  record.support = outcome.shares.support ?? 0;
  record.opposition = outcome.shares.oppose ?? 0;
  // An abstention is a one-member option, so it can never reach beta2 (> 0.5) of two or more.
  if (outcome.final?.option === 'support') record.state = 'accepted';
  else if (outcome.final?.option === 'oppose') record.state = 'rejected';
  if (record.state !== 'pending') record.decidedRound = round;
  return { samples: outcome.samples, entries: outcome.entries };
}

/** The engine's per-participant poll entry, summarised over the findings it holds a stance on. */
function summarisePoll(
  entries: Map<string, { samples: Set<string>; agreement: number[]; success: boolean[]; confidence: number[]; stances: string[] }>,
  order: readonly string[],
  luminance: Record<string, number>,
): Record<string, PollEntry> {
  const mean = (values: number[]): number => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
  const out: Record<string, PollEntry> = {};
  for (const [p, entry] of entries) {
    out[p] = {
      sample: order.filter((q) => entry.samples.has(q)),
      agreement: mean(entry.agreement),
      success: entry.success.length > 0 && entry.success.every(Boolean),
      confidence: mean(entry.confidence),
      luminance: luminance[p] ?? 0,
      preference: entry.stances.join(' '),
    };
  }
  return out;
}

/** "2 accepted, 1 disputed, 0 rejected" — the review's one-line outcome for the `done` event. */
export function summaryLine(state: Pick<ReviewState, 'findings'>): string {
  const count = (wanted: string): number => state.findings.filter((finding) => finding.state === wanted).length;
  return `${count('accepted')} accepted, ${count('disputed')} disputed, ${count('rejected')} rejected`;
}

/** Checks the review's own options, then the protocol parameters (the engine's validation). */
function validateReviewOptions(options: ReviewOptions): ReturnType<typeof validateParameters> {
  if (typeof options !== 'object' || options === null) throw new ConsensusConfigError('options', 'Invalid options: an object is required.');
  if (options.layout !== undefined) {
    if (options.layout.code.trim() === '')
      throw new ConsensusConfigError(
        'code',
        'Invalid option `layout`: the change shows no lines to review (only removed lines, or binary files).',
      );
  } else if (typeof options.code !== 'string' || options.code.trim() === '') {
    throw new ConsensusConfigError('code', 'Invalid option `code`: there is no code to review (the selection or file is empty).');
  }
  const startLine = options.startLine;
  if (startLine !== undefined && (!Number.isSafeInteger(startLine) || startLine < 0)) {
    throw new ConsensusConfigError('startLine', `Invalid option \`startLine\`: ${String(startLine)}; it must be an integer >= 0.`);
  }
  if (options.focus !== undefined && !REVIEW_FOCUSES.includes(options.focus)) {
    throw new ConsensusConfigError(
      'focus',
      `Invalid option \`focus\`: ${JSON.stringify(options.focus)}; it must be one of ${REVIEW_FOCUSES.join(', ')}.`,
    );
  }
  if (typeof options.execute !== 'function') {
    throw new ConsensusConfigError(
      'execute',
      'Invalid option `execute`: it must be a function (participant, prompt, context) => Promise<AgentResult>.',
    );
  }
  if (options.participants === undefined) {
    throw new ConsensusConfigError('participants', 'Invalid option `participants`: an array of at least two participant ids is required.');
  }
  const parameters: Parameters<typeof validateParameters>[0] = { participants: options.participants };
  if (options.rounds !== undefined) parameters.rounds = options.rounds;
  if (options.k !== undefined) parameters.k = options.k;
  if (options.alpha !== undefined) parameters.alpha = options.alpha;
  if (options.beta1 !== undefined) parameters.beta1 = options.beta1;
  if (options.beta2 !== undefined) parameters.beta2 = options.beta2;
  if (options.seed !== undefined) parameters.seed = options.seed;
  if (options.timeoutMs !== undefined) parameters.timeoutMs = options.timeoutMs;
  if (options.maxCalls !== undefined) parameters.maxCalls = options.maxCalls;
  if (options.concurrency !== undefined) parameters.concurrency = options.concurrency;
  return validateParameters(parameters);
}
