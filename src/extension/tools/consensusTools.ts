/**
 * `consensus_ask` and `consensus_review` for agent mode (and `#consensus` in a prompt): before
 * running, the confirmation names the agents and the most model calls the run may make; the result
 * says the answer, whether the agents agreed, and the support, for the calling model to use.
 */
import * as vscode from 'vscode';
import type { AgentConfig } from '../../agents';
import type { Mode } from '../../core';
import { ConsensusError, isConsensusError } from '../../core/errors';
import { REVIEW_FOCUSES, type ReviewFocus } from '../../review';
import { answerResultText, reviewResultText } from '../../shared/chatText';
import { toolErrorText } from '../errorDisplay';
import type { QuietRuns } from '../chat/quietRuns';

export const ASK_TOOL = 'consensus_ask';
export const REVIEW_TOOL = 'consensus_review';

export interface AskInput {
  question: string;
  code?: string;
  mode?: Mode;
}

export interface ReviewInput {
  /** The code, or (with `diff`) the empty string. */
  code: string;
  /** A unified diff to review instead of `code`. */
  diff?: string;
  path?: string;
  focus?: ReviewFocus;
}

/** A tool input the model got wrong: said back to it with what to send instead. */
class ToolInputError extends ConsensusError {
  constructor(message: string) {
    super('tool-input', message, 'Call the tool again with the input the message names.');
    this.name = 'ToolInputError';
  }
}

function askInput(input: unknown): AskInput {
  const value = (input ?? {}) as Record<string, unknown>;
  if (typeof value.question !== 'string' || value.question.trim() === '') throw new ToolInputError('consensus_ask needs `question`: the question to put to the agents, as text.');
  if (value.code !== undefined && typeof value.code !== 'string') throw new ToolInputError('consensus_ask: `code` must be text (the code the question is about), or left out.');
  if (value.mode !== undefined && value.mode !== 'consensus' && value.mode !== 'discussion') throw new ToolInputError('consensus_ask: `mode` must be "consensus" or "discussion", or left out.');
  return { question: value.question, ...(typeof value.code === 'string' && value.code.trim() ? { code: value.code } : {}), ...(value.mode ? { mode: value.mode } : {}) };
}

function reviewInput(input: unknown): ReviewInput {
  const value = (input ?? {}) as Record<string, unknown>;
  const hasDiff = typeof value.diff === 'string' && value.diff.trim() !== '';
  const hasCode = typeof value.code === 'string' && value.code.trim() !== '';
  if (hasDiff && hasCode) throw new ToolInputError('consensus_review takes `code` or `diff`, not both: send the change as `diff` alone.');
  if (hasDiff) return { code: '', diff: value.diff as string, ...(value.focus && (REVIEW_FOCUSES as readonly unknown[]).includes(value.focus) ? { focus: value.focus as ReviewFocus } : {}) };
  if (typeof value.code !== 'string' || value.code.trim() === '') throw new ToolInputError('consensus_review needs `code` (the code to review, as text) or `diff` (a unified diff of a change).');
  if (value.path !== undefined && typeof value.path !== 'string') throw new ToolInputError('consensus_review: `path` must be the file\'s path as text, or left out.');
  if (value.focus !== undefined && !(REVIEW_FOCUSES as readonly unknown[]).includes(value.focus)) throw new ToolInputError(`consensus_review: \`focus\` must be one of ${REVIEW_FOCUSES.join(', ')}, or left out.`);
  return { code: value.code, ...(typeof value.path === 'string' ? { path: value.path } : {}), ...(value.focus ? { focus: value.focus as ReviewFocus } : {}) };
}

/** The language of a path, by its extension, for the agents' benefit. */
function languageOf(path: string | undefined): string | undefined {
  const extension = path?.split('.').pop()?.toLowerCase();
  const known: Record<string, string> = { ts: 'typescript', tsx: 'typescriptreact', js: 'javascript', jsx: 'javascriptreact', py: 'python', rs: 'rust', go: 'go', java: 'java', cs: 'csharp', cpp: 'cpp', c: 'c', rb: 'ruby', php: 'php', sh: 'shellscript' };
  return extension ? known[extension] : undefined;
}

