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
import { z } from 'zod';
import type { AgentConfig } from '../agents/config';
import { callBound } from '../core/budget';
import { startConsensus } from '../app/consensus';
import { consensusOutcome, consensusText, reviewOutcome, reviewText } from '../app/outcome';
import { startReview } from '../app/review';
import type { AppDeps, EngineSettings } from '../app/types';
import type { ConsensusEvent } from '../core/events';
import { buildQuestionPrompt } from '../editor/prompt';
import { optionAuthor } from '../core/options';
import { planChangesReview, startChangesReview } from '../app/reviewChanges';
import type { ReviewSettings } from '../app/reviewChanges';
import { parseUnifiedDiff } from '../review/changes/diff';
import { REVIEW_FOCUSES } from '../review/prompts';
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

const dissentSchema = z.object({
  agents: z.array(z.string()).describe('The agents holding this position.'),
  answer: z.string().describe('The final answer this position states (e.g. "392"), or its whole text when it states none.'),
  share: z.number().describe('Share of the agents holding this position, 0..1.'),
});
const failureSchema = z.object({ agent: z.string(), error: z.string() });

const askOutput = {
  answer: z.string().describe('The agreed answer in full (empty when no answer was agreed, as in a tie).'),
  finalAnswer: z.string().optional().describe('The final answer the agreed answer states (e.g. "391" from "... Answer: 391"), when it states one.'),
  final: z.boolean().describe('True when the agents reached a final decision. False when they did not: the refinement rounds or the call budget ran out first, the agents held their positions (stalemate), or the run ended in a tie between answers (then `answer` is empty and `tie` lists them).'),
  reason: z.string().describe('Why the run ended: final, rounds-exhausted, stalemate (the agents held their positions and no answer could become final), budget, cancelled or all-failed.'),
  support: z.array(z.string()).describe('The agents whose answer this is.'),
  supportShare: z.number().describe('Share of the agents holding the answer (support / agents), 0..1.'),
  confidentShare: z.number().describe("Share of the live agents holding the answer and confident in it after repeated polls, 0..1: the protocol's measure, final at its beta2 threshold (0.8 by default). Lower than supportShare while agents have yet to confirm their choice."),
  agents: z.number().int().describe('Agents that took part.'),
  calls: z.number().int().describe('Model calls made.'),
  rounds: z.number().int().describe('Refinement rounds run after the proposals.'),
  dissent: z.array(dissentSchema).describe('Other positions still held, with their agents.'),
  failures: z.array(failureSchema).describe('Agents that failed, with their last error.'),
  tie: z.array(z.object({ agents: z.array(z.string()), answer: z.string() })).optional().describe('Set when the agents ended split between answers with equal support: the tied answers, best ranked first.'),
};

const findingSchema = z.object({
  id: z.string(),
  state: z.enum(['accepted', 'disputed', 'rejected', 'pending']),
  severity: z.string(),
  file: z.string().optional().describe('The file of the finding, when a diff was reviewed (its path in the diff).'),
  startLine: z.number().int().describe('1-based first line of the finding in the code given (in the new version of `file`, for a diff).'),
  endLine: z.number().int(),
  title: z.string(),
  explanation: z.string(),
  replacement: z.string().optional().describe('The agreed replacement for lines startLine..endLine, when there is one.'),
  support: z.array(z.string()),
  opposition: z.array(z.string()),
});

