/**
 * Scripted in-process participants for the engine's unit tests: the engine is the code under
 * test and `execute` is its input, so each participant is a small function of the call it gets.
 */
import type { Execute, ExecuteContext, Phase } from '../../../src/core';

/** One call the engine made. */
export interface Call {
  id: string;
  prompt: string;
  round: number;
  phase: Phase;
  signal: AbortSignal;
}

/** What a scripted participant does on one call. */
export interface Reply {
  output?: string;
  /** Fail the call with this error (resolves ok: false). */
  error?: string;
  /** Throw this message instead of resolving. */
  throws?: string;
  /** Reported latency; default 100 so runs are replayable. */
  ms?: number;
  /** Answers only once this settles (fails early when the call's signal aborts, unless ignoreAbort). */
  until?: Promise<unknown>;
  /** Never answers by itself: fails when the call's signal aborts (never, with ignoreAbort). */
  hang?: boolean;
  ignoreAbort?: boolean;
  /** Streamed before the reply. */
  stream?: string[];
}

export type Behaviour = (call: Call) => Reply | string;

/** Builds `execute` from per-participant behaviours and records every call. */
export function scripted(behaviours: Record<string, Behaviour>): { execute: Execute; calls: Call[] } {
  const calls: Call[] = [];
  const execute: Execute = async (id: string, prompt: string, context: ExecuteContext) => {
    const call: Call = { id, prompt, round: context.round, phase: context.phase, signal: context.signal };
    calls.push(call);
    const behaviour = behaviours[id];
    if (!behaviour) throw new Error(`no behaviour for ${id}`);
    const raw = behaviour(call);
    const reply: Reply = typeof raw === 'string' ? { output: raw } : raw;
    for (const delta of reply.stream ?? []) context.onText(delta);
    const wait = reply.hang ? new Promise<never>(() => undefined) : reply.until;
    if (wait !== undefined) await unlessAborted(wait, reply.ignoreAbort ? undefined : context.signal);
    if (reply.throws !== undefined) throw new Error(reply.throws);
    if (reply.error !== undefined) return { id, output: '', ok: false, ms: reply.ms ?? 100, error: reply.error };
    return { id, output: reply.output ?? '', ok: true, ms: reply.ms ?? 100 };
  };
  return { execute, calls };
}

function unlessAborted(wait: Promise<unknown>, signal: AbortSignal | undefined): Promise<unknown> {
  if (!signal) return wait;
  return new Promise((resolve, reject) => {
    if (signal.aborted) reject(new Error('aborted'));
    signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    wait.then(resolve, reject);
  });
}

/** Labels of the peers whose answers a prompt shows. */
export function shownLabels(prompt: string): string[] {
  return [...prompt.matchAll(/<<< Answer of participant ([A-Z]+)\n/g)].map((m) => m[1] as string);
}

/** The answer a prompt shows under a label. */
export function shownAnswer(prompt: string, label: string): string | undefined {
  const start = prompt.indexOf(`<<< Answer of participant ${label}\n`);
  if (start < 0) return undefined;
  const from = prompt.indexOf('\n', start) + 1;
  return prompt.slice(from, prompt.indexOf('\n>>>', from));
}

/** A participant that always answers the same. */
export function stubborn(answer: string): Behaviour {
  return () => answer;
}

/** Answers `first` at round 0; afterwards adopts `target` (as its own text) once a peer shows it. */
export function persuadable(first: string, target: string): Behaviour {
  return (call) => {
    if (call.phase !== 'refine') return first;
    const adopted = shownLabels(call.prompt).some((label) => shownAnswer(call.prompt, label) === target);
    return adopted ? target : first;
  };
}

/** A participant that gives a new answer every round, so the run never stalls (`R0`, `R1`, ...). */
export function wandering(prefix: string): Behaviour {
  return (call) => `${prefix}${call.round}`;
}
