/**
 * What both HTTP adapters share when their model calls tools during a turn: how many rounds of
 * calls a turn may take, and running one call so that every failure becomes text the model reads
 * (a refused or failed call must not end the agent's turn; the model answers without it).
 */
import { AgentError, isAgentError } from './errors';
import { excerpt } from './json';
import type { AgentTool, TokenUsage } from './types';

/**
 * Rounds of tool calls one turn may make; after them the model is asked once more with tools
 * forbidden, so a model that keeps calling cannot keep the turn going.
 */
export const MAX_TOOL_ROUNDS = 4;

/** A call the model made, its arguments as the API delivered them (JSON text or a parsed object). */
export interface ToolCallRequest {
  name: string;
  /** JSON text (OpenAI streams it in pieces) or an already parsed object. */
  arguments: unknown;
}

/** What to give back to the model for one call. */
export interface ToolCallOutcome {
  text: string;
  /** The call could not run at all (unknown tool, bad arguments, the tool threw). */
  failed: boolean;
}

function parseArguments(raw: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof raw !== 'string') return { ok: true, value: raw ?? {} };
  if (raw.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, error: `the arguments were not valid JSON: "${excerpt(raw)}"` };
  }
}

/** Runs one call the model made; never rejects (unless `signal` aborted), every failure is text. */
export async function runToolCall(tools: readonly AgentTool[], call: ToolCallRequest, signal: AbortSignal): Promise<ToolCallOutcome> {
  const tool = tools.find((candidate) => candidate.name === call.name);
  if (!tool) {
    const known = tools.map((candidate) => candidate.name).join(', ');
    return { text: `There is no tool named "${call.name}"; the tools are: ${known}.`, failed: true };
  }
  const args = parseArguments(call.arguments);
  if (!args.ok) return { text: `${tool.name} was not called: ${args.error}.`, failed: true };
  let outcome: ToolCallOutcome;
  try {
    outcome = { text: await tool.run(args.value, signal), failed: false };
  } catch (error) {
    outcome = { text: `${tool.name} failed: ${error instanceof Error ? error.message : String(error)}`, failed: true };
  }
  // A cancelled or timed-out turn ends here rather than sending another round.
  signal.throwIfAborted();
  return outcome;
}

/** Token counts of all rounds of a turn, added up. */
export function addUsage(total: TokenUsage | undefined, more: TokenUsage | undefined): TokenUsage | undefined {
  if (!more) return total;
  if (!total) return { ...more };
  const sum: TokenUsage = { ...total };
  if (more.inputTokens !== undefined) sum.inputTokens = (total.inputTokens ?? 0) + more.inputTokens;
  if (more.outputTokens !== undefined) sum.outputTokens = (total.outputTokens ?? 0) + more.outputTokens;
  return sum;
}

/**
 * True for the refusal a server gives a request offering tools its model cannot call (Ollama:
 * "does not support tools"; llama.cpp without `--jinja`; vLLM without tool parsing): HTTP 400 or
 * 422. The adapter then asks again without tools; if that fails too, that failure is reported.
 */
export function refusesTools(error: unknown): boolean {
  return isAgentError(error) && (error.status === 400 || error.status === 422);
}

/** A model that still calls tools when told not to, and has said nothing, gave no answer. */
export function keptCallingToolsError(agentName: string): AgentError {
  return new AgentError(
    'server',
    `Agent '${agentName}': the model kept calling tools after ${MAX_TOOL_ROUNDS} rounds and gave no answer (it ignored the request to answer without tools).`,
  );
}

/**
 * Joins the text of successive rounds: what the model said before a tool call and what it says
 * after are separate paragraphs, both in the streamed text and in the answer.
 */
export class RoundText {
  private text = '';
  private roundStarted = false;

  constructor(private readonly onText: ((delta: string) => void) | undefined) {}

  /** The text so far, all rounds. */
  get output(): string {
    return this.text;
  }

  /** Call at the start of each round after the first. */
  nextRound(): void {
    this.roundStarted = true;
  }

  /** Adds streamed text (and passes it on). */
  add(delta: string): void {
    if (delta === '') return;
    if (this.roundStarted) {
      this.roundStarted = false;
      if (this.text.trim() !== '' && !this.text.endsWith('\n\n')) {
        const gap = this.text.endsWith('\n') ? '\n' : '\n\n';
        this.text += gap;
        this.onText?.(gap);
      }
    }
    this.text += delta;
    this.onText?.(delta);
  }
}
