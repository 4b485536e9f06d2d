/**
 * Who may call the HTTP server: whoever holds its bearer token. Loopback alone is no boundary
 * (every local process and user can connect, and each call spends the owner's keys), so every
 * request must carry `Authorization: Bearer TOKEN`. The token is `CONSENSUS_MCP_TOKEN` when set,
 * otherwise made at start and printed once, with the client configuration to paste.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The environment variable that fixes the token (so a client's configuration survives restarts). */
export const TOKEN_ENV = 'CONSENSUS_MCP_TOKEN';

/** Where the token came from: the environment (never printed) or made for this run. */
export type TokenSource = { kind: 'env'; token: string } | { kind: 'generated'; token: string };

/** The token of this run: `CONSENSUS_MCP_TOKEN`, else 32 random bytes. */
export function serverToken(env: Record<string, string | undefined>): TokenSource {
  const fixed = env[TOKEN_ENV]?.trim();
  if (fixed) return { kind: 'env', token: fixed };
  return { kind: 'generated', token: randomBytes(32).toString('base64url') };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Why an `Authorization` header is refused, or undefined when it carries the token. Compared in
 * constant time (digests of equal length), so the answer's timing tells nothing of the token.
 */
export function authorizationProblem(header: string | undefined, token: string): string | undefined {
  const where = `the token 'consensus mcp' printed when it started, or ${TOKEN_ENV} when that is set`;
  if (header === undefined || header.trim() === '') return `send the header "Authorization: Bearer TOKEN" with ${where}`;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return `the Authorization header must read "Bearer TOKEN", with ${where}`;
  if (!timingSafeEqual(digest(match[1]), digest(token))) return `the bearer token is not this server's; use ${where}`;
  return undefined;
}

/** A JSON value on one line, for a configuration to paste. */
function json(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * What to paste into each client so it sends the token. A token from the environment is named,
 * never printed: each client reads the variable itself.
 */
export function clientConfiguration(url: string, source: TokenSource): string {
  const generated = source.kind === 'generated';
  const bearer = (reference: string): string => `Bearer ${generated ? source.token : reference}`;
  const lines = [
    generated
      ? `Every request needs "Authorization: Bearer TOKEN". This run's token (shown once; set ${TOKEN_ENV} to keep one across restarts):\n  ${source.token}`
      : `Every request needs "Authorization: Bearer TOKEN" with the token in ${TOKEN_ENV}.`,
    'Client configuration, ready to paste:',
    `  VS Code (mcp.json):\n    ${json({ servers: { consensus: { type: 'http', url, headers: { Authorization: bearer(`\${env:${TOKEN_ENV}}`) } } } })}`,
    `  Claude Code:\n    claude mcp add --transport http consensus ${url} --header "Authorization: ${bearer(`$${TOKEN_ENV}`)}"`,
    `  Cursor (~/.cursor/mcp.json):\n    ${json({ mcpServers: { consensus: { url, headers: { Authorization: bearer(`\${env:${TOKEN_ENV}}`) } } } })}`,
  ];
  return lines.join('\n');
}

/** The warning `--no-auth` prints: what it gives away, and what it is for. */
export function noAuthWarning(url: string): string {
  return [
    '!!! WARNING: --no-auth: no token is required.',
    `!!! Any program or user on this machine can call ${url} and run your agents on your API keys and budget.`,
    '!!! Use it only for tests (such as the MCP conformance suite); leave --no-auth out to require a bearer token.',
  ].join('\n');
}
