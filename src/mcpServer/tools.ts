/**
 * Consensus as MCP tools: `consensus_ask` and `consensus_review` run the configured agents through
 * the application layer and answer with text another model can use plus structured content.
 * Each round is reported as progress (when the caller asked for it), the request's cancellation
 * cancels the run, and the run's course is logged at the level the client set. A server without
 * enough agents still starts, and its tools answer with what to set up.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, LoggingLevel, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { AgentConfig } from '../agents/config';
import { callBound } from '../core/budget';
import { startConsensus } from '../app/consensus';
import { ASK_TOOL, askResult, REVIEW_TOOL, reviewRequestOf, reviewResult, type ToolResult } from '../app/tools';
import { startReview } from '../app/review';
import type { AppDeps, EngineSettings } from '../app/types';
import type { ConsensusEvent } from '../core/events';
import { buildQuestionPrompt } from '../editor/prompt';
import { optionAuthor } from '../core/options';
import { planChangesReview, startChangesReview } from '../app/reviewChanges';
import type { ReviewSettings } from '../app/reviewChanges';
import { parseUnifiedDiff } from '../review/changes/diff';
import type { ReviewEvent, ReviewFocus } from '../review/types';
import { errorResult, reportingErrors } from './errorResult';
import { callOutbox, trackLogLevel } from './outbox';

/** The server's version as hosts see it; kept equal to package.json's (a unit test checks). */
export const SERVER_VERSION = '0.1.0';

/** What the server runs: the agents, the engine settings, and the host's ports. */
export interface ConsensusServerOptions {
  agents: readonly AgentConfig[];
  settings: EngineSettings;
  deps: AppDeps;
  version: string;
  /** Runs in progress, so the host's goodbye can cancel them and wait for their agents to close. */
  active?: Set<ActiveRun>;
  /**
   * Set when the server cannot run (fewer than two usable agents): what to configure, in the
   * host's terms. The tools are still listed, and each call answers with this as an error.
   */
  setupProblem?: string;
}

/** What shutting down needs of a run in progress. */
export interface ActiveRun {
  cancel(reason?: unknown): void;
  readonly result: Promise<unknown>;
}

/** Keeps `run` in `active` until it has ended (its agents closed). */
function track(active: Set<ActiveRun> | undefined, run: ActiveRun): void {
  if (!active) return;
  active.add(run);
  const forget = (): void => {
    active.delete(run);
  };
  run.result.then(forget, forget);
}

/** A tool's result as MCP gives it: the text, the outcome as structured content, and whether it failed. */
function callToolResult(result: ToolResult<object>, extraLines: readonly string[] = []): CallToolResult {
  return {
    content: [{ type: 'text' as const, text: [result.text, ...extraLines].join('\n') }],
    structuredContent: { ...result.structured },
    ...(result.isError ? { isError: true } : {}),
  };
}

function namesOf(agents: readonly { id: string; name: string }[]): (id: string) => string {
  const names = new Map(agents.map((agent) => [agent.id, agent.name]));
  return (id) => names.get(id) ?? id;
}

/**
 * An option as people read it: the answer of the agent who founded it ("Model A's"), and for an
 * option founded by a revision (id `author@round`) "Model A's revision in round 2", never the id.
 */
export function optionName(option: string, agents: readonly { id: string; name: string }[]): string {
  const names = Object.fromEntries(agents.map((agent) => [agent.id, agent.name]));
  const author = optionAuthor(option, names);
  if (author === undefined) return 'an answer';
  return author === option ? `${names[author]}'s` : `${names[author]}'s revision in round ${option.slice(author.length + 1)}`;
}

