/**
 * What the sidebar shows: a short summary of the current run, the configured agents and the
 * past runs. Pure; the extension builds it from a RunView with `summarizeRun`.
 */
import type { AgentErrorKind } from '../core/errorKind';
import {
  agentsByLabel,
  agentTitle,
  bannerText,
  currentRound,
  outcomeWords,
  type LaneStatus,
  type RunOutcome,
  runOutcome,
  type RunStatus,
  type RunView,
} from './runView';

/** One agent's state in the current run, as the sidebar lists it. */
export interface RunAgentSummary {
  id: string;
  /** "A · gpt-4o". */
  title: string;
  status: LaneStatus;
  error?: string;
  /** Why its latest call failed, as the engine reported it. */
  errorKind?: AgentErrorKind;
}

/** The current run in a few lines. */
export interface CurrentRunSummary {
  runId: string;
  title: string;
  status: RunStatus;
  /** The round the run is in (0 = proposals); -1 before the first round. */
  round: number;
  /** The most refinement rounds the run may take. */
  rounds: number;
  agents: RunAgentSummary[];
  /** The final (or plurality) answer, once the run ended with one; never set for a tie (the panel shows the tied answers). */
  answer?: string;
  /** How many answers are tied, when the run ended in a tie. */
  tie?: number;
  /** The outcome line ("Agreed after round 1 — share 3 of 3"), once there is one. */
  banner?: string;
  /** Scripted demo agents answered. */
  demo?: boolean;
}

export type ConfiguredAgentStatus = 'ready' | 'key-missing' | 'unreachable' | 'disabled';

/** An agent from the settings and whether it can take part. */
export interface ConfiguredAgent {
  id: string;
  name: string;
  /** Provider and model, e.g. "openai · gpt-4o". */
  detail?: string;
  status: ConfiguredAgentStatus;
  /** Why it is not ready, in words the user can act on. */
  reason?: string;
}

/** A run kept in the history. */
export interface PastRunSummary {
  id: string;
  title: string;
  /** Epoch milliseconds. */
  date: number;
  finalized: boolean;
  /** How it ended: agreed, tie, not final, cancelled or failed. */
  outcome: RunOutcome;
  /** How it ended in the list's words: the outcome, or a review's findings ("review · 1 accepted, ..."). */
  outcomeText: string;
  /** Scripted demo agents answered. */
  demo?: boolean;
}

/** Everything the sidebar renders. */
export interface SidebarState {
  current?: CurrentRunSummary;
  agents: ConfiguredAgent[];
  pastRuns: PastRunSummary[];
  /** The demo agents stand in for consensus.agents. */
  demo?: boolean;
}

/** Summarises a run for the sidebar. */
export function summarizeRun(view: RunView): CurrentRunSummary {
  const round = currentRound(view);
  const latest = view.rounds[view.rounds.length - 1];
  const agents: RunAgentSummary[] = agentsByLabel(view).map((agent) => {
    const lane = latest?.lanes[agent.id];
    const summary: RunAgentSummary = { id: agent.id, title: agentTitle(view, agent.id), status: lane?.status ?? 'waiting' };
    if (lane?.error !== undefined) summary.error = lane.error;
    if (lane?.errorKind !== undefined) summary.errorKind = lane.errorKind;
    return summary;
  });
  const summary: CurrentRunSummary = {
    runId: view.runId,
    title: view.title,
    status: view.status,
    round,
    rounds: view.params.rounds,
    agents,
  };
  if (view.tie) summary.tie = view.tie.length;
  else if (view.status !== 'running' && view.synthesis.text) summary.answer = view.synthesis.text;
  const banner = bannerText(view);
  if (banner !== undefined) summary.banner = banner;
  if (view.demo) summary.demo = true;
  return summary;
}

/** The history entry of a run. */
export function toPastRun(view: RunView): PastRunSummary {
  return {
    id: view.runId,
    title: view.title,
    date: view.createdAt,
    finalized: view.status === 'final',
    outcome: runOutcome(view),
    outcomeText: outcomeWords(view),
    ...(view.demo ? { demo: true } : {}),
  };
}
