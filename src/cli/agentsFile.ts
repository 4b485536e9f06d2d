/**
 * Reading `--agents FILE`: JSON with comments (JSONC, as VS Code's settings.json: `//` and `/* *\/`
 * comments, trailing commas, a UTF-8 byte-order mark) holding a list of agent configurations or
 * `{ "agents": [...] }`, validated with the same schema as the editor's settings. Every problem is
 * reported at once.
 */
import { ConsensusError } from '../core/errors';
import { readFile } from 'node:fs/promises';
import { getLocation, parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { AgentConfigError, parseAgentsConfig } from '../agents/config';
import type { AgentConfig } from '../agents/config';

/** The agents file cannot be used; the message says what to fix. */
export class AgentsFileError extends ConsensusError {
  constructor(message: string, fix = 'Correct the agents file (--agents FILE) as the message says.') {
    super('agents-file', message, fix);
    this.name = 'AgentsFileError';
  }
}

/** The configurations in `text` (the content of `file`), validated, enabled and disabled alike. */
export function parseAgentsFile(text: string, file: string): AgentConfig[] {
  // An editor may save a byte-order mark; it is not part of the content.
  const content = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const errors: ParseError[] = [];
  const json: unknown = parse(content, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const lines = errors.slice(0, 5).map((error) => `  ${describeParseError(content, error)}`);
    const more = errors.length > 5 ? `\n  ... and ${errors.length - 5} more` : '';
    throw new AgentsFileError(
      `${file} is not valid JSON (comments and trailing commas are allowed):\n${lines.join('\n')}${more}\nfix the file at the line and column given, e.g. in an editor that shows JSON errors`,
    );
  }
  if (content.trim() === '') throw new AgentsFileError(`${file} is empty: it must hold a list of agents, or an object { "agents": [...] }`);
  const list = Array.isArray(json) ? json : json !== null && typeof json === 'object' && 'agents' in json ? json.agents : undefined;
  if (!Array.isArray(list)) {
    throw new AgentsFileError(`${file} must hold a list of agents, or an object { "agents": [...] }`);
  }
  try {
    return parseAgentsConfig(list);
  } catch (error) {
    if (error instanceof AgentConfigError) {
      const count = error.problems.length;
      throw new AgentsFileError(
        `${file} has ${count === 1 ? 'a problem' : `${count} problems`}:\n${error.problems.map((p) => `  ${p}`).join('\n')}`,
      );
    }
    throw error;
  }
}

/** `line 3, column 5: missing comma`, with what stands there (invisible characters spelled out). */
function describeParseError(text: string, error: ParseError): string {
  const before = text.slice(0, error.offset).split(/\r\n|\r|\n/);
  const line = before.length;
  const column = (before[before.length - 1]?.length ?? 0) + 1;
  const found = text.slice(error.offset, error.offset + Math.max(1, Math.min(error.length, 20)));
  const shown =
    found === ''
      ? 'the end of the file'
      : JSON.stringify(found).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const where = getLocation(text, error.offset).path.join('.');
  return `line ${line}, column ${column}: ${explain(error)} at ${shown}${where ? ` (in ${where})` : ''}`;
}

/** jsonc-parser's error codes in words. */
function explain(error: ParseError): string {
  const code = printParseErrorCode(error.error);
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'a property name in double quotes was expected',
    ValueExpected: 'a value was expected',
    ColonExpected: "a ':' was expected",
    CommaExpected: "a ',' was expected",
    CloseBraceExpected: "a '}' was expected",
    CloseBracketExpected: "a ']' was expected",
    EndOfFileExpected: 'nothing more was expected',
    InvalidCommentToken: 'invalid comment',
    UnexpectedEndOfComment: 'a comment is not closed',
    UnexpectedEndOfString: 'a string is not closed',
    UnexpectedEndOfNumber: 'a number is cut short',
    InvalidUnicode: 'invalid \\u escape',
    InvalidEscapeCharacter: 'invalid escape',
    InvalidCharacter: 'invalid character in a string',
  };
  return words[code] ?? code;
}

/** Reads and validates `file`, with a message naming the file when it cannot be read. */
export async function loadAgentsFile(file: string): Promise<AgentConfig[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : error instanceof Error ? error.message : String(error);
    throw new AgentsFileError(`cannot read the agents file ${file}: ${reason}`);
  }
  return parseAgentsFile(text, file);
}

/**
 * The names of environment variables that enabled agents read their keys from but that are unset
 * or empty, with the agents needing each, so the user can export them before any call is made.
 */
export function missingKeys(
  agents: readonly AgentConfig[],
  env: Record<string, string | undefined>,
): { variable: string; agents: string[] }[] {
  const missing = new Map<string, string[]>();
  for (const agent of agents) {
    const variable = 'apiKeyEnv' in agent ? agent.apiKeyEnv : undefined;
    if (variable === undefined || (env[variable] ?? '').trim() !== '') continue;
    missing.set(variable, [...(missing.get(variable) ?? []), agent.id]);
  }
  return [...missing].map(([variable, ids]) => ({ variable, agents: ids }));
}

/**
 * A value an MCP host left unexpanded: `${NAME}` (also `$NAME`, `%NAME%`, `${env:NAME}`) where the
 * host meant to put a variable of its own environment, and passed the text as it is because that
 * variable was not set. Returns the name of the variable meant.
 */
export function unexpandedVariable(value: string): string | undefined {
  const found = /^\s*(?:\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)|%([A-Za-z_][A-Za-z0-9_]*)%)\s*$/.exec(value);
  return found ? (found[1] ?? found[2] ?? found[3]) : undefined;
}

/**
 * The variables that enabled agents read their keys from but that hold an unexpanded reference
 * (`${OPENAI_API_KEY}`) instead of a key, with the name referred to and the agents concerned.
 */
export function unexpandedKeys(
  agents: readonly AgentConfig[],
  env: Record<string, string | undefined>,
): { variable: string; refersTo: string; agents: string[] }[] {
  const found = new Map<string, { refersTo: string; agents: string[] }>();
  for (const agent of agents) {
    const variable = 'apiKeyEnv' in agent ? agent.apiKeyEnv : undefined;
    const refersTo = variable === undefined ? undefined : unexpandedVariable(env[variable] ?? '');
    if (variable === undefined || refersTo === undefined) continue;
    const entry = found.get(variable) ?? { refersTo, agents: [] };
    entry.agents.push(agent.id);
    found.set(variable, entry);
  }
  return [...found].map(([variable, entry]) => ({ variable, ...entry }));
}
