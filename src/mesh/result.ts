/**
 * Reading MCP tool results and request metadata, whatever server produced them.
 */
import type { TokenUsage } from '../agents/types';
import { META_USAGE } from './types';

/** The parts of a `tools/call` result the mesh reads. */
export interface ToolResultLike {
  content?: unknown;
  isError?: unknown;
  structuredContent?: unknown;
  _meta?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The text of a tool result: its text blocks joined by newlines. A result with no text but
 * structured content is rendered as JSON so a caller never mistakes it for an empty answer.
 */
export function resultText(result: ToolResultLike): string {
  const blocks = Array.isArray(result.content) ? result.content : [];
  const texts: string[] = [];
  for (const block of blocks) {
    if (isRecord(block) && block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
  }
  if (texts.length === 0 && result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  return texts.join('\n');
}

/** Token usage a local agent reported in the result's `_meta`, when it is well formed. */
export function resultUsage(result: ToolResultLike): TokenUsage | undefined {
  if (!isRecord(result._meta)) return undefined;
  const usage = result._meta[META_USAGE];
  if (!isRecord(usage)) return undefined;
  const out: TokenUsage = {};
  if (typeof usage.inputTokens === 'number') out.inputTokens = usage.inputTokens;
  if (typeof usage.outputTokens === 'number') out.outputTokens = usage.outputTokens;
  return out.inputTokens === undefined && out.outputTokens === undefined ? undefined : out;
}

/** A string field of request metadata, or the fallback. */
export function metaString(meta: unknown, key: string, fallback: string): string {
  if (!isRecord(meta)) return fallback;
  const value = meta[key];
  return typeof value === 'string' ? value : fallback;
}

/** A non-negative integer field of request metadata, or the fallback. */
export function metaDepth(meta: unknown, key: string, fallback: number): number {
  if (!isRecord(meta)) return fallback;
  const value = meta[key];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** A list-of-strings field of request metadata, or an empty list. */
export function metaStrings(meta: unknown, key: string): string[] {
  if (!isRecord(meta)) return [];
  const value = meta[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
