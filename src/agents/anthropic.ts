/** The Anthropic Messages API, streamed over SSE. */
import type { AnthropicAgentConfig } from './config';
import { runWithDeadline } from './deadline';
import { AgentError, missingKeyError, quote, streamError, type CallSecrets, type HttpCallContext } from './errors';
import { eventJson, httpCallContext, postForStream, readAnswerStream } from './http';
import { pick, pickNumber, pickString } from './json';
import type { HttpAgentOptions } from './openai';
import { systemMessageFor } from './prompt';
import { ToolRounds, type RoundText } from './tools';
import type { Agent, AgentReply, AgentRequest, AgentTool, TokenUsage } from './types';

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

/** A text block of the answer. */
interface TextBlock {
  type: 'text';
  text: string;
}

/** A tool call of the answer, its input JSON as streamed. */
interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  json: string;
}

/** The content blocks the adapter keeps (thinking and other kinds are not sent back). */
type ContentBlock = TextBlock | ToolUseBlock;

/** A tool call of the answer, as the shared loop runs it (`arguments`: the input JSON as streamed). */
interface ToolUseCall {
  id: string;
  name: string;
  arguments: string;
}

/** What one round of the conversation produced. */
interface RoundResult {
  blocks: ContentBlock[];
  /** The tool_use blocks among `blocks`, in order. */
  calls: ToolUseCall[];
  usage?: TokenUsage;
}

/** A block as the assistant message that repeats it in the history; empty text blocks are refused by the API. */
function assistantBlock(block: ContentBlock): Record<string, unknown> | undefined {
  if (block.type === 'text') return block.text === '' ? undefined : { type: 'text', text: block.text };
  let input: unknown = {};
  try {
    input = block.json.trim() === '' ? {} : JSON.parse(block.json);
  } catch {
    // The call's result says its arguments were not JSON; the history needs an object here.
  }
  return { type: 'tool_use', id: block.id, name: block.name, input: input !== null && typeof input === 'object' ? input : {} };
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
  const toolRounds = new ToolRounds(config.name);

  async function call(request: AgentRequest, signal: AbortSignal, secrets: CallSecrets): Promise<AgentReply> {
    const key = await options.getApiKey();
    secrets.add(key);
    const context = httpCallContext(config, url, secrets, options.keyHint);
    if (!key && isOfficialHost(url)) throw missingKeyError(context);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'anthropic-version': ANTHROPIC_VERSION,
      ...(key ? { 'x-api-key': key } : {}),
    };
    const messages: Record<string, unknown>[] = [{ role: 'user', content: request.prompt }];
    const bodyFor = (offered: readonly AgentTool[], lastRound: boolean): Record<string, unknown> => {
      const body: Record<string, unknown> = {
        model: config.model,
        max_tokens: config.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
        messages,
        stream: true,
      };
      if (system !== undefined) body.system = system;
      if (config.temperature !== undefined) body.temperature = config.temperature;
      if (offered.length > 0) {
        // The API refuses tool_use blocks in the history unless the tools stay declared.
        body.tools = offered.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.parameters }));
        if (lastRound) body.tool_choice = { type: 'none' };
      }
      return body;
    };

    return toolRounds.run<RoundResult>(request, signal, {
      streamRound: (offered, lastRound, text) => streamRound(context, headers, bodyFor(offered, lastRound), signal, text),
      recordRound: (result, results) => {
        messages.push({ role: 'assistant', content: result.blocks.map(assistantBlock).filter((block) => block !== undefined) });
        const content = results.map(({ call, outcome }) => ({
          type: 'tool_result',
          tool_use_id: call.id,
          content: outcome.text,
          ...(outcome.failed ? { is_error: true } : {}),
        }));
        messages.push({ role: 'user', content });
      },
    });
  }

  /** One request and its streamed answer: its content blocks (text also passed to `text`). */
  async function streamRound(
    context: HttpCallContext,
    headers: Record<string, string>,
    body: Record<string, unknown>,
    signal: AbortSignal,
    text: RoundText,
  ): Promise<RoundResult> {
    const response = await postForStream(context, headers, body, signal, options.retry);
    if (!response.body) throw streamError(context, 'had no body');

    const usage: TokenUsage = {};
    const blocks = new Map<number, ContentBlock>();
    const blockAt = (data: unknown): ContentBlock | undefined => blocks.get(pickNumber(data, 'index') ?? 0);
    const startText = (data: unknown): ContentBlock => {
      // A server that skips content_block_start still gets its text kept.
      const block: ContentBlock = { type: 'text', text: '' };
      blocks.set(pickNumber(data, 'index') ?? 0, block);
      return block;
    };
    const addText = (block: ContentBlock | undefined, piece: string): void => {
      if (block?.type === 'text') block.text += piece;
      text.add(piece);
    };
    await readAnswerStream(context, response.body, signal, 'message_stop', (event) => {
      const data = eventJson(context, event.data);
      const type = event.event ?? pickString(data, 'type');
      switch (type) {
        case 'message_start':
          usage.inputTokens = pickNumber(data, 'message', 'usage', 'input_tokens') ?? usage.inputTokens;
          break;
        case 'content_block_start': {
          const index = pickNumber(data, 'index') ?? 0;
          const kind = pickString(data, 'content_block', 'type');
          if (kind === 'tool_use') {
            const input = pick(data, 'content_block', 'input');
            // The input arrives as JSON pieces; a non-empty start value is kept for servers that send it whole.
            const whole = input !== null && typeof input === 'object' && Object.keys(input).length > 0 ? JSON.stringify(input) : '';
            blocks.set(index, {
              type: 'tool_use',
              id: pickString(data, 'content_block', 'id') ?? `toolu_${index}`,
              name: pickString(data, 'content_block', 'name') ?? '',
              json: whole,
            });
          } else if (kind === 'text') {
            blocks.set(index, { type: 'text', text: '' });
            const initial = pickString(data, 'content_block', 'text');
            if (initial) addText(blocks.get(index), initial);
          }
          break;
        }
        case 'content_block_delta': {
          // Only text is the answer; thinking deltas are not, tool input is the call's arguments.
          const deltaType = pickString(data, 'delta', 'type');
          if (deltaType === 'text_delta') {
            const piece = pickString(data, 'delta', 'text');
            if (piece) addText(blockAt(data) ?? startText(data), piece);
          } else if (deltaType === 'input_json_delta') {
            const block = blockAt(data);
            const piece = pickString(data, 'delta', 'partial_json');
            if (block?.type === 'tool_use' && piece) block.json += piece;
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
          throw new AgentError(
            'server',
            `The server for agent '${config.name}' reported ${quote(kind, context.secrets, 60)} mid-answer: ${quote(message, context.secrets)}`,
          );
        }
        default:
          break;
      }
      return 'continue';
    });
    const reported = usage.inputTokens !== undefined || usage.outputTokens !== undefined;
    const ordered = [...blocks.entries()].sort(([a], [b]) => a - b).map(([, block]) => block);
    const calls = ordered
      .filter((block): block is ToolUseBlock => block.type === 'tool_use')
      .map((block) => ({ id: block.id, name: block.name, arguments: block.json }));
    return reported ? { blocks: ordered, calls, usage } : { blocks: ordered, calls };
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