/** Progress and log lines of a consensus run's events. */
function followConsensus(
  event: ConsensusEvent,
  agents: readonly { id: string; name: string }[],
  name: (id: string) => string,
  progress: (message: string) => void,
  log: (level: LoggingLevel, message: string) => void,
): void {
  switch (event.type) {
    case 'round-start':
      progress(
        event.round === 0
          ? `round 0: asking ${event.participants.map(name).join(', ')} for proposals`
          : `round ${event.round}: ${event.participants.length} agents refine`,
      );
      return;
    case 'agent-result':
      if (event.ok) log('debug', `round ${event.round}: ${name(event.participant)} answered in ${Math.round(event.ms)} ms`);
      else
        log(
          'warning',
          `round ${event.round}: ${name(event.participant)} failed: ${event.error ?? 'no answer'}${event.dropped ? ' (dropped from the run)' : ''}`,
        );
      return;
    case 'poll': {
      const [best, share] = Object.entries(event.shares).sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
      const backers = Object.entries(event.entries)
        .filter(([, entry]) => entry.preference === best)
        .map(([id]) => name(id));
      const line = best
        ? `round ${event.round}: leading answer (${optionName(best, agents)}) backed by ${backers.join(', ')}, ${Math.round(share * 100)}% confident`
        : `round ${event.round}: no answer yet`;
      progress(line);
      log('info', line);
      return;
    }
    case 'synthesis-start':
      progress(`${name(event.by)} writes the final answer`);
      return;
    case 'done':
      log('info', `run ended: ${event.reason}, ${event.calls} calls`);
      return;
    default:
  }
}

/** Progress and log lines of a review's events. */
function followReview(
  event: ReviewEvent,
  name: (id: string) => string,
  progress: (message: string) => void,
  log: (level: LoggingLevel, message: string) => void,
): void {
  switch (event.type) {
    case 'round-start':
      progress(
        event.round === 0
          ? `round 0: ${event.participants.map(name).join(', ')} review the code`
          : `round ${event.round}: ${event.participants.length} agents judge each other's findings`,
      );
      return;
    case 'agent-result':
      if (!event.ok) log('warning', `round ${event.round}: ${name(event.participant)} failed: ${event.error ?? 'no answer'}`);
      return;
    case 'findings': {
      const count = (state: string): number => event.findings.filter((finding) => finding.state === state).length;
      const line = `round ${event.round}: ${event.findings.length} findings, ${count('accepted')} accepted, ${count('rejected')} rejected, ${count('pending')} open`;
      progress(line);
      log('info', line);
      return;
    }
    case 'done':
      log('info', `review ended: ${event.reason}, ${event.calls} calls`);
      return;
    default:
  }
}

