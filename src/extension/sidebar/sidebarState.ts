/**
 * What the sidebar shows, built from the extension's services: the configured agents with their
 * state (ready, disabled, key missing, failing), the past runs, and this window's current run.
 */
import { summarizeRun, type ConfiguredAgent, type SidebarState } from '../../shared/summary';
import type { RunView } from '../../shared/runView';
import { isLocalServer, needsApiKey, type ApiKeys } from '../apiKeys';
import type { Config } from '../config';
import { problemReason, problemStatus, type AgentHealth } from '../runs/agentHealth';
import type { History } from '../runs/history';
import { describeTarget } from '../trust/agentTarget';

/** What the sidebar's state is built from. */
export interface SidebarSources {
  readonly config: Config;
  readonly apiKeys: ApiKeys;
  readonly history: Pick<History, 'summaries'>;
  readonly agentHealth: Pick<AgentHealth, 'problemOf'>;
  /** This window's latest run and latest review, if any. */
  currentViews(): Array<RunView | undefined>;
}

export async function sidebarState(sources: SidebarSources): Promise<SidebarState> {
  const state: SidebarState = { agents: await configuredAgents(sources), pastRuns: await sources.history.summaries() };
  if (sources.config.demoInUse()) state.demo = true;
  // The latest of this window's run and review is the current one (a review is a run too).
  const current = sources
    .currentViews()
    .filter((view) => view !== undefined)
    .sort((a, b) => b.createdAt - a.createdAt)[0];
  if (current) state.current = summarizeRun(current);
  return state;
}

async function configuredAgents(sources: SidebarSources): Promise<ConfiguredAgent[]> {
  const { config, apiKeys, agentHealth } = sources;
  const { agents, problem } = config.agentsForDisplay();
  if (problem) return [{ id: 'settings', name: 'consensus.agents', status: 'unreachable', reason: problem }];
  return Promise.all(
    agents.map(async (agent) => {
      const detail = config.demoInUse()
        ? 'scripted demo agent, served by npm start'
        : 'model' in agent
          ? `${agent.provider} · ${agent.model}`
          : agent.provider;
      if (agent.enabled === false) return { id: agent.id, name: agent.name, detail, status: 'disabled' as const };
      if (needsApiKey(agent) && !isLocalServer(agent) && !(await apiKeys.has(agent))) {
        const redirect = await apiKeys.redirect(agent);
        const reason = redirect
          ? `Its key was stored for ${describeTarget(redirect.stored)}, not for ${describeTarget(redirect.current)} where this workspace points it: allow that when a run asks, or set the key again.`
          : 'No API key: set one to include this agent.';
        return { id: agent.id, name: agent.name, detail, status: 'key-missing' as const, reason };
      }
      const problem = agentHealth.problemOf(agent.id);
      if (problem) {
        // The key was sent and refused, or the agent could not be reached or failed: its kind says which.
        return { id: agent.id, name: agent.name, detail, status: problemStatus(problem), reason: problemReason(problem) };
      }
      return { id: agent.id, name: agent.name, detail, status: 'ready' as const };
    }),
  );
}
