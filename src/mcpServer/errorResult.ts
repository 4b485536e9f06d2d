/** How the MCP server tells a failure to the calling model: one tool result for every error. */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { errorReport, errorText, isConsensusError } from '../core/errors';

/**
 * `error` as a tool result the calling model can act on: the text every front-end shows (the
 * message, the fix, the code), and the code and fix as structured content. `doing` says what
 * failed, before the message ("The diff could not be read"). An error that is no
 * `ConsensusError` is a bug: it is thrown on, and the SDK reports it as it does any other.
 */
export function errorResult(error: unknown, doing?: string): CallToolResult {
  if (!isConsensusError(error)) throw error;
  const report = errorReport(error);
  return {
    content: [{ type: 'text', text: doing ? `${doing}: ${errorText(error)}` : errorText(error) }],
    isError: true,
    _meta: { consensusError: { code: report.code, fix: error.fix } },
  };
}

/** `handler`, with every `ConsensusError` it throws answered by `errorResult`. */
export function reportingErrors<Args extends unknown[]>(
  handler: (...args: Args) => Promise<CallToolResult>,
): (...args: Args) => Promise<CallToolResult> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      return errorResult(error);
    }
  };
}
