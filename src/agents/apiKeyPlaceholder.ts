/**
 * `${apiKey}` in a header or environment value stands for the agent's key, filled in at call
 * time, so keys for Azure-style `api-key` headers, MCP servers' `Authorization` headers or a
 * stdio server's token never have to be written in a settings file.
 */
import type { AgentConfig } from './config';
import { AgentError, keyHint, type KeyHint } from './errors';

/** The literal text replaced by the agent's key. */
export const API_KEY_PLACEHOLDER = '${apiKey}';

/** Where an agent's configuration may hold the placeholder, for messages. */
type PlaceholderField = 'headers' | 'env';

/** The headers or environment of `config` that may hold the placeholder, and which field that is. */
function placeholderValues(config: AgentConfig): { field: PlaceholderField; values: Record<string, string> } | undefined {
  if (config.provider === 'openai' && config.headers) return { field: 'headers', values: config.headers };
  if (config.provider === 'mcp') {
    if (config.transport === 'http' && config.headers) return { field: 'headers', values: config.headers };
    if (config.transport === 'stdio' && config.env) return { field: 'env', values: config.env };
  }
  if (config.provider === 'command' && config.env) return { field: 'env', values: config.env };
  return undefined;
}

/** True when a value of `values` contains the placeholder. */
export function containsApiKeyPlaceholder(values: Record<string, string> | undefined): boolean {
  return values !== undefined && Object.values(values).some((value) => value.includes(API_KEY_PLACEHOLDER));
}

/** True when the agent's headers or environment ask for its key, so it needs one. */
export function usesApiKeyPlaceholder(config: AgentConfig): boolean {
  return containsApiKeyPlaceholder(placeholderValues(config)?.values);
}

/**
 * `values` with every placeholder replaced by `key`. Without a key, values that need one fail the
 * call with an error saying where the key is set; values without the placeholder pass unchanged.
 */
export function fillApiKey(
  config: AgentConfig,
  values: Record<string, string> | undefined,
  key: string | undefined,
  hint: KeyHint = keyHint,
): Record<string, string> | undefined {
  if (!values || !containsApiKeyPlaceholder(values)) return values;
  if (!key) {
    const field = placeholderValues(config)?.field ?? 'headers';
    throw new AgentError(
      'auth',
      `Agent '${config.name}' uses ${API_KEY_PLACEHOLDER} in its ${field} but has no key: ${hint('apiKeyEnv' in config ? config.apiKeyEnv : undefined)}.`,
    );
  }
  const filled: Record<string, string> = {};
  // split/join, not replace: a key may contain `$&` or `$1`, which replace() would interpret.
  for (const [name, value] of Object.entries(values)) filled[name] = value.split(API_KEY_PLACEHOLDER).join(key);
  return filled;
}
