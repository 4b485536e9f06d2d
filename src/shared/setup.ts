/**
 * The setup page the panel shows when a run cannot start yet: why, the question kept for later,
 * and the ways to get agents (VS Code's language models, a local model server found on this
 * machine, the demo, Add Agent). Pure: shared by the extension and the panel's page.
 */

/** Why no run can start. */
export type SetupProblem =
  | { kind: 'no-agents' }
  /** A setting's value cannot be used; `setting` is its full id, e.g. `consensus.alpha`. */
  | { kind: 'setting'; setting: string; message: string }
  /** Agents are configured but too few can take part (missing keys, only one enabled). */
  | { kind: 'agents'; message: string; agentId?: string; fix?: 'setKey' | 'addAgent' };

/** A local OpenAI-compatible server that answered, as the page lists it. */
export interface SetupServer {
  name: string;
  baseUrl: string;
  models: string[];
}

/** Everything the setup page shows. */
export interface SetupView {
  problem: SetupProblem;
  /** The question that runs once the setup is done. */
  question?: string;
  /** VS Code's language models ("GPT-4o · copilot"); undefined while still looking. */
  languageModels?: string[];
  /** Local servers found; undefined while still probing. */
  localServers?: SetupServer[];
  /** The demo agents can be used (`npm start` serves them). */
  demoAvailable: boolean;
  /** The last action could not be done, and what to do instead. */
  error?: string;
}

/** What the page asks the extension to do. */
export type SetupAction =
  | { action: 'languageModels' }
  | { action: 'localServer'; index: number }
  | { action: 'demo' }
  | { action: 'addAgent' }
  | { action: 'openSettingsJson' }
  | { action: 'setKey' };

export const SETUP_ACTIONS: readonly string[] = [
  'languageModels',
  'localServer',
  'demo',
  'addAgent',
  'openSettingsJson',
  'setKey',
] satisfies Array<SetupAction['action']>;

/** The headline of the page for a problem. */
export function setupHeadline(problem: SetupProblem): string {
  switch (problem.kind) {
    case 'no-agents':
      return 'Consensus needs agents to ask';
    case 'setting':
      return `The setting ${problem.setting} needs fixing`;
    case 'agents':
      return 'Not enough agents can take part';
  }
}
