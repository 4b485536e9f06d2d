/**
 * Any OpenAI-compatible chat-completions server (OpenAI, Ollama's `/v1`, LM Studio, llama.cpp's
 * server, vLLM), streamed over SSE.
 */
import type { OpenAIAgentConfig } from './config';
import { runWithDeadline } from './deadline';
import { AgentError, missingKeyError, streamError, type HttpCallContext } from './errors';
import { isBrokenBody, postForStream } from './http';
import { excerpt, pick, pickNumber, pickString } from './json';
import { systemMessageFor } from './prompt';
import type { RetryOptions } from './retry';
import { readSse } from './sse';
import type { Agent, AgentReply, AgentRequest, TokenUsage } from './types';

/** What an HTTP adapter needs besides its configuration. */
export interface HttpAgentOptions {
  /** The key for this agent, looked up at each call so a key set mid-session is used. */
  getApiKey: () => Promise<string | undefined>;
  /** Overrides for the retry policy (tests use short delays). */
  retry?: Partial<RetryOptions>;
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
  const message = pickString(error, 'message') ?? (typeof error === 'string' ? error : 'unknown error');
  return new AgentError('server', `The server for agent '${context.agent}' reported an error mid-answer: ${excerpt(message, 300)}`);
}

/** Creates an agent for an OpenAI-compatible server. */
export function createOpenAIAgent(config: OpenAIAgentConfig, options: HttpAgentOptions): Agent {
  const system = systemMessageFor(config);
  const url = chatCompletionsUrl(config.baseUrl);

  async function call(request: AgentRequest, signal: AbortSignal): Promise<AgentReply> {
    const key = await options.getApiKey();
    const context: HttpCallContext = {
      agent: config.name,
      url,
      baseUrl: config.baseUrl,
      model: config.model,
      secrets: key ? [key] : [],
      ...(config.apiKeyEnv ? { apiKeyEnv: config.apiKeyEnv } : {}),
    };
    if (!key && /^https:\/\/api\.openai\.com(\/|$)/.test(config.baseUrl)) throw missingKeyError(context);
    const messages: { role: 'system' | 'user'; content: string }[] = [];
    if (system !== undefined) messages.push({ role: 'system', content: system });
    messages.push({ role: 'user', content: request.prompt });
    const body: Record<string, unknown> = {
      model: config.model,
      messages,
      stream: true,
      stream_options: { include_usage: true },
    };
    if (config.temperature !== undefined) body.temperature = config.temperature;
    if (config.maxTokens !== undefined) body.max_tokens = config.maxTokens;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...config.headers,
    };

    const response = await postForStream(context, headers, body, signal, options.retry);
    if (!response.body) throw streamError(context, 'had no body');

    let output = '';
    let usage: TokenUsage | undefined;
    let finished = false;
    const emit = (text: string): void => {
      output += text;
      request.onText?.(text);
    };

    // A server that ignores `stream: true` answers with one JSON completion; accept it.
    if ((response.headers.get('content-type') ?? '').includes('application/json')) {
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw streamError(context, `was malformed (not JSON: "${excerpt(text)}")`, error);
      }
      const failure = mapsToServerError(context, parsed);
      if (failure) throw failure;
      const content = pickString(parsed, 'choices', 0, 'message', 'content') ?? '';
      if (content) emit(content);
      const reported = usageOf(parsed);
      return reported ? { output, usage: reported } : { output };
    }

    let outcome;
    try {
      outcome = await readSse(response.body, (event) => {
        if (event.data.trim() === '[DONE]') return 'done';
        let chunk: unknown;
        try {
          chunk = JSON.parse(event.data);
        } catch (error) {
          throw streamError(context, `was malformed (an event was not JSON: "${excerpt(event.data)}")`, error);
        }
        const failure = mapsToServerError(context, chunk);
        if (failure) throw failure;
        const delta = pickString(chunk, 'choices', 0, 'delta', 'content');
        if (delta) emit(delta);
        if (pickString(chunk, 'choices', 0, 'finish_reason')) finished = true;
        usage = usageOf(chunk) ?? usage;
        return 'continue';
      });
    } catch (error) {
      if (isBrokenBody(error, signal)) throw streamError(context, 'broke off mid-answer (the connection closed)', error);
      throw error;
    }
    if (!outcome.complete && !finished) {
      throw outcome.invalidLine !== undefined
        ? streamError(context, `was not a valid event stream (first bad line: "${excerpt(outcome.invalidLine)}")`)
        : streamError(context, 'ended before the answer was complete (no [DONE])');
    }
    return usage ? { output, usage } : { output };
  }

  return {
    id: config.id,
    name: config.name,
    ask: (request) => runWithDeadline(config.name, config.timeoutSeconds, request.signal, (signal) => call(request, signal)),
  };
}
