/** The Anthropic Messages API, streamed over SSE. */
import type { AnthropicAgentConfig } from './config';
import { runWithDeadline } from './deadline';
import { AgentError, missingKeyError, streamError, type HttpCallContext } from './errors';
import { isBrokenBody, postForStream } from './http';
import { excerpt, pickNumber, pickString } from './json';
import type { HttpAgentOptions } from './openai';
import { systemMessageFor } from './prompt';
import { readSse } from './sse';
import type { Agent, AgentReply, AgentRequest, TokenUsage } from './types';

/** The API version this adapter speaks (the event names below belong to it). */
export const ANTHROPIC_VERSION = '2023-06-01';
/** The Messages API requires `max_tokens`; this is used when the configuration has none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/** `https://api.anthropic.com` → `https://api.anthropic.com/v1/messages` (a `/v1` base is accepted too). */
export function messagesUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  if (trimmed.endsWith('/v1/messages')) return trimmed;
  return trimmed.endsWith('/v1') ? `${trimmed}/messages` : `${trimmed}/v1/messages`;
}

function isOfficialHost(url: string): boolean {
  try {
    return new URL(url).hostname === 'api.anthropic.com';
  } catch {
    return false;
  }
}

/** Creates an agent for the Anthropic Messages API (or a server that speaks it). */
export function createAnthropicAgent(config: AnthropicAgentConfig, options: HttpAgentOptions): Agent {
  const system = systemMessageFor(config);
  const url = messagesUrl(config.baseUrl);

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
    if (!key && isOfficialHost(url)) throw missingKeyError(context);
    const body: Record<string, unknown> = {
      model: config.model,
      max_tokens: config.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
      messages: [{ role: 'user', content: request.prompt }],
      stream: true,
    };
    if (system !== undefined) body.system = system;
    if (config.temperature !== undefined) body.temperature = config.temperature;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'anthropic-version': ANTHROPIC_VERSION,
      ...(key ? { 'x-api-key': key } : {}),
    };

    const response = await postForStream(context, headers, body, signal, options.retry);
    if (!response.body) throw streamError(context, 'had no body');

    let output = '';
    const usage: TokenUsage = {};
    let outcome;
    try {
      outcome = await readSse(response.body, (event) => {
        let data: unknown;
        try {
          data = JSON.parse(event.data);
        } catch (error) {
          throw streamError(context, `was malformed (an event was not JSON: "${excerpt(event.data)}")`, error);
        }
        const type = event.event ?? pickString(data, 'type');
        switch (type) {
          case 'message_start':
            usage.inputTokens = pickNumber(data, 'message', 'usage', 'input_tokens') ?? usage.inputTokens;
            break;
          case 'content_block_delta': {
            // Only text is the answer; thinking and tool-input deltas are not.
            const text = pickString(data, 'delta', 'type') === 'text_delta' ? pickString(data, 'delta', 'text') : undefined;
            if (text) {
              output += text;
              request.onText?.(text);
            }
            break;
          }
          case 'message_delta':
            usage.outputTokens = pickNumber(data, 'usage', 'output_tokens') ?? usage.outputTokens;
            break;
          case 'message_stop':
            return 'done';
          case 'error': {
            const message = pickString(data, 'error', 'message') ?? 'unknown error';
            const kind = pickString(data, 'error', 'type') ?? 'error';
            throw new AgentError('server', `The server for agent '${config.name}' reported ${kind} mid-answer: ${excerpt(message, 300)}`);
          }
          default:
            break;
        }
        return 'continue';
      });
    } catch (error) {
      if (isBrokenBody(error, signal)) throw streamError(context, 'broke off mid-answer (the connection closed)', error);
      throw error;
    }
    if (!outcome.complete) {
      throw outcome.invalidLine !== undefined
        ? streamError(context, `was not a valid event stream (first bad line: "${excerpt(outcome.invalidLine)}")`)
        : streamError(context, 'ended before the answer was complete (no message_stop)');
    }
    const reported = usage.inputTokens !== undefined || usage.outputTokens !== undefined;
    return reported ? { output, usage } : { output };
  }

  return {
    id: config.id,
    name: config.name,
    ask: (request) => runWithDeadline(config.name, config.timeoutSeconds, request.signal, (signal) => call(request, signal)),
  };
}
