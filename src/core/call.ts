/**
 * One call to `execute`, bounded by the run's signal and the per-call timeout. The returned
 * promise settles as soon as the call ends, times out or the run is cancelled, whether or not
 * `execute` honours its signal.
 */
import { type Clock, realClock } from './clock';
import { errorKindOf, isErrorKind } from './errorKind';
import type { Phase } from './events';
import { timeoutText } from './timeoutText';
import type { AgentResult, Execute, ExecuteResult } from './types';

/** How a call ended. */
export interface CallOutcome {
  result: AgentResult;
  /** The run was cancelled while the call was in flight (not a failure of the participant). */
  cancelled: boolean;
}

/**
 * Cancellation of a whole run. One scope holds the abort callbacks of every call in flight, so a
 * run of many participants does not hang one listener per call on a shared AbortSignal.
 */
export class CancelScope {
  private readonly callbacks = new Set<() => void>();
  private cancelledFlag = false;

  get cancelled(): boolean {
    return this.cancelledFlag;
  }

  /** Cancels every registered call; later registrations are cancelled at once. */
  cancel(): void {
    if (this.cancelledFlag) return;
    this.cancelledFlag = true;
    for (const callback of [...this.callbacks]) callback();
    this.callbacks.clear();
  }

  /** Registers a callback run on cancel; returns its removal. */
  add(callback: () => void): () => void {
    this.callbacks.add(callback);
    return () => this.callbacks.delete(callback);
  }
}

/** A call's time limit, and the name the user set it by (named in the error, with the fix). */
export interface CallTimeout {
  ms: number;
  /** `timeoutMs`, `--timeout`, ... */
  setting: string;
}

/** The fixed parts of one call. */
export interface CallRequest {
  execute: Execute;
  participant: string;
  prompt: string;
  round: number;
  phase: Phase;
  timeout: CallTimeout | undefined;
  /** Measures the call and runs its timeout; default the machine's. */
  clock?: Clock;
  /** The run's cancellation. */
  scope: CancelScope;
  onText(delta: string): void;
}

/** The timeout and clock of every call of a run, from the run's options. */
export function callTiming(
  timeoutMs: number | undefined,
  options: { timeoutSetting?: string; clock?: Clock },
): Pick<CallRequest, 'timeout' | 'clock'> {
  const timeout = timeoutMs === undefined ? undefined : { ms: timeoutMs, setting: options.timeoutSetting ?? 'timeoutMs' };
  return { timeout, clock: options.clock };
}

/** The text of a thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

function toResult(participant: string, value: ExecuteResult | undefined, measuredMs: number): AgentResult {
  const reported = value?.ms;
  const ms = typeof reported === 'number' && Number.isFinite(reported) && reported >= 0 ? reported : measuredMs;
  const output = typeof value?.output === 'string' ? value.output : '';
  const result: AgentResult = { id: participant, output, ok: value?.ok === true, ms };
  if (value?.usage) result.usage = value.usage;
  if (!result.ok) {
    result.error = value?.error || 'the agent reported a failure';
    if (isErrorKind(value?.errorKind)) result.errorKind = value.errorKind;
  } else if (output.trim() === '') {
    // An empty output is a failure, never an answer.
    result.ok = false;
    result.error = 'empty output';
  }
  if (!result.ok) result.output = '';
  return result;
}

/** Calls `execute` once. Never rejects. */
export function callAgent(request: CallRequest): Promise<CallOutcome> {
  const { participant, scope, timeout } = request;
  const clock = request.clock ?? realClock;
  const controller = new AbortController();
  const started = clock.now();
  const elapsed = (): number => Math.round((clock.now() - started) * 1000) / 1000;
  return new Promise<CallOutcome>((resolve) => {
    let settled = false;
    let stopTimer: (() => void) | undefined;
    // eslint-disable-next-line prefer-const -- assigned once the closure that reads it exists
    let unregister: (() => void) | undefined;
    const finish = (outcome: CallOutcome): void => {
      if (settled) return;
      settled = true;
      stopTimer?.();
      unregister?.();
      resolve(outcome);
    };
    const onAbort = (): void => {
      controller.abort(new Error('cancelled'));
      finish({
        result: { id: participant, output: '', ok: false, ms: elapsed(), error: 'cancelled', errorKind: 'cancelled' },
        cancelled: true,
      });
    };
    if (scope.cancelled) {
      onAbort();
      return;
    }
    unregister = scope.add(onAbort);
    if (timeout !== undefined) {
      stopTimer = clock.setTimer(timeout.ms, () => {
        const error = `The call ${timeoutText(timeout.ms, timeout.setting)}`;
        controller.abort(new Error(error));
        finish({ result: { id: participant, output: '', ok: false, ms: elapsed(), error, errorKind: 'timeout' }, cancelled: false });
      });
    }
    let pending: Promise<ExecuteResult>;
    try {
      pending = Promise.resolve(
        request.execute(participant, request.prompt, {
          round: request.round,
          phase: request.phase,
          signal: controller.signal,
          onText: (delta) => {
            // Text arriving after the call ended (timed out, cancelled) belongs to no result.
            if (!settled && typeof delta === 'string' && delta !== '') request.onText(delta);
          },
        }),
      );
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      (value) => finish({ result: toResult(participant, value, elapsed()), cancelled: false }),
      (error: unknown) => {
        const result: AgentResult = { id: participant, output: '', ok: false, ms: elapsed(), error: errorMessage(error) };
        const kind = errorKindOf(error);
        if (kind !== undefined) result.errorKind = kind;
        finish({ result, cancelled: false });
      },
    );
  });
}
