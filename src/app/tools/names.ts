/**
 * The tools' names, apart from their schemas: the extension registers its tools at activation by
 * name, and zod (the schemas) loads with the agents runtime on first use, not at activation.
 */
export const ASK_TOOL_NAME = 'consensus_ask';
export const REVIEW_TOOL_NAME = 'consensus_review';
