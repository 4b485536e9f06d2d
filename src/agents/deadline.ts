/**
 * One call's lifetime: the caller's signal plus the agent's own `timeoutSeconds`, the rule that
 * turns whatever an aborted call threw into `cancelled` or `timeout`, and the door every failure
 * leaves through: redacted with the secrets the call registered.
 */
import { type Clock, realClock } from '../core/clock';
import { MAX_TIMEOUT_MS } from '../core/parameters';
import { timeoutText } from '../core/timeoutText';
import { AgentError, CallSecrets, isAgentError, scrubbed } from './errors';

/**
 * Runs `work` with a signal that aborts on the caller's cancel or on the agent's timeout. `work`
 * adds the call's key (and credential headers) to `secrets`; whatever it throws is scrubbed of them.
 * The timeout runs on `clock` (tests pass one they move themselves).
 */
export async function runWithDeadline<T>(
  agentName: string,
  timeoutSeconds: number | undefined,
  outer: AbortSignal,
  work: (signal: AbortSignal, secrets: CallSecrets) => Promise<T>,
  secrets: CallSecrets = new CallSecrets(),
  clock?: Clock,
): Promise<T> {
  try {
    return await deadline(agentName, timeoutSeconds, outer, (signal) => work(signal, secrets), clock ?? realClock);
  } catch (error) {
    throw scrubbed(error, secrets.list);
  }
}

async function deadline<T>(
  agentName: string,
  timeoutSeconds: number | undefined,
  outer: AbortSignal,
  work: (signal: AbortSignal) => Promise<T>,
  clock: Clock,
): Promise<T> {
  if (outer.aborted) throw cancelled(agentName);
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = (): void => controller.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  const stopTimer =
    timeoutSeconds === undefined
      ? undefined
      : clock.setTimer(
          // Configurations are checked against the maximum; a longer wait would fire at once.
          Math.min(timeoutSeconds * 1000, MAX_TIMEOUT_MS),
          () => {
            timedOut = true;
            controller.abort(new AgentError('timeout', timeoutMessage(agentName, timeoutSeconds)));
          },
        );
  try {
    return await work(controller.signal);
  } catch (error) {
    if (timedOut && timeoutSeconds !== undefined) {
      throw new AgentError('timeout', timeoutMessage(agentName, timeoutSeconds), { cause: error });
    }
    if (outer.aborted) throw cancelled(agentName, error);
    if (isAgentError(error)) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new AgentError('process', `Agent '${agentName}' failed: ${detail}`, { cause: error });
  } finally {
    stopTimer?.();
    outer.removeEventListener('abort', onAbort);
  }
}

function timeoutMessage(agentName: string, seconds: number): string {
  return `Agent '${agentName}' ${timeoutText(seconds * 1000, 'its timeoutSeconds')}`;
}

function cancelled(agentName: string, cause?: unknown): AgentError {
  return new AgentError('cancelled', `Agent '${agentName}' was cancelled.`, { cause });
}