/** "3 agents (Model m1, Model m2, Model m3), at most 13 model calls". */
async function plan(runs: QuietRuns, mode: Mode | undefined, review: boolean): Promise<{ agents: AgentConfig[]; text: string }> {
  const agents = await runs.participants();
  const settings = runs.settings(mode);
  const calls = runs.maxCalls(agents.length, settings, review ? 'review' : 'consensus');
  return { agents, text: `${agents.length} agents (${agents.map((agent) => agent.name).join(', ')}), at most ${calls} model calls` };
}

/** A setup problem or a bad input, as a result the calling model can act on (not a crash). */
function problemResult(error: unknown): vscode.LanguageModelToolResult {
  const text = toolErrorText(error);
  if (text === undefined) throw error;
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(`Consensus could not run: ${text}`)]);
}

/** No confirmation for a run that cannot start: invoking says why, to the calling model. */
function cannotRun(error: unknown): vscode.PreparedToolInvocation {
  if (!isConsensusError(error)) throw error;
  return { invocationMessage: `Consensus cannot run: ${error.message}` };
}

/** Aborts `controller` when the token is cancelled; returns the subscription to dispose. */
function linkCancellation(token: vscode.CancellationToken, controller: AbortController): vscode.Disposable {
  if (token.isCancellationRequested) controller.abort();
  return token.onCancellationRequested(() => controller.abort());
}

export function askTool(runs: QuietRuns): vscode.LanguageModelTool<AskInput> {
  return {
    async prepareInvocation(options) {
      let input: AskInput;
      let text: string;
      try {
        input = askInput(options.input);
        ({ text } = await plan(runs, input.mode, false));
      } catch (error) {
        return cannotRun(error);
      }
      return {
        invocationMessage: `Asking ${text}`,
        confirmationMessages: {
          title: 'Ask Consensus?',
          message: new vscode.MarkdownString(`Consensus puts this question to ${text}:\n\n> ${input.question.trim().split('\n').join('\n> ')}`),
        },
      };
    },
    async invoke(options, token) {
      const controller = new AbortController();
      const link = linkCancellation(token, controller);
      try {
        const input = askInput(options.input);
        const { view } = await runs.ask({
          question: input.question,
          ...(input.code ? { selection: { code: input.code, languageId: '' } } : {}),
          ...(input.mode ? { mode: input.mode } : {}),
          origin: 'tool',
          signal: controller.signal,
        });
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(answerResultText(view))]);
      } catch (error) {
        return problemResult(error);
      } finally {
        link.dispose();
      }
    },
  };
}

export function reviewTool(runs: QuietRuns): vscode.LanguageModelTool<ReviewInput> {
  return {
    async prepareInvocation(options) {
      let input: ReviewInput;
      let text: string;
      try {
        input = reviewInput(options.input);
        ({ text } = await plan(runs, undefined, true));
      } catch (error) {
        return cannotRun(error);
      }
      const what = input.diff !== undefined ? 'a change' : input.path ? `\`${input.path}\`` : 'the code';
      return {
        invocationMessage: `Reviewing ${what} with ${text}`,
        confirmationMessages: {
          title: 'Review with Consensus?',
          message: new vscode.MarkdownString(`Consensus reviews ${what}${input.focus ? `, focusing on ${input.focus}` : ''} (${(input.diff ?? input.code).split('\n').length} lines) with ${text}.`),
        },
      };
    },
    async invoke(options, token) {
      const controller = new AbortController();
      const link = linkCancellation(token, controller);
      try {
        const input = reviewInput(options.input);
        const language = languageOf(input.path);
        const { view } = await runs.review({
          code: input.code,
          ...(input.diff !== undefined ? { diff: input.diff } : {}),
          ...(input.path ? { path: input.path } : {}),
          ...(language ? { language } : {}),
          ...(input.focus ? { focus: input.focus } : {}),
          origin: 'tool',
          signal: controller.signal,
        });
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(reviewResultText(view))]);
      } catch (error) {
        return problemResult(error);
      } finally {
        link.dispose();
      }
    },
  };
}

/** Registers both tools. */
export function registerConsensusTools(runs: QuietRuns): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.lm.registerTool(ASK_TOOL, askTool(runs)),
    vscode.lm.registerTool(REVIEW_TOOL, reviewTool(runs)),
  );
}
