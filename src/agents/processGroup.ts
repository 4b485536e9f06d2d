/**
 * Child processes that run in a process group of their own, so ending one ends everything it
 * started (a shell wrapper's server, a script's helpers). Groups still running when this process
 * exits, even through `process.exit` on a second Ctrl-C, are killed on the way out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { sleep } from '../core/clock';

/** After SIGTERM, how long a group gets to exit before SIGKILL. */
export const KILL_GRACE_MS = 1_000;
/** How often to look whether a group has exited, while waiting. */
const POLL_MS = 20;

/** Children whose groups are ended if this process exits first. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Spawn options that put the child in a group of its own (POSIX); Windows ends trees instead. */
export const OWN_GROUP = { detached: process.platform !== 'win32', windowsHide: true } as const;

/**
 * Remembers `child` until it closes with nothing of its group left (or `endGroup` ended the
 * group), so the group is killed if this process exits first.
 */
export function trackGroup(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // 'exit' handlers must be synchronous: SIGKILL is all there is time for.
    process.once('exit', () => {
      for (const tracked of running) signalGroup(tracked, 'SIGKILL');
    });
  }
  running.add(child);
  child.once('close', () => {
    if (!groupRuns(child)) running.delete(child);
  });
  child.once('error', () => {
    if (child.pid === undefined) running.delete(child);
  });
}

/** Signals the child's whole process group (POSIX) or tree (Windows); false when none is left. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals | 0): boolean {
  const pid = child.pid;
  if (pid === undefined) return false;
  if (process.platform === 'win32') {
    if (child.exitCode !== null || child.signalCode !== null || signal === 0) return false;
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    return true;
  }
  try {
    // The group outlives its leader while a member runs (the server a wrapper started).
    process.kill(-pid, signal);
    return true;
  } catch {
    // ESRCH: the group is empty. EPERM: not ours; fall back to the child alone.
    if (signal !== 0 && child.exitCode === null && child.signalCode === null) child.kill(signal);
    return false;
  }
}

/**
 * Whether a process of the group still runs. A member that has exited but not been reaped (a
 * zombie, left to PID 1 once its parent died; in a container PID 1 may take its time) counts as
 * gone: on Linux the group's members are read from /proc to tell.
 */
function groupRuns(child: ChildProcess): boolean {
  if (!signalGroup(child, 0)) return false;
  const group = child.pid;
  if (process.platform !== 'linux' || group === undefined) return true;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      // "pid (name) state ppid pgrp ...": the name may hold spaces and parentheses.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === group && state !== 'Z' && state !== 'X') return true;
    }
    return false;
  } catch {
    return true;
  }
}

/** Resolves once no process of the child's group is left, or after `ms`; true when none is left. */
async function groupGone(child: ChildProcess, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (groupRuns(child)) {
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
  return true;
}

/**
 * Ends the child's whole group: SIGTERM, then SIGKILL for whatever is left after `graceMs`.
 * Resolves when the group is gone (or, for a group that will not go, soon after SIGKILL).
 */
export async function endGroup(child: ChildProcess, graceMs = KILL_GRACE_MS): Promise<void> {
  try {
    if (!signalGroup(child, 'SIGTERM')) return;
    if (await groupGone(child, graceMs)) return;
    signalGroup(child, 'SIGKILL');
    await groupGone(child, graceMs);
  } finally {
    running.delete(child);
  }
}
