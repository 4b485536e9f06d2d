/**
 * Finds OpenAI-compatible model servers running on this machine (Ollama, LM Studio, llama.cpp,
 * vLLM) by asking each usual port for its model list, all at once and briefly, so the first-run
 * setup can offer what is already there. Pure: no `vscode`, only `fetch` on 127.0.0.1.
 */
/** A place a local server usually listens. */
export interface LocalServerCandidate {
  name: string;
  port: number;
}

/** An agent entry for the `consensus.agents` setting, pointing at a local server. */
export interface LocalAgentEntry {
  id: string;
  name: string;
  provider: 'openai';
  baseUrl: string;
  model: string;
  stance?: string;
}

/** A server that answered with its models. */
export interface LocalServer {
  name: string;
  /** The chat-completions base URL, e.g. `http://127.0.0.1:11434/v1`. */
  baseUrl: string;
  /** Model ids, in the server's order. */
  models: string[];
}

export const USUAL_LOCAL_SERVERS: readonly LocalServerCandidate[] = [
  { name: 'Ollama', port: 11434 },
  { name: 'LM Studio', port: 1234 },
  { name: 'llama.cpp server', port: 8080 },
  { name: 'vLLM', port: 8000 },
];

/** Long enough for a local server that is up, short enough that nobody waits on closed ports. */
export const PROBE_TIMEOUT_MS = 800;

/** The model ids of an OpenAI-style `/v1/models` body (`{ data: [{ id }] }`); undefined when it is not one. */
export function modelIdsOf(body: unknown): string[] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const data = (body as { data?: unknown }).data;
  if (!Array.isArray(data)) return undefined;
  const ids = data
    .map((entry: unknown) => (typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined))
    .filter((id): id is string => typeof id === 'string' && id.trim() !== '');
  return [...new Set(ids)];
}

async function probe(candidate: LocalServerCandidate, timeoutMs: number): Promise<LocalServer | undefined> {
  const baseUrl = `http://127.0.0.1:${candidate.port}/v1`;
  try {
    // No redirects: a web app on the same port (code-server on 8080, say) is not a model server.
    const response = await fetch(`${baseUrl}/models`, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
      headers: { accept: 'application/json' },
    });
    if (!response.ok) return undefined;
    const models = modelIdsOf(await response.json());
    return models && models.length > 0 ? { name: candidate.name, baseUrl, models } : undefined;
  } catch {
    // Nothing listens, it is too slow, or it is not JSON: not a server we can offer.
    return undefined;
  }
}

/** Every candidate that answers with at least one model, in the candidates' order. */
export async function findLocalServers(
  candidates: readonly LocalServerCandidate[] = USUAL_LOCAL_SERVERS,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<LocalServer[]> {
  const found = await Promise.all(candidates.map((candidate) => probe(candidate, timeoutMs)));
  return found.filter((server): server is LocalServer => server !== undefined);
}

const STANCES = ['for', 'against'] as const;

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'model'
  );
}

/**
 * Agents for a local server: up to three of its models; a single model takes part three times
 * (neutral, for, against) so a run still has three voices. Ids avoid `taken`.
 */
export function agentsForLocalServer(server: LocalServer, taken: ReadonlySet<string> = new Set()): LocalAgentEntry[] {
  const used = new Set(taken);
  const unique = (base: string): string => {
    let id = base;
    for (let index = 2; used.has(id); index++) id = `${base}-${index}`;
    used.add(id);
    return id;
  };
  const models = server.models.slice(0, 3);
  const agent = (model: string, stance?: (typeof STANCES)[number]): LocalAgentEntry => ({
    id: unique(slug(stance ? `${model}-${stance}` : model)),
    name: stance ? `${model} (${stance})` : model,
    provider: 'openai',
    baseUrl: server.baseUrl,
    model,
    ...(stance ? { stance } : {}),
  });
  if (models.length === 1) {
    const only = models[0]!;
    return [agent(only), ...STANCES.map((stance) => agent(only, stance))];
  }
  return models.map((model) => agent(model));
}
