/**
 * Which web pages may reach the HTTP server. DNS rebinding: a page on evil.example can make a
 * browser send requests to 127.0.0.1 under its own name, so the Host must name this machine's
 * loopback. And a page served from any other local port (a dev server, a compromised tool) is
 * another origin too: a browser's Origin must be the server's own, or one named with
 * `--allow-origin`. Clients that are not browsers send no Origin and are let through (the bearer
 * token decides for them).
 */

/** Host names that only ever mean this machine. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function hostnameOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** `http://host:port` of a URL, or undefined when it is none. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Where the server listens, and the other origins its owner allowed. */
export interface OriginPolicy {
  port: number;
  /** Origins named with `--allow-origin`, as `originOf` gives them. */
  allowedOrigins: readonly string[];
}

/** The server's own origins: its loopback names on its port. */
function ownOrigins(port: number): string[] {
  return [...LOOPBACK].map((host) => `http://${host}:${port}`);
}

/** True when `origin` is the server's own or one its owner allowed. */
export function originAllowed(origin: string, policy: OriginPolicy): boolean {
  const normalized = originOf(origin);
  return normalized !== undefined && (ownOrigins(policy.port).includes(normalized) || policy.allowedOrigins.includes(normalized));
}

/**
 * Why a request must be refused, or undefined when its Host is loopback and its Origin (when a
 * browser sent one) is the server's own or allowed. A missing Host is refused (HTTP/1.1 requires it).
 */
export function rebindingProblem(
  headers: { host?: string | undefined; origin?: string | undefined },
  policy: OriginPolicy,
): string | undefined {
  const host = headers.host;
  if (host === undefined || host === '') return 'the request has no Host header';
  const hostname = hostnameOf(`http://${host}`);
  if (hostname === undefined || !LOOPBACK.has(hostname))
    return `Host '${host}' is not a loopback address; this server answers only on 127.0.0.1`;
  const origin = headers.origin;
  if (origin === undefined || origin === '') return undefined;
  if (originAllowed(origin, policy)) return undefined;
  const originHost = originOf(origin) === undefined ? undefined : hostnameOf(origin);
  if (originHost === undefined || !LOOPBACK.has(originHost))
    return `Origin '${origin}' is not a loopback origin; requests from web pages elsewhere are refused`;
  return `Origin '${origin}' is not this server's own (http://127.0.0.1:${policy.port}); a page from another local port may not call it. If you trust that page, start the server with --allow-origin ${originOf(origin) ?? origin}`;
}