const reviewOutput = {
  final: z.boolean().describe('True when every finding was decided.'),
  reason: z.string(),
  agents: z.number().int(),
  calls: z.number().int(),
  rounds: z.number().int(),
  findings: z.array(findingSchema).describe('Accepted findings, then disputed ones (rejected ones are only counted).'),
  counts: z.object({ accepted: z.number().int(), disputed: z.number().int(), rejected: z.number().int() }),
  failures: z.array(failureSchema),
};

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
function followConsensus(event: ConsensusEvent, agents: readonly { id: string; name: string }[], name: (id: string) => string, progress: (message: string) => void, log: (level: LoggingLevel, message: string) => void): void {
  switch (event.type) {
    case 'round-start':
      progress(event.round === 0 ? `round 0: asking ${event.participants.map(name).join(', ')} for proposals` : `round ${event.round}: ${event.participants.length} agents refine`);
      return;
    case 'agent-result':
      if (event.ok) log('debug', `round ${event.round}: ${name(event.participant)} answered in ${Math.round(event.ms)} ms`);
      else log('warning', `round ${event.round}: ${name(event.participant)} failed: ${event.error ?? 'no answer'}${event.dropped ? ' (dropped from the run)' : ''}`);
      return;
    case 'poll': {
      const [best, share] = Object.entries(event.shares).sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
      const backers = Object.entries(event.entries).filter(([, entry]) => entry.preference === best).map(([id]) => name(id));
      const line = best ? `round ${event.round}: leading answer (${optionName(best, agents)}) backed by ${backers.join(', ')}, ${Math.round(share * 100)}% confident` : `round ${event.round}: no answer yet`;
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
function followReview(event: ReviewEvent, name: (id: string) => string, progress: (message: string) => void, log: (level: LoggingLevel, message: string) => void): void {
  switch (event.type) {
    case 'round-start':
      progress(event.round === 0 ? `round 0: ${event.participants.map(name).join(', ')} review the code` : `round ${event.round}: ${event.participants.length} agents judge each other's findings`);
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
      instructions: 'Asks several AI models the same question and returns the one answer they agreed on, with who backs it. Use consensus_ask for a second opinion on a question or a piece of code, consensus_review to have code reviewed by several models.',
    },
  );
  const { agents, settings, deps, setupProblem } = options;
  const agentNames = agents.map((agent) => agent.name ?? agent.id).join(', ');
  const logLevel = trackLogLevel(server);
  const notReady = setupProblem === undefined ? '' : ` Not set up yet: a call answers with what to configure.`;
  const refusal = (problem: string) => ({ content: [{ type: 'text' as const, text: problem }], isError: true });

  server.registerTool(
    'consensus_ask',
    {
      title: 'Ask several models for one agreed answer',
      description: `Asks ${agents.length} AI agents (${agentNames}) the question; they propose blind, then refine after seeing each other's answers until a large majority confidently agrees. Returns the agreed answer, whether the decision is final, who backs it and who dissents. At most ${callBound('consensus', agents.length, settings)} model calls.${notReady}`,
      inputSchema: {
        question: z.string().min(1).describe('The question or task, stated fully: the agents see nothing else.'),
        code: z.string().optional().describe('Code the question is about.'),
        mode: z.enum(['consensus', 'discussion']).optional().describe("'consensus' (default): stop as soon as the decision is final; 'discussion': every agent sees every answer for the configured number of rounds."),
      },
      outputSchema: askOutput,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    reportingErrors(async (args, extra) => {
      if (setupProblem !== undefined) return refusal(setupProblem);
      const prompt = buildQuestionPrompt(args.question, args.code !== undefined && args.code.trim() !== '' ? { code: args.code, languageId: '' } : undefined);
      const handle = startConsensus({ prompt, agents, settings: { ...settings, ...(args.mode ? { mode: args.mode } : {}) }, signal: extra.signal }, deps);
      track(options.active, handle);
      const outbox = callOutbox(server, extra, 2 * ((settings.rounds ?? 3) + 1) + 1, logLevel);
      const log = outbox.log;
      const name = namesOf(handle.agents);
      handle.onEvent((event) => followConsensus(event, handle.agents, name, outbox.progress, log));
      log('info', `run ${handle.id} started with ${handle.agents.map((agent) => agent.name).join(', ')}`);
      const state = await handle.result;
      if (state.reason === 'cancelled') log('info', `run ${handle.id} cancelled`);
      await outbox.settle();
      const outcome = consensusOutcome(state, handle.agents);
      return {
        content: [{ type: 'text' as const, text: consensusText(outcome) }],
        structuredContent: { ...outcome },
        ...(state.reason === 'all-failed' ? { isError: true } : {}),
      };
    }),
  );

  server.registerTool(
    'consensus_review',
    {
      title: 'Have several models review code',
      description: `Has ${agents.length} AI agents (${agentNames}) review the code, or a change given as a unified diff; each finding is accepted or rejected by the agents' consensus. Returns the accepted and disputed findings with 1-based lines, agreed replacements and who backs each. At most ${callBound('review', agents.length, settings)} model calls.${notReady}`,
      inputSchema: {
        code: z.string().min(1).optional().describe('The code to review (or give `diff`).'),
        diff: z.string().min(1).optional().describe("A change to review instead of `code`: a unified diff ('git diff' output) of one or more files. Findings then name their file and its new line numbers."),
        path: z.string().optional().describe('Where the code comes from (shown to the agents), e.g. src/app.ts.'),
        focus: z.enum(REVIEW_FOCUSES as [string, ...string[]]).optional().describe('What to concentrate on.'),
      },
      outputSchema: reviewOutput,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    reportingErrors(async (args, extra) => {
      if (setupProblem !== undefined) return refusal(setupProblem);
      const { mode: _mode, synthesize: _synthesize, ...reviewSettings } = settings;
      if ((args.code === undefined) === (args.diff === undefined)) {
        return { content: [{ type: 'text' as const, text: 'Give the code to review as `code`, or a change as `diff` (unified diff text), not both and not neither.' }], isError: true };
      }
      if (args.diff !== undefined) return reviewDiff(args.diff, args.focus as ReviewFocus | undefined, reviewSettings, extra);
      const handle = startReview(
        {
          code: args.code as string,
          ...(args.path !== undefined ? { fileName: args.path } : {}),
          ...(args.focus !== undefined ? { focus: args.focus as (typeof REVIEW_FOCUSES)[number] } : {}),
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
      const outcome = reviewOutcome(state, handle.agents);
      return {
        content: [{ type: 'text' as const, text: reviewText(outcome) }],
        structuredContent: { ...outcome },
        ...(state.reason === 'all-failed' ? { isError: true } : {}),
      };
    }),
  );

  /** `consensus_review` of a diff: planned into batches, findings with their file and lines. */
  async function reviewDiff(diff: string, focus: ReviewFocus | undefined, reviewSettings: ReviewSettings, extra: RequestHandlerExtra<ServerRequest, ServerNotification>): Promise<CallToolResult> {
    let changes;
    try {
      changes = parseUnifiedDiff(diff);
    } catch (error) {
      return errorResult(error, 'The diff could not be read');
    }
    const plan = planChangesReview(changes, agents.length, reviewSettings);
    const handle = startChangesReview({ plan, agents, settings: reviewSettings, signal: extra.signal, ...(focus !== undefined ? { focus } : {}) }, deps);
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
    const outcome = reviewOutcome(state, handle.agents);
    const leftOut = state.leftOut.map((entry) => `Not reviewed: ${entry.file}: ${entry.reason}`);
    return {
      content: [{ type: 'text' as const, text: [reviewText(outcome), ...leftOut].join('\n') }],
      structuredContent: { ...outcome },
      ...(state.reason === 'all-failed' ? { isError: true } : {}),
    };
  }
  return server;
}
