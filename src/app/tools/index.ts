/** The tools of Consensus, each defined once; the MCP server and the language model tools adapt them. */
import { ASK_TOOL } from './ask';
import { REVIEW_TOOL } from './review';
import { languageModelToolContribution } from './definition';

export { ASK_TOOL, askResult, type AskInput } from './ask';
export { REVIEW_TOOL, reviewRequestOf, reviewResult, type ReviewRequestInput, type ReviewToolInput } from './review';
export { hasText, inputJsonSchema, languageModelToolContribution, parseToolInput, ToolInputError, type ToolDefinition } from './definition';
export type { ToolResult } from './result';

/** Every tool, in the order hosts list them. */
export const CONSENSUS_TOOLS = [ASK_TOOL, REVIEW_TOOL] as const;

/** package.json's `contributes.languageModelTools`, as `npm run sync-schema` writes it. */
export function languageModelToolContributions(): Record<string, unknown>[] {
  return CONSENSUS_TOOLS.map((tool) => languageModelToolContribution(tool));
}
