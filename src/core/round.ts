/**
 * One round of calls, as the engine and the review both run it: every planned call through
 * `callAgent` (at most `concurrency` at once, each bounded by the per-call timeout and the run's
 * cancel scope), reported as agent-start, agent-text and agent-result events. What a reply means
 * is the caller's: `read` turns each result into the caller's reply as the call ends.
 */
import { type CallTimeout, type CancelScope, callAgent } from './call';
import type { Clock } from './clock';
import type { ConsensusEvent, Phase } from './events';
import type { ParticipantLedger } from './ledger';
import type { AgentResult, Execute } from './types';

/** The events of one call. */
export type CallEvent = Extract<ConsensusEvent, { type: 'agent-start' | 'agent-text' | 'agent-result' }>;

/** One planned call of a round. */
export interface RoundCall {
  participant: string;
  phase: Phase;
  prompt: string;
}

/** A finished call as the caller read it. */
export interface ReadCall<Reply> {
  reply: Reply;
  /** The result as the caller judges it (a reply with nothing usable in it is a failure). */
  result: AgentResult;
  /** The output the agent-result event reports. */
  output: string;
}

/** What `runRound` needs. */
export interface RoundRequest<Call extends RoundCall, Reply> {
  round: number;
  calls: readonly Call[];
  execute: Execute;
  timeout: CallTimeout | undefined;
  /** Measures calls and runs their timeouts; default the machine's. */
  clock?: Clock;
  /** Most calls in flight at once; default the whole round. */
  concurrency: number | undefined;
  /** The run's cancellation: no call starts once it is cancelled, and calls in flight end at once. */
  scope: CancelScope;
  /** Says whether a failure now drops its participant (the agent-result event reports it). */
  ledger: Pick<ParticipantLedger, 'failureDrops'>;
  emit(event: CallEvent): void;
  /** Called as each call starts, before its agent-start event (the caller counts its calls here). */
  started(call: Call): void;
  /** Reads a finished call (not called for a call ended by cancellation). */
  read(call: Call, result: AgentResult, index: number): ReadCall<Reply>;
}

/**
 * Runs the calls of one round. Returns each call's reply at its index, or undefined when the run
 * was cancelled: an unfinished round is discarded. (Only cancellation leaves a call unmade.)
 */
export async function runRound<Call extends RoundCall, Reply>(request: RoundRequest<Call, Reply>): Promise<Reply[] | undefined> {
  const { round, calls, scope } = request;
  const replies = new Array<Reply>(calls.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < calls.length && !scope.cancelled) {
      const index = next++;
      const call = calls[index] as Call;
      const { participant, phase } = call;
      request.started(call);
      request.emit({ type: 'agent-start', round, phase, participant });
      const outcome = await callAgent({
        execute: request.execute,
        participant,
        prompt: call.prompt,
        round,
        phase,
        timeout: request.timeout,
        clock: request.clock,
        scope,
        onText: (delta) => request.emit({ type: 'agent-text', round, phase, participant, delta }),
      });
      if (outcome.cancelled) return;
      const { reply, result, output } = request.read(call, outcome.result, index);
      replies[index] = reply;
      const event: CallEvent = { type: 'agent-result', round, phase, participant, ok: result.ok, ms: result.ms, output };
      if (result.error !== undefined) event.error = result.error;
      // Only a failure has a kind (`callAgent` sets none on success).
      if (!result.ok && result.errorKind !== undefined) event.errorKind = result.errorKind;
      if (result.usage) event.usage = result.usage;
      if (!result.ok && request.ledger.failureDrops(participant)) event.dropped = true;
      request.emit(event);
    }
  };
  const width = Math.min(request.concurrency ?? calls.length, calls.length);
  await Promise.all(Array.from({ length: width }, worker));
  return scope.cancelled ? undefined : replies;
}
