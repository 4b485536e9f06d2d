/**
 * The one configuration shape for agents, shared by the extension's `consensus.agents` setting
 * and the command line's `--agents FILE`. Validated with zod so every problem is reported at
 * once, each with its path (`agents[2].baseUrl: must be an http(s) URL`).
 */
import { ConsensusError } from '../core/errors';
import { z } from 'zod';
import { MAX_TIMEOUT_SECONDS, MAX_TIMEOUT_TEXT } from '../core/parameters';

/** The kinds of agent the product can talk to. */
export type ProviderName = 'openai' | 'anthropic' | 'mcp' | 'command' | 'vscode-lm';

const PROVIDERS: readonly ProviderName[] = ['openai', 'anthropic', 'mcp', 'command', 'vscode-lm'];

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const httpUrl = z.string().refine(isHttpUrl, 'must be an http(s) URL');
const nonEmpty = z.string().trim().min(1, 'must not be empty');
// Environment variable names as POSIX shells accept them; anything else is surely a typo (or a key
// pasted where its variable's name belongs, which we must not echo back).
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable (letters, digits, _), not the key itself');
const stringRecord = z.record(z.string(), z.string());

/** Fields every agent has, whatever its provider. */
const commonFields = {
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "must start with a letter or digit and use only letters, digits, '-', '_' or '.'"),
  name: nonEmpty.optional(),
  /** 'for' | 'against' | 'neutral', or free text describing the position to take. */
  stance: nonEmpty.optional(),
  systemPrompt: z.string().optional(),
  timeoutSeconds: z
    .number()
    .positive('must be a positive number of seconds')
    .max(MAX_TIMEOUT_SECONDS, `must be at most ${MAX_TIMEOUT_TEXT}, the longest a timer can wait; leave it out for no limit of its own`)
    .optional(),
  enabled: z.boolean().default(true),
};

const openaiSchema = z.strictObject({
  ...commonFields,
  provider: z.literal('openai'),
  baseUrl: httpUrl,
  model: nonEmpty,
  apiKeyEnv: envName.optional(),
  headers: stringRecord.optional(),
  temperature: z.number().min(0, 'must be between 0 and 2').max(2, 'must be between 0 and 2').optional(),
  maxTokens: z.number().int('must be a whole number').positive('must be a positive whole number').optional(),
});

/** Where the Anthropic Messages API lives unless the configuration says otherwise. */
const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

const anthropicSchema = z.strictObject({
  ...commonFields,
  provider: z.literal('anthropic'),
  baseUrl: httpUrl.default(ANTHROPIC_DEFAULT_BASE_URL),
  model: nonEmpty,
  apiKeyEnv: envName.optional(),
  maxTokens: z.number().int('must be a whole number').positive('must be a positive whole number').optional(),
  temperature: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').optional(),
});

const mcpToolFields = {
  /** The tool that answers a prompt; by default one named like ask/chat/complete/think, or the only tool. */
  tool: nonEmpty.optional(),
  /** The tool argument that receives the prompt; by default read from the tool's input schema. */
  promptArgument: nonEmpty.optional(),
  /** Where the key for `${apiKey}` in `headers` or `env` comes from (besides Set API Key). */
  apiKeyEnv: envName.optional(),
};

const mcpStdioFields = {
  transport: z.literal('stdio'),
  command: nonEmpty,
  args: z.array(z.string()).optional(),
  env: stringRecord.optional(),
  cwd: z.string().optional(),
};

const mcpHttpFields = {
  transport: z.literal('http'),
  url: httpUrl,
  headers: stringRecord.optional(),
};

const mcpSchema = z.discriminatedUnion('transport', [
  z.strictObject({ ...commonFields, provider: z.literal('mcp'), ...mcpToolFields, ...mcpStdioFields }),
  z.strictObject({ ...commonFields, provider: z.literal('mcp'), ...mcpToolFields, ...mcpHttpFields }),
]);

const commandSchema = z.strictObject({
  ...commonFields,
  provider: z.literal('command'),
  command: nonEmpty,
  /** With `promptVia: 'argument'`, an argument `{prompt}` is replaced by the prompt; without one it is appended. */
  args: z.array(z.string()).optional(),
  promptVia: z.enum(['stdin', 'argument']).default('stdin'),
  /** Where the key for `${apiKey}` in `env` comes from (besides Set API Key). */
  apiKeyEnv: envName.optional(),
  env: stringRecord.optional(),
  cwd: z.string().optional(),
});

const vscodeLmSchema = z.strictObject({
  ...commonFields,
  provider: z.literal('vscode-lm'),
  vendor: nonEmpty.optional(),
  family: nonEmpty.optional(),
  modelId: nonEmpty.optional(),
});

/** Schema of one agent's configuration. */
export const agentConfigSchema = z.discriminatedUnion('provider', [
  openaiSchema,
  anthropicSchema,
  mcpSchema,
  commandSchema,
  vscodeLmSchema,
]);

/** Schema of the whole list, as the `consensus.agents` setting and `--agents FILE` hold it. */
export const agentsConfigSchema = z.array(agentConfigSchema);

