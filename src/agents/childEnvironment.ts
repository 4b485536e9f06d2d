/**
 * The environment a child we start (a command agent, an MCP server over stdio) gets: what any
 * program needs to run (the MCP SDK's default set: PATH, HOME, USER, SHELL, TERM, and on Windows
 * SYSTEMROOT, APPDATA and the like) plus locale and temp folders, and then exactly what the
 * agent's own `env` names. Everything else in our environment (the user's tokens, cloud
 * credentials) stays with us.
 */
import { DEFAULT_INHERITED_ENV_VARS } from '@modelcontextprotocol/sdk/client/stdio.js';

/** Variables passed on besides the SDK's set, where present. */
const EXTRA_NAMES = ['LANG', 'LANGUAGE', 'TMPDIR', 'TEMP', 'TMP', 'TZ', 'XDG_RUNTIME_DIR', 'SYSTEMROOT', 'COMSPEC', 'PATHEXT', 'WINDIR'];

/** The minimal environment taken from `source` (the process's own by default). */
export function minimalEnvironment(
  source: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Record<string, string> {
  // Windows spells its variables in any case (Path, SystemRoot); elsewhere case matters.
  const normal = (name: string): string => (platform === 'win32' ? name.toUpperCase() : name);
  const wanted = new Set([...DEFAULT_INHERITED_ENV_VARS, ...EXTRA_NAMES].map(normal));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined || value.startsWith('()')) continue; // shell functions are no settings
    if (wanted.has(normal(name)) || name.startsWith('LC_')) env[name] = value;
  }
  return env;
}

/** A child's environment: the minimal one, with the agent's configured `env` on top. */
export function childEnvironment(configured: Record<string, string> | undefined): Record<string, string> {
  return { ...minimalEnvironment(), ...configured };
}