/** The MCP server with the two tools; not yet connected to a transport. */
export function createConsensusServer(options: ConsensusServerOptions): McpServer {
  const server = new McpServer(
    { name: 'consensus', version: options.version },
    {
      capabilities: { logging: {} },
      instructions:
        'Asks several AI models the same question and returns the one answer they agreed on, with who backs it. Use consensus_ask for a second opinion on a question or a piece of code, consensus_review to have code reviewed by several models.',
    },
  );
  const { agents, settings, deps, setupProblem } = options;
  const agentNames = agents.map((agent) => agent.name ?? agent.id).join(', ');
  const logLevel = trackLogLevel(server);
  const notReady = setupProblem === undefined ? '' : ` Not set up yet: a call answers with what to configure.`;
  const refusal = (problem: string) => ({ content: [{ type: 'text' as const, text: problem }], isError: true });

  /** Who the tools run and the most calls a run may make: what a host's model needs beyond the definition. */
  const agentsLine = (kind: 'consensus' | 'review'): string =>
    ` Asks ${agents.length} agents (${agentNames}). At most ${callBound(kind, agents.length, settings)} model calls.${notReady}`;

  server.registerTool(
    ASK_TOOL.name,
    {
      title: ASK_TOOL.title,
      description: `${ASK_TOOL.description}${agentsLine('consensus')}`,
      inputSchema: ASK_TOOL.input,
      outputSchema: ASK_TOOL.output,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    reportingErrors(async (args, extra) => {
      if (setupProblem !== undefined) return refusal(setupProblem);
      const prompt = buildQuestionPrompt(
        args.question,
        args.code !== undefined && args.code.trim() !== '' ? { code: args.code, languageId: '' } : undefined,
      );
      const handle = startConsensus(
        { prompt, agents, settings: { ...settings, ...(args.mode ? { mode: args.mode } : {}) }, signal: extra.signal },
        deps,
      );
      track(options.active, handle);
      const outbox = callOutbox(server, extra, 2 * ((settings.rounds ?? 3) + 1) + 1, logLevel);
      const log = outbox.log;
      const name = namesOf(handle.agents);
      handle.onEvent((event) => followConsensus(event, handle.agents, name, outbox.progress, log));
      log('info', `run ${handle.id} started with ${handle.agents.map((agent) => agent.name).join(', ')}`);
      const state = await handle.result;
      if (state.reason === 'cancelled') log('info', `run ${handle.id} cancelled`);
      await outbox.settle();
      return callToolResult(askResult(state, handle.agents));
    }),
  );

  server.registerTool(
    REVIEW_TOOL.name,
    {
      title: REVIEW_TOOL.title,
      description: `${REVIEW_TOOL.description}${agentsLine('review')}`,
      inputSchema: REVIEW_TOOL.input,
      outputSchema: REVIEW_TOOL.output,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    reportingErrors(async (args, extra) => {
      if (setupProblem !== undefined) return refusal(setupProblem);
      const { mode: _mode, synthesize: _synthesize, ...reviewSettings } = settings;
      const request = reviewRequestOf(args);
      if (request.kind === 'diff') return reviewDiff(request.diff, request.focus, reviewSettings, extra);
      const handle = startReview(
        {
          code: request.code,
          ...(request.path !== undefined ? { fileName: request.path } : {}),
          ...(request.focus !== undefined ? { focus: request.focus } : {}),
          agents,
          settings: reviewSettings,
          signal: extra.signal,
        },
        deps,
      );
      track(options.active, handle);
      const outbox = callOutbox(server, extra, 2 * ((settings.rounds ?? 3) + 1), logLevel);
      const log = outbox.log;
      const name = namesOf(handle.agents);
      handle.onEvent((event) => followReview(event, name, outbox.progress, log));
      const state = await handle.result;
      if (state.reason === 'cancelled') log('info', `review ${handle.id} cancelled`);
      await outbox.settle();
      return callToolResult(reviewResult(state, handle.agents));
    }),
  );

  /** `consensus_review` of a diff: planned into batches, findings with their file and lines. */
  async function reviewDiff(
    diff: string,
    focus: ReviewFocus | undefined,
    reviewSettings: ReviewSettings,
    extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
  ): Promise<CallToolResult> {
    let changes;
    try {
      changes = parseUnifiedDiff(diff);
    } catch (error) {
      return errorResult(error, 'The diff could not be read');
    }
    const plan = planChangesReview(changes, agents.length, reviewSettings);
    const handle = startChangesReview(
      { plan, agents, settings: reviewSettings, signal: extra.signal, ...(focus !== undefined ? { focus } : {}) },
      deps,
    );
    track(options.active, handle);
    const outbox = callOutbox(server, extra, plan.batches.length * 2 * ((settings.rounds ?? 3) + 1), logLevel);
    const log = outbox.log;
    const name = namesOf(handle.agents);
    handle.onEvent((event) => {
      if (event.type === 'batch-start') outbox.progress(`batch ${event.batch}/${event.batches}: ${event.files.join(', ')}`);
      else followReview(event, name, outbox.progress, log);
    });
    const state = await handle.result;
    if (state.reason === 'cancelled') log('info', `review ${handle.id} cancelled`);
    await outbox.settle();
    return callToolResult(reviewResult(state, handle.agents, { leftOut: state.leftOut }));
  }
  return server;
}
