/**
 * Time as the engine, the agents and the mesh read it: the current time and one-shot timers.
 * Everything that waits (a call's timeout, an agent's deadline, a silent MCP request) takes a
 * `Clock`, so a test can pass one it moves itself: a timeout then fires when the test says, never
 * because the machine happened to be slow.
 */

/** The current time and timers. */
export interface Clock {
  /** Milliseconds since an arbitrary origin; never goes back. */
  now(): number;
  /** Calls `fire` once, `ms` from now; returns what cancels it (harmless once it fired). */
  setTimer(ms: number, fire: () => void): () => void;
}

/** The machine's clock. */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimer(ms, fire) {
    const timer = setTimeout(fire, ms);
    return () => clearTimeout(timer);
  },
};

/** Resolves after `ms` on `clock`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal, clock: Clock = realClock): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = clock.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A wait that starts over on every sign of life. */
export interface SilenceTimer {
  /** A sign of life: the wait starts again from now. */
  reset(): void;
  /** Ends the wait without firing. */
  stop(): void;
}

/** Calls `fire` once `ms` pass without a `reset()`. */
export function silenceTimer(clock: Clock, ms: number, fire: () => void): SilenceTimer {
  let stopped = false;
  let cancel = clock.setTimer(ms, onSilence);
  function onSilence(): void {
    if (stopped) return;
    stopped = true;
    fire();
  }
  return {
    reset() {
      if (stopped) return;
      cancel();
      cancel = clock.setTimer(ms, onSilence);
    },
    stop() {
      stopped = true;
      cancel();
    },
  };
}
