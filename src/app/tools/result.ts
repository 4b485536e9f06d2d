/** What a tool gives back, before a host wraps it: the text for the calling model and the data. */
import { z } from 'zod';

export interface ToolResult<Structured> {
  /** The outcome in words (`../outcomeText`), the same through every host. */
  text: string;
  /** The outcome as data: the MCP server's structuredContent. */
  structured: Structured;
  /** Set when the run produced nothing to use (every agent failed). */
  isError: boolean;
}

export const failureSchema = z.object({ agent: z.string(), error: z.string() });
