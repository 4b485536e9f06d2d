/**
 * What a tool gives back, before a host wraps it: the one outcome, as text and as data. The
 * extension takes these through the agents runtime, as the outcome reads answers with the engine's
 * answer reader, which loads with the first run.
 */
import type { ConsensusState } from '../../core/types';
import type { ReviewState } from '../../review/types';
import { consensusOutcome, reviewOutcome, type ConsensusOutcome, type OutcomeOptions, type ReviewOutcome } from '../outcome';
import { consensusText, reviewText, type NotReviewed } from '../outcomeText';
import type { AgentIdentity } from '../types';

export interface ToolResult<Structured> {
  /** The outcome in words (`../outcomeText`), the same through every host. */
  text: string;
  /** The outcome as data: the MCP server's structuredContent. */
  structured: Structured;
  /** Set when the run produced nothing to use (every agent failed). */
  isError: boolean;
}

/** What `consensus_ask` gives back for a finished run. */
export function askResult(
  state: ConsensusState,
  agents: readonly AgentIdentity[],
  options: OutcomeOptions = {},
): ToolResult<ConsensusOutcome> {
  const outcome = consensusOutcome(state, agents, options);
  return { text: consensusText(outcome), structured: outcome, isError: state.reason === 'all-failed' };
}

/** What `consensus_review` gives back for a finished review (`leftOut`: what of a change was not reviewed). */
export function reviewResult(
  state: ReviewState,
  agents: readonly AgentIdentity[],
  options: OutcomeOptions & { leftOut?: readonly NotReviewed[] } = {},
): ToolResult<ReviewOutcome> {
  const outcome = reviewOutcome(state, agents, options);
  return { text: reviewText(outcome, options.leftOut), structured: outcome, isError: state.reason === 'all-failed' };
}