/** After validation `name` is always set (it defaults to the id). */
type Parsed<Schema extends z.ZodType> = z.output<Schema> & { name: string };

/** An OpenAI-compatible chat-completions server (OpenAI, Ollama `/v1`, LM Studio, llama.cpp, vLLM). */
export type OpenAIAgentConfig = Parsed<typeof openaiSchema>;
/** The Anthropic Messages API. */
export type AnthropicAgentConfig = Parsed<typeof anthropicSchema>;
/** An existing MCP server used as an agent. */
export type McpAgentConfig = Parsed<typeof mcpSchema>;
/** A local command-line agent. */
export type CommandAgentConfig = Parsed<typeof commandSchema>;
/** VS Code's Language Model API; served by the extension layer. */
export type VscodeLmAgentConfig = Parsed<typeof vscodeLmSchema>;
/** One agent's configuration after validation (defaults filled in). */
export type AgentConfig = OpenAIAgentConfig | AnthropicAgentConfig | McpAgentConfig | CommandAgentConfig | VscodeLmAgentConfig;

/** How to reach an MCP server over stdio. */
export interface McpStdioTransportConfig {
  transport: 'stdio';
  command: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** How to reach an MCP server over streamable HTTP. */
export interface McpHttpTransportConfig {
  transport: 'http';
  url: string;
  headers?: Record<string, string>;
}

/** How to reach an MCP server; an `McpAgentConfig` is one, and so is a mesh endpoint. */
export type McpTransportConfig = McpStdioTransportConfig | McpHttpTransportConfig;

/** The configuration had problems; `problems` holds one line per problem, each with its path. */
export class AgentConfigError extends ConsensusError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      'agent-config',
      problems.length === 1
        ? `Invalid agent configuration: ${problems[0]}`
        : `Invalid agent configuration (${problems.length} problems):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      'Correct each setting at the path named (e.g. agents[0].baseUrl) and run again.',
    );
    this.name = 'AgentConfigError';
    this.problems = problems;
  }
}

/** `['agents', 2, 'baseUrl']` → `agents[2].baseUrl`. */
function formatPath(path: readonly PropertyKey[]): string {
  let text = 'agents';
  for (const part of path) {
    text += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  }
  return text;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The value at `path` inside `root`, so messages can say what was found. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/** Rewrites zod's wording into the product's (`must be ...`), keeping custom messages as they are. */
function describeIssue(issue: z.core.$ZodIssue, root: unknown): string[] {
  const at = formatPath(issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      const found = valueAt(root, issue.path);
      if (found === undefined) return [`${at}: is required`];
      const expected = issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`;
      return [`${at}: must be ${expected}, not ${describeType(found)}`];
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${formatPath([...issue.path, key])}: is not a setting of this provider (misspelt?)`);
    case 'invalid_union': {
      // A discriminated union reports a missing or unknown discriminator this way.
      const discriminator = issue.path[issue.path.length - 1];
      const found = valueAt(root, issue.path);
      if (discriminator === 'provider') {
        const list = PROVIDERS.map((p) => `'${p}'`).join(', ');
        return [found === undefined ? `${at}: is required (one of ${list})` : `${at}: must be one of ${list}`];
      }
      if (discriminator === 'transport') {
        return [found === undefined ? `${at}: is required ('stdio' or 'http')` : `${at}: must be 'stdio' or 'http'`];
      }
      return [`${at}: ${issue.message}`];
    }
    case 'invalid_value':
      return [`${at}: must be one of ${issue.values.map((v) => `'${String(v)}'`).join(', ')}`];
    default:
      return [`${at}: ${issue.message}`];
  }
}

/**
 * Validates a whole agents list and fills in defaults (`enabled: true`, `name` = `id`,
 * Anthropic's base URL, `promptVia: 'stdin'`). Throws `AgentConfigError` listing every problem,
 * duplicate ids included.
 */
export function parseAgentsConfig(value: unknown): AgentConfig[] {
  const result = agentsConfigSchema.safeParse(value);
  const problems: string[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(...describeIssue(issue, value));
  }
  // Ids are checked on the raw input too so a duplicate is reported alongside other problems.
  if (Array.isArray(value)) {
    const firstIndex = new Map<string, number>();
    value.forEach((entry: unknown, index) => {
      const id = entry !== null && typeof entry === 'object' ? (entry as { id?: unknown }).id : undefined;
      if (typeof id !== 'string') return;
      const earlier = firstIndex.get(id);
      if (earlier === undefined) firstIndex.set(id, index);
      else problems.push(`agents[${index}].id: '${id}' is already used by agents[${earlier}]`);
    });
  }
  if (problems.length > 0 || !result.success) throw new AgentConfigError(problems);
  return result.data.map((agent) => ({ ...agent, name: agent.name ?? agent.id }));
}

/**
 * JSON schema of the `consensus.agents` setting (the input shape: defaults are optional), for the
 * manifest's `contributes.configuration` and for editors of `--agents` files.
 */
export const agentConfigJsonSchema: Record<string, unknown> = z.toJSONSchema(agentsConfigSchema, {
  io: 'input',
  target: 'draft-7',
});
