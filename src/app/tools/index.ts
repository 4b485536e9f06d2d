/**
 * The tools of Consensus, each defined once; the MCP server and the language model tools adapt
 * them. The schemas (zod) are in ask.ts / review.ts; names.ts and input.ts need neither zod nor the
 * engine, so the extension's activation bundle takes them directly, the rest through the agents
 * runtime.
 */
import { ASK_TOOL } from './ask';
import { REVIEW_TOOL } from './review';
import { languageModelToolContribution } from './definition';

export { ASK_TOOL, type AskInput } from './ask';
export { REVIEW_TOOL, type ReviewToolInput } from './review';
export { checkToolInput, inputJsonSchema, languageModelToolContribution, parseToolInput, type ToolDefinition } from './definition';
export { ASK_TOOL_NAME, REVIEW_TOOL_NAME } from './names';
export { hasText, reviewRequestOf, ToolInputError, type ReviewRequestInput } from './input';
export { askResult, reviewResult, type ToolResult } from './results';

/** Every tool, in the order hosts list them. */
export const CONSENSUS_TOOLS = [ASK_TOOL, REVIEW_TOOL] as const;

/** package.json's `contributes.languageModelTools`, as `npm run sync-schema` writes it. */
export function languageModelToolContributions(): Record<string, unknown>[] {
  return CONSENSUS_TOOLS.map((tool) => languageModelToolContribution(tool));
}
