/**
 * Any OpenAI-compatible chat-completions server (OpenAI, Ollama's `/v1`, LM Studio, llama.cpp's
 * server, vLLM), streamed over SSE.
 */
import { fillApiKey } from './apiKeyPlaceholder';
import type { OpenAIAgentConfig } from './config';
import type { Clock } from '../core/clock';
import { runWithDeadline } from './deadline';
import {
  AgentError,
  missingKeyError,
  pickMessage,
  quote,
  streamError,
  type CallSecrets,
  type HttpCallContext,
  type KeyHint,
} from './errors';
import { eventJson, httpCallContext, postForStream, readAnswerStream } from './http';
import { pick, pickNumber, pickString } from './json';
import { systemMessageFor } from './prompt';
import type { RetryOptions } from './retry';
import { ToolRounds, type RoundText } from './tools';
import type { Agent, AgentReply, AgentRequest, AgentTool, TokenUsage } from './types';

/** What an HTTP adapter needs besides its configuration. */
export interface HttpAgentOptions {
  /** The key for this agent, looked up at each call so a key set mid-session is used. */
  getApiKey: () => Promise<string | undefined>;
  /** Overrides for the retry policy (tests use short delays). */
  retry?: Partial<RetryOptions>;
  /** How messages say where the key is set (default: the editor's words). */
  keyHint?: KeyHint;
  /** Runs the agent's `timeoutSeconds`; default the machine's (tests pass one they move). */
  clock?: Clock;
}

/** `http://host/v1` → `http://host/v1/chat/completions`; a full endpoint URL is kept as given. */
export function chatCompletionsUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/chat/completions') ? trimmed : `${trimmed}/chat/completions`;
}

function usageOf(chunk: unknown): TokenUsage | undefined {
  const input = pickNumber(chunk, 'usage', 'prompt_tokens');
  const output = pickNumber(chunk, 'usage', 'completion_tokens');
  if (input === undefined && output === undefined) return undefined;
  const usage: TokenUsage = {};
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  return usage;
}

function mapsToServerError(context: HttpCallContext, chunk: unknown): AgentError | undefined {
  const error = pick(chunk, 'error');
  if (error === undefined || error === null) return undefined;
  const message = (typeof error === 'string' ? error : pickMessage(chunk)) ?? JSON.stringify(error);
  return new AgentError(
    'server',
    `The server for agent '${context.agent}' reported an error mid-answer: ${quote(message, context.secrets)}`,
  );
}

/** A tool call the model made, its JSON arguments complete. */
interface CollectedCall {
  id: string;
  name: string;
  arguments: string;
}

/** What one round of the conversation produced. */
interface RoundResult {
  text: string;
  calls: CollectedCall[];
  usage?: TokenUsage;
}

/**
 * Puts streamed `tool_calls` deltas back together: the first delta of a call carries its index,
 * id and name, later ones pieces of the arguments' JSON under the same index. Some servers send a
 * whole call in one delta, or leave out the index; both are accepted.
 */
class ToolCallCollector {
  private readonly calls = new Map<number, CollectedCall & { idGiven: boolean }>();
  private lastIndex = -1;

  add(deltas: unknown): void {
    if (!Array.isArray(deltas)) return;
    for (const delta of deltas as unknown[]) {
      const id = pickString(delta, 'id');
      const index = pickNumber(delta, 'index') ?? (id !== undefined || this.lastIndex < 0 ? this.calls.size : this.lastIndex);
      this.lastIndex = index;
      let call = this.calls.get(index);
      if (!call) {
        call = { id: `call_${index}`, name: '', arguments: '', idGiven: false };
        this.calls.set(index, call);
      }
      if (id !== undefined && !call.idGiven) {
        call.id = id;
        call.idGiven = true;
      }
      const name = pickString(delta, 'function', 'name');
      // Servers send the name once; one that repeats it must not double it.
      if (name && !name.startsWith(call.name)) call.name += name;
      else if (name) call.name = name;
      const args = pick(delta, 'function', 'arguments');
      if (typeof args === 'string') call.arguments += args;
      else if (args !== undefined && args !== null) call.arguments += JSON.stringify(args);
    }
  }

  done(): CollectedCall[] {
    return [...this.calls.entries()].sort(([a], [b]) => a - b).map(([, { id, name, arguments: args }]) => ({ id, name, arguments: args }));
  }
}

