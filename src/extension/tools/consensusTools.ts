/**
 * `consensus_ask` and `consensus_review` for agent mode (and `#consensus` in a prompt): before
 * running, the confirmation names the agents and the most model calls the run may make; the result
 * is the outcome in the words the MCP server uses (`src/app/outcomeText.ts`). Both tools, their
 * input schemas and their checks are defined once in `src/app/tools`; this file only adapts them.
 */
import * as vscode from 'vscode';
import type { AgentConfig } from '../../agents';
import type { Mode } from '../../core';
import type { AskInput, ReviewToolInput } from '../../app/tools';
import { ASK_TOOL_NAME, REVIEW_TOOL_NAME } from '../../app/tools/names';
import { reviewRequestOf, ToolInputError, type ReviewRequestInput } from '../../app/tools/input';
import type { ToolResult } from '../../app/tools/results';
import { agentsRuntime } from '../agentsRuntime';
import { isConsensusError } from '../../core/errors';
import { toolErrorText } from '../errorDisplay';
import type { QuietRuns } from '../chat/quietRuns';
import type { RunView } from '../../shared/runView';

/**
 * The input checked against the tool's one schema (src/app/tools), which loads with the agents
 * runtime: the words of a wrong field are the MCP server's.
 */
function checked<T>(check: (runtime: ReturnType<typeof agentsRuntime>) => { value: T } | { problem: string }, tool: string): T {
  const result = check(agentsRuntime());
  if ('problem' in result) throw new ToolInputError(result.problem, tool);
  return result.value;
}

/** The agents of a run as the outcome names them: by name, as the MCP server names them. */
function agentsOf(view: RunView): { id: string; name: string }[] {
  return view.agents.map((agent) => ({ id: agent.id, name: agent.name }));
}

/** A tool's result for the calling model: the outcome's text, or why the run could not end. */
function toolResult(result: ToolResult<object> | undefined, view: RunView): vscode.LanguageModelToolResult {
  const text = result?.text ?? `Consensus could not run: ${view.error ?? 'the run ended before any agent answered'}.`;
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}

/** The language of a path, by its extension, for the agents' benefit. */
function languageOf(path: string | undefined): string | undefined {
  const extension = path?.split('.').pop()?.toLowerCase();
  const known: Record<string, string> = {
    ts: 'typescript',
    tsx: 'typescriptreact',
    js: 'javascript',
    jsx: 'javascriptreact',
    py: 'python',
    rs: 'rust',
    go: 'go',
    java: 'java',
    cs: 'csharp',
    cpp: 'cpp',
    c: 'c',
    rb: 'ruby',
    php: 'php',
    sh: 'shellscript',
  };
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
  const askInput = (input: unknown): AskInput => checked((runtime) => runtime.checkToolInput(runtime.ASK_TOOL, input), ASK_TOOL_NAME);
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
          message: new vscode.MarkdownString(
            `Consensus puts this question to ${text}:\n\n> ${input.question.trim().split('\n').join('\n> ')}`,
          ),
        },
      };
    },
    async invoke(options, token) {
      const controller = new AbortController();
      const link = linkCancellation(token, controller);
      try {
        const input = askInput(options.input);
        const { view, state } = await runs.ask({
          question: input.question,
          ...(input.code?.trim() ? { selection: { code: input.code, languageId: '' } } : {}),
          ...(input.mode ? { mode: input.mode } : {}),
          origin: 'tool',
          signal: controller.signal,
        });
        return toolResult(state && agentsRuntime().askResult(state, agentsOf(view), { demo: view.demo === true }), view);
      } catch (error) {
        return problemResult(error);
      } finally {
        link.dispose();
      }
    },
  };
}

export function reviewTool(runs: QuietRuns): vscode.LanguageModelTool<ReviewToolInput> {
  const reviewInput = (input: unknown): ReviewRequestInput =>
    reviewRequestOf(checked((runtime) => runtime.checkToolInput(runtime.REVIEW_TOOL, input), REVIEW_TOOL_NAME));
  return {
    async prepareInvocation(options) {
      let input: ReviewRequestInput;
      let text: string;
      try {
        input = reviewInput(options.input);
        ({ text } = await plan(runs, undefined, true));
      } catch (error) {
        return cannotRun(error);
      }
      const what = input.kind === 'diff' ? 'a change' : input.path ? `\`${input.path}\`` : 'the code';
      return {
        invocationMessage: `Reviewing ${what} with ${text}`,
        confirmationMessages: {
          title: 'Review with Consensus?',
          message: new vscode.MarkdownString(
            `Consensus reviews ${what}${input.focus ? `, focusing on ${input.focus}` : ''} (${(input.kind === 'diff' ? input.diff : input.code).split('\n').length} lines) with ${text}.`,
          ),
        },
      };
    },
    async invoke(options, token) {
      const controller = new AbortController();
      const link = linkCancellation(token, controller);
      try {
        const input = reviewInput(options.input);
        const path = input.kind === 'code' ? input.path : undefined;
        const language = languageOf(path);
        const { view, state } = await runs.review({
          code: input.kind === 'code' ? input.code : '',
          ...(input.kind === 'diff' ? { diff: input.diff } : {}),
          ...(path ? { path } : {}),
          ...(language ? { language } : {}),
          ...(input.focus ? { focus: input.focus } : {}),
          origin: 'tool',
          signal: controller.signal,
        });
        const leftOut = state && 'leftOut' in state ? { leftOut: state.leftOut as { file: string; reason: string }[] } : {};
        return toolResult(state && agentsRuntime().reviewResult(state, agentsOf(view), { demo: view.demo === true, ...leftOut }), view);
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
    vscode.lm.registerTool(ASK_TOOL_NAME, askTool(runs)),
    vscode.lm.registerTool(REVIEW_TOOL_NAME, reviewTool(runs)),
  );
}
