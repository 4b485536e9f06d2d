/**
 * Choosing which tool of a remote MCP server answers a prompt, and under which argument. The
 * conventions for tool names are the agents layer's (`pickPromptTool`), so a server behaves the
 * same as an `mcp` agent and as a mesh member.
 */
import { pickPromptTool } from '../agents/mcp';
import { MeshError } from './errors';
import type { MeshTool } from './types';

/** Argument names that, by convention, receive the prompt; tried in this order. */
const PROMPT_ARGUMENT_NAMES = ['prompt', 'question', 'message', 'query', 'input', 'text'];

function stringProperties(tool: MeshTool): { names: string[]; required: string[] } {
  const properties = tool.inputSchema.properties;
  const names: string[] = [];
  if (properties !== null && typeof properties === 'object') {
    for (const [name, schema] of Object.entries(properties as Record<string, unknown>)) {
      if (schema !== null && typeof schema === 'object' && (schema as { type?: unknown }).type === 'string') names.push(name);
    }
  }
  const required = Array.isArray(tool.inputSchema.required)
    ? tool.inputSchema.required.filter((n): n is string => typeof n === 'string')
    : [];
  return { names, required };
}

/** The argument of `tool` that should receive the prompt. */
function promptArgumentOf(tool: MeshTool, configured: string | undefined): string {
  if (configured) return configured;
  const { names, required } = stringProperties(tool);
  return (
    PROMPT_ARGUMENT_NAMES.find((name) => names.includes(name)) ?? names.find((name) => required.includes(name)) ?? names[0] ?? 'prompt'
  );
}

/**
 * Picks the tool of member `name` that answers a prompt: the configured one, else `preferred` when
 * the server has it, else an exact well-known name (ask, chat, query, ...), else its only
 * tool when that takes one text argument. Throws a `MeshError` listing the tools when none fits, so the user knows what to configure.
 */
export function pickTool(
  name: string,
  tools: readonly MeshTool[],
  preferred: string,
  configured: { tool?: string; promptArgument?: string } | undefined,
): { tool: string; argument: string } {
  const preferredTool = configured?.tool ? undefined : tools.find((tool) => tool.name === preferred);
  const picked = preferredTool ?? pickPromptTool(tools, configured?.tool);
  if (typeof picked === 'string') throw new MeshError(`mesh member '${name}' ${picked}`);
  const chosen = tools.find((tool) => tool.name === picked.name);
  if (!chosen) throw new MeshError(`mesh member '${name}' has no tool '${picked.name}'`);
  return { tool: chosen.name, argument: promptArgumentOf(chosen, configured?.promptArgument) };
}