/** Creates an agent for an OpenAI-compatible server. */
export function createOpenAIAgent(config: OpenAIAgentConfig, options: HttpAgentOptions): Agent {
  const system = systemMessageFor(config);
  const url = chatCompletionsUrl(config.baseUrl);
  const toolRounds = new ToolRounds(config.name);

  async function call(request: AgentRequest, signal: AbortSignal, secrets: CallSecrets): Promise<AgentReply> {
    const key = await options.getApiKey();
    const configured = fillApiKey(config, config.headers, key, options.keyHint);
    secrets.add(key);
    secrets.addValues(configured);
    const context = httpCallContext(config, url, secrets, options.keyHint);
    if (!key && /^https:\/\/api\.openai\.com(\/|$)/.test(config.baseUrl)) throw missingKeyError(context);
    const messages: Record<string, unknown>[] = [];
    if (system !== undefined) messages.push({ role: 'system', content: system });
    messages.push({ role: 'user', content: request.prompt });
    // A configured Authorization header replaces the bearer token rather than joining it.
    const ownAuthorization = Object.keys(configured ?? {}).some((name) => name.toLowerCase() === 'authorization');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(key && !ownAuthorization ? { authorization: `Bearer ${key}` } : {}),
      ...configured,
    };
    const bodyFor = (offered: readonly AgentTool[], lastRound: boolean): Record<string, unknown> => {
      const body: Record<string, unknown> = {
        model: config.model,
        messages,
        stream: true,
        stream_options: { include_usage: true },
      };
      if (config.temperature !== undefined) body.temperature = config.temperature;
      if (config.maxTokens !== undefined) body.max_tokens = config.maxTokens;
      if (offered.length > 0) {
        body.tools = offered.map((tool) => ({
          type: 'function',
          function: { name: tool.name, description: tool.description, parameters: tool.parameters },
        }));
        // The history holds tool calls, so the tools stay declared; the model is told to answer.
        if (lastRound) body.tool_choice = 'none';
      }
      return body;
    };

    return toolRounds.run<RoundResult>(request, signal, {
      streamRound: (offered, lastRound, text) => streamRound(context, headers, bodyFor(offered, lastRound), signal, text),
      recordRound: (result, results) => {
        messages.push({
          role: 'assistant',
          content: result.text === '' ? null : result.text,
          tool_calls: result.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
        });
        for (const { call: c, outcome } of results) messages.push({ role: 'tool', tool_call_id: c.id, content: outcome.text });
      },
    });
  }

  /** One request and its streamed answer: the text (also passed to `text`) and any tool calls. */
  async function streamRound(
    context: HttpCallContext,
    headers: Record<string, string>,
    body: Record<string, unknown>,
    signal: AbortSignal,
    text: RoundText,
  ): Promise<RoundResult> {
    const response = await postForStream(context, headers, body, signal, options.retry);
    if (!response.body) throw streamError(context, 'had no body');

    let said = '';
    let usage: TokenUsage | undefined;
    let finished = false;
    const calls = new ToolCallCollector();
    const emit = (delta: string): void => {
      said += delta;
      text.add(delta);
    };

    // A server that ignores `stream: true` answers with one JSON completion; accept it.
    if ((response.headers.get('content-type') ?? '').includes('application/json')) {
      const raw = await response.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch (error) {
        throw streamError(context, 'was malformed', { label: 'not JSON', text: quote(raw, context.secrets, 80) }, error);
      }
      const failure = mapsToServerError(context, parsed);
      if (failure) throw failure;
      const content = pickString(parsed, 'choices', 0, 'message', 'content') ?? '';
      if (content) emit(content);
      calls.add(pick(parsed, 'choices', 0, 'message', 'tool_calls'));
      const reported = usageOf(parsed);
      return { text: said, calls: calls.done(), ...(reported ? { usage: reported } : {}) };
    }

    await readAnswerStream(
      context,
      response.body,
      signal,
      '[DONE]',
      (event) => {
        if (event.data.trim() === '[DONE]') return 'done';
        const chunk = eventJson(context, event.data);
        const failure = mapsToServerError(context, chunk);
        if (failure) throw failure;
        const delta = pickString(chunk, 'choices', 0, 'delta', 'content');
        if (delta) emit(delta);
        calls.add(pick(chunk, 'choices', 0, 'delta', 'tool_calls'));
        if (pickString(chunk, 'choices', 0, 'finish_reason')) finished = true;
        usage = usageOf(chunk) ?? usage;
        return 'continue';
      },
      // A server that sent a finish reason has answered, even if it closes without [DONE].
      () => finished,
    );
    return { text: said, calls: calls.done(), ...(usage ? { usage } : {}) };
  }

  return {
    id: config.id,
    name: config.name,
    ask: (request) =>
      runWithDeadline(
        config.name,
        config.timeoutSeconds,
        request.signal,
        (signal, secrets) => call(request, signal, secrets),
        undefined,
        options.clock,
      ),
  };
}
