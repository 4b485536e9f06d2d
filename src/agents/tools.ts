/**
 * What both HTTP adapters share when their model calls tools during a turn: the loop of rounds
 * (`ToolRounds`), how many rounds of calls a turn may take, and running one call so that every
 * failure becomes text the model reads (a refused or failed call must not end the agent's turn;
 * the model answers without it). Each adapter keeps its own wire format.
 */
import { AgentError, isAgentError } from './errors';
import { excerpt } from '../core/text';
import type { AgentReply, AgentRequest, AgentTool, TokenUsage } from './types';

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
    return { ok: false, error: `the arguments were not valid JSON: "${excerpt(raw, 80)}"` };
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

/** What one round of a turn produced, as far as the shared loop needs it. */
export interface ToolRound {
  /** The calls the model made in this round, in order (none: the round's text is the answer). */
  calls: readonly ToolCallRequest[];
  usage?: TokenUsage;
}

/** One call of a round and what running it gave. */
export interface ToolCallResult<Call extends ToolCallRequest> {
  call: Call;
  outcome: ToolCallOutcome;
}

/** The provider-specific pieces of a turn whose model may call tools. */
export interface ToolTurn<Round extends ToolRound> {
  /**
   * Sends one request offering `offered` (on the last round, declared but not to be called) and
   * reads its streamed answer, passing its text to `text`.
   */
  streamRound(offered: readonly AgentTool[], lastRound: boolean, text: RoundText): Promise<Round>;
  /** Adds the round's assistant message and its calls' results to the conversation, in the API's format. */
  recordRound(round: Round, results: readonly ToolCallResult<Round['calls'][number]>[]): void;
}

/**
 * The tool-call loop of one HTTP agent. Many local models cannot call tools and their servers
 * refuse a request offering them (see `refusesTools`); once a request without them has worked,
 * this agent's model is not offered tools again.
 */
export class ToolRounds {
  private toolsRefused = false;

  constructor(private readonly agentName: string) {}

  /**
   * Runs one turn: asks, runs the calls the model made and asks again with their results, until
   * the model answers without calling tools. After `MAX_TOOL_ROUNDS` rounds of calls the model is
   * told to answer without tools; one that still calls them and has said nothing fails.
   * `signal` is the turn's own (cancel or deadline), which tool calls also get.
   */
  async run<Round extends ToolRound>(request: AgentRequest, signal: AbortSignal, turn: ToolTurn<Round>): Promise<AgentReply> {
    let tools = this.toolsRefused ? [] : (request.tools ?? []);
    const text = new RoundText(request.onText);
    let usage: TokenUsage | undefined;
    const reply = (): AgentReply => (usage ? { output: text.output, usage } : { output: text.output });
    for (let round = 0; ; round++) {
      const lastRound = round >= MAX_TOOL_ROUNDS;
      if (round > 0) text.nextRound();
      let result: Round;
      try {
        result = await turn.streamRound(tools, lastRound, text);
      } catch (error) {
        if (round > 0 || tools.length === 0 || !refusesTools(error)) throw error;
        result = await turn.streamRound([], false, text);
        this.toolsRefused = true;
        tools = [];
      }
      usage = addUsage(usage, result.usage);
      if (result.calls.length === 0 || tools.length === 0) return reply();
      if (lastRound) {
        if (text.output.trim() !== '') return reply();
        throw keptCallingToolsError(this.agentName);
      }
      const results: ToolCallResult<Round['calls'][number]>[] = [];
      // One after the other: each consultation counts against the run's budget in order.
      for (const call of result.calls) results.push({ call, outcome: await runToolCall(tools, call, signal) });
      turn.recordRound(result, results);
    }
  }
}
