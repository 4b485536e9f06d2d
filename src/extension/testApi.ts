/**
 * What `activate` returns while VS Code runs the extension's tests (and nothing otherwise): the
 * few reads and acts the integration tests and the benchmarks need beyond commands and the UI.
 * Built once, after everything else, from services that exist; frozen, so nothing is added or
 * replaced later. It is not the composition root: a test that needs more adds it here, by name.
 */
import path from 'node:path';
import type * as vscode from 'vscode';
import type { AgentConfig } from '../agents';
import { planChangesReview } from '../app/reviewChanges';
import type { ConsensusState } from '../core';
import type { ReviewState } from '../review';
import { parseUnifiedDiff } from '../review/changes/diff';
import type { ReplyOf } from '../shared/messages';
import type { RunView } from '../shared/runView';
import type { SetupAction } from '../shared/setup';
import type { QuietRuns } from './chat/quietRuns';
import { protocolOptions } from './config';
import type { Composition } from './compositionRoot';
import type { ConsensusMcpServers } from './mcp/consensusMcpServer';
import { History } from './runs/history';

/** A run or review of this window as tests watch it. */
export interface WatchedRun<State> {
  /** Its view as it is now. */
  readonly view: RunView;
  /** Settles when it ends, with its final state (undefined when it failed to start). */
  readonly done: Promise<State | undefined>;
}

/** A review of this window as tests watch it. */
export interface WatchedReview extends WatchedRun<ReviewState> {
  /** The reviewed document (the first file of a change). */
  readonly uri: vscode.Uri;
  /** True for a review of a change (several files). */
  readonly ofChanges: boolean;
}

/** How long activation took (for bench:ui). */
export interface ActivationTimes {
  /** Evaluating the bundle plus `activate` (undefined when loaded unbundled). */
  readonly totalMs: number | undefined;
  /** `activate` itself. */
  readonly activateMs: number;
}

export interface ConsensusTestApi {
  readonly activation: ActivationTimes;
  /** Runs started from the editor, the panel or the sidebar. */
  readonly runs: {
    /** The latest run of this window. */
    readonly current: WatchedRun<ConsensusState> | undefined;
    readonly running: boolean;
    /** The configured agents a run would take now (warning about the rest, as a run does). */
    participants(): Promise<AgentConfig[]>;
  };
  /** Reviews of a selection, a file or changes. */
  readonly review: {
    readonly current: WatchedReview | undefined;
    readonly running: boolean;
    /** Removes every finding from the editors (as Clear Review does). */
    clearFindings(): void;
    /** Reviews a unified diff of files under `root` as Review Changes does once git has read it. */
    ofDiff(root: vscode.Uri, diff: string, title: string): Promise<WatchedReview>;
  };
  /** The setup page and the run waiting for it. */
  readonly setup: {
    /** The run waiting for the setup, if any. */
    readonly waiting: { readonly question?: string } | undefined;
    /** Gives up the waiting run (as closing the setup page does). */
    forget(): void;
    /** A button of the setup page. */
    act(choice: SetupAction): Promise<void>;
  };
  /** Past runs. */
  readonly history: {
    list(): Promise<RunView[]>;
    get(runId: string): Promise<RunView | undefined>;
    readonly onDidChange: vscode.Event<void>;
    /** The folder the runs are saved in. */
    readonly folder: string;
    /** The runs a window opened now would read from the folder (a reload starts with an empty cache). */
    readAfterReload(): Promise<RunView[]>;
  };
  /** API keys and the decisions about them. */
  readonly keys: {
    /** The configured agents (keys are stored for one of them). */
    agents(): AgentConfig[];
    /** Stores `key` for the configured agent `agentId`. */
    set(agentId: string, key: string): Promise<void>;
    delete(agentId: string): Promise<void>;
    /** Forgets the user's decisions about agent `agentId` (workspace programs, key redirects). */
    forgetConsent(agentId: string): Promise<void>;
    /** The secret storage itself, to read and plant entries as an older version wrote them. */
    readonly secrets: Pick<vscode.SecretStorage, 'get' | 'store'>;
  };
  /** The run the panel shows, else the latest of this window. */
  shownRun(): Promise<RunView | undefined>;
  /** Sends a question as the sidebar's page does, and resolves to the page's answer. */
  askFromSidebar(question: string, askId: string): Promise<ReplyOf<'sidebar'> | undefined>;
  /** The quiet runs under chat, the tools and the model picker. */
  readonly quietRuns: QuietRuns;
  /** The published MCP server's definitions. */
  readonly mcp: ConsensusMcpServers;
}

/** The test API over what the composition root built. */
export function createTestApi(composition: Composition, extension: vscode.ExtensionContext, activation: ActivationTimes): ConsensusTestApi {
  const { services, frontEnds } = composition;
  const { runs, review, setup, history, apiKeys, config, log } = services;
  const folder = path.join(extension.globalStorageUri.fsPath, 'runs');
  return Object.freeze({
    activation: Object.freeze({ ...activation }),
    runs: Object.freeze({
      get current() {
        return runs.current;
      },
      get running() {
        return runs.running;
      },
      participants: () => runs.participants(async () => []),
    }),
    review: Object.freeze({
      get current() {
        const current = review.current;
        return (
          current && {
            get view() {
              return current.view;
            },
            done: current.done,
            uri: current.uri,
            ofChanges: current.changes !== undefined,
          }
        );
      },
      get running() {
        return review.running;
      },
      clearFindings: () => void review.findings.clear(),
      ofDiff: async (root: vscode.Uri, diff: string, title: string) => {
        const settings = config.runSettings();
        const agents = await runs.participants(async () => []);
        const plan = planChangesReview(parseUnifiedDiff(diff), agents.length, protocolOptions(settings));
        const started = review.startChanges({ root, plan, title, focus: undefined, source: undefined }, agents, settings);
        return {
          get view() {
            return started.view;
          },
          done: started.done,
          uri: started.uri,
          ofChanges: true,
        };
      },
    }),
    setup: Object.freeze({
      get waiting() {
        return setup.waiting;
      },
      forget: () => setup.forget(),
      act: (choice: SetupAction) => setup.act(choice),
    }),
    history: Object.freeze({
      list: () => history.list(),
      get: (runId: string) => history.get(runId),
      onDidChange: history.onDidChange,
      folder,
      readAfterReload: async () => {
        const fresh = new History(extension.globalStorageUri, log, () => config.historyMaxRuns());
        try {
          return await fresh.list();
        } finally {
          fresh.dispose();
        }
      },
    }),
    keys: Object.freeze({
      agents: () => config.agents(),
      set: async (agentId: string, key: string) => {
        const agent = config.agents().find((candidate) => candidate.id === agentId);
        if (!agent) throw new Error(`No configured agent has the id '${agentId}': configure it in consensus.agents first.`);
        await apiKeys.set(agent, key);
      },
      delete: (agentId: string) => apiKeys.delete(agentId),
      forgetConsent: (agentId: string) => services.consent.forget(agentId),
      secrets: extension.secrets,
    }),
    shownRun: () => services.shownRun(),
    askFromSidebar: (question: string, askId: string) => composition.askFromSidebar({ type: 'ask', question, askId }),
    quietRuns: frontEnds.runs,
    mcp: frontEnds.mcp,
  });
}
