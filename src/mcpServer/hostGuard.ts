/**
 * DNS rebinding protection for the HTTP server: a page on evil.example can make a browser send
 * requests to 127.0.0.1 under its own name, so a loopback server must refuse any request whose
 * Host, or Origin when present, names something other than this machine's loopback.
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

/**
 * Why a request must be refused, or undefined when its headers are loopback ones. A missing
 * Origin is allowed (non-browser clients send none); a missing Host is not (HTTP/1.1 requires it).
 */
export function rebindingProblem(headers: { host?: string | undefined; origin?: string | undefined }): string | undefined {
  const host = headers.host;
  if (host === undefined || host === '') return 'the request has no Host header';
  const hostname = hostnameOf(`http://${host}`);
  if (hostname === undefined || !LOOPBACK.has(hostname)) return `Host '${host}' is not a loopback address; this server answers only on 127.0.0.1`;
  const origin = headers.origin;
  if (origin === undefined || origin === '') return undefined;
  const originHost = hostnameOf(origin);
  if (originHost === undefined || !LOOPBACK.has(originHost)) return `Origin '${origin}' is not a loopback origin; requests from web pages elsewhere are refused`;
  return undefined;
}
