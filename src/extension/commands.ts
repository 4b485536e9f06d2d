/**
 * Every command, registered in exactly one place. Each is a factory `(ctx) => handler`; the panel's
 * and the sidebar's buttons go through the same handlers.
 */
import * as vscode from 'vscode';
import { lastSelectedLine } from '../editor/placement';
import type { CodeSelection } from '../editor/prompt';
import { renderTranscript } from '../editor/transcript';
import type { FromPanel, FromSidebar } from '../shared/messages';
import type { RunView } from '../shared/runView';
import { addAgent } from './addAgent';
import type { Ctx } from './ctx';
import { AnswerTarget } from './editor/answerTarget';
import { InsertError, placeAnswer, type InsertMode } from './editor/answerInserter';
import { askQuestion } from './runs/askQuestion';
import type { RunRequest } from './runs/runService';
import { offerLanguageModels, reportSetupProblem } from './runs/setupProblems';
import { rerunReview } from './review/reviewCommands';
import { checkJudge, checkSynthesizer } from './config';
import { setApiKey } from './setApiKey';

type Handler = (...args: unknown[]) => unknown;
type CommandFactory = (ctx: Ctx) => Handler;

/** The code selected in `editor`, described for the prompt (no absolute paths). */
function selectionOf(editor: vscode.TextEditor): CodeSelection | undefined {
  const document = editor.document;
  const code = document.getText(editor.selection);
  if (code.trim() === '') return undefined;
  return {
    code,
    languageId: document.languageId,
    location: {
      fileName: document.isUntitled ? document.fileName : vscode.workspace.asRelativePath(document.uri, false),
      startLine: editor.selection.start.line + 1,
      endLine: lastSelectedLine(editor.selection.start.line, editor.selection.end.line, editor.selection.end.character),
    },
  };
}

/**
 * Starts a run for `request`, turning every setup problem into a message that says what to do.
 * Resolves to whether the run started.
 */
async function startRun(ctx: Ctx, request: RunRequest): Promise<boolean> {
  // Remembered first, so a question typed for a run that cannot start is offered again.
  await ctx.recentQuestions.remember(request.question);
  try {
    const settings = ctx.config.runSettings();
    const agents = await ctx.runs.participants(() => offerLanguageModels(ctx.config));
    checkSynthesizer(settings, agents);
    checkJudge(settings, agents);
    const previous = ctx.runs.current?.request.target;
    if (previous && previous !== request.target) previous.dispose();
    ctx.runs.start(request, agents, settings);
    return true;
  } catch (error) {
    if (request.target !== ctx.runs.current?.request.target) request.target?.dispose();
    if (!reportSetupProblem(error)) throw error;
    return false;
  }
}

/** Run Consensus: on the selection (asking what to do with it) or on a question. Resolves to whether a run started. */
async function runCommand(ctx: Ctx, question?: string): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  const selection = editor ? selectionOf(editor) : undefined;
  const asked = question ?? await askQuestion(ctx.recentQuestions, selection !== undefined);
  if (!asked) return false;
  const request: RunRequest = { question: asked };
  if (editor) request.target = AnswerTarget.fromEditor(editor);
  if (selection) request.selection = selection;
  return startRun(ctx, request);
}

/** The run an answer command acts on: the one named, else the one on show, else the latest. */
async function runFor(ctx: Ctx, runId: unknown): Promise<RunView | undefined> {
  const view = typeof runId === 'string' ? await ctx.viewOf(runId) : await ctx.shownRun();
  if (!view) void vscode.window.showInformationMessage('There is no consensus run yet: run "Consensus: Run Consensus" first.');
  return view;
}

/**
 * The target of `view`: the tracked range of the run of this window, else (a past run) the active
 * editor's selection; `owned` says the caller made it and must dispose it when done.
 */
function targetFor(ctx: Ctx, view: RunView): { target: AnswerTarget; owned: boolean } | undefined {
  const current = ctx.runs.current;
  if (current?.view.runId === view.runId && current.request.target && !current.request.target.isClosed) return { target: current.request.target, owned: false };
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  return editor ? { target: AnswerTarget.fromEditor(editor), owned: true } : undefined;
}

function answerOf(view: RunView): string | undefined {
  const answer = view.synthesis.text;
  if (!answer.trim()) {
    void vscode.window.showInformationMessage(view.status === 'running' ? 'The agents have not agreed on an answer yet.' : 'This run ended without an answer.');
    return undefined;
  }
  return answer;
}

/** The run, its answer and where the answer goes; undefined (after telling the user why) when one is missing. */
async function answerAndTarget(ctx: Ctx, runId: unknown): Promise<{ view: RunView; answer: string; target: AnswerTarget; owned: boolean } | undefined> {
  const view = await runFor(ctx, runId);
  const answer = view && answerOf(view);
  if (!view || !answer) return undefined;
  const target = targetFor(ctx, view);
  if (!target) {
    void vscode.window.showInformationMessage('Open the file where the answer should go, then try again.');
    return undefined;
  }
  return { view, answer, ...target };
}

async function placeCommand(ctx: Ctx, mode: InsertMode, runId: unknown): Promise<void> {
  const found = await answerAndTarget(ctx, runId);
  if (!found) return;
  const { answer, target, owned } = found;
  try {
    const range = await placeAnswer(target, mode, answer);
    ctx.notify('info', `${mode === 'replace' ? 'Replaced' : 'Inserted at'} line ${range.start.line + 1} of ${vscode.workspace.asRelativePath(target.uri)}.`);
  } catch (error) {
    if (error instanceof InsertError) ctx.notify('error', error.message);
    else throw error;
  } finally {
    if (owned) target.dispose();
  }
}

async function previewDiff(ctx: Ctx, runId: unknown): Promise<void> {
  const found = await answerAndTarget(ctx, runId);
  if (found) await ctx.diff.show(found.target, found.answer, found.view.runId, found.owned);
}

/**
 * Run Again: the run of this window with its tracked range, or a past run's question and code
 * (the answer then goes where the cursor is). Reviews go through Review Selection's own rerun.
 */
async function rerun(ctx: Ctx, runId?: string): Promise<void> {
  const shown = runId ?? (await ctx.shownRun())?.runId;
  if (shown && (await rerunReview(ctx, shown))) return;
  const current = ctx.runs.current;
  if (current && (shown === undefined || shown === current.view.runId)) {
    await startRun(ctx, current.request);
    return;
  }
  const past = shown ? await ctx.viewOf(shown) : undefined;
  if (!past) {
    await runCommand(ctx);
    return;
  }
  if (past.mode === 'review') {
    void vscode.window.showInformationMessage('To review that code again, select it and run "Consensus: Review Selection".');
    return;
  }
  const request: RunRequest = { question: past.prompt };
  if (past.code) request.selection = { code: past.code.text, languageId: past.code.languageId };
  const editor = vscode.window.activeTextEditor;
  if (editor) request.target = AnswerTarget.fromEditor(editor);
  await startRun(ctx, request);
}

async function showHistory(ctx: Ctx): Promise<void> {
  const runs = await ctx.history.list();
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('No past runs yet.');
    return;
  }
  const picked = await vscode.window.showQuickPick(runs.map((run) => ({
    label: run.title,
    description: new Date(run.createdAt).toLocaleString(),
    detail: run.status === 'final' ? 'agreed' : run.status,
    run,
  })), { title: 'Past consensus runs', placeHolder: 'Pick a run to reopen it in the panel' });
  if (picked) ctx.showPanel(picked.run);
}

async function exportTranscript(ctx: Ctx, runId: unknown): Promise<void> {
  const view = await runFor(ctx, runId);
  if (!view) return;
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: renderTranscript(view) });
  await vscode.window.showTextDocument(document, { preview: false });
}

const commands: Record<string, CommandFactory> = {
  'consensus.run': (ctx) => (question?: unknown) => runCommand(ctx, typeof question === 'string' ? question : undefined),
  'consensus.insertAnswer': (ctx) => (runId?: unknown) => placeCommand(ctx, 'insert', runId),
  'consensus.replaceSelection': (ctx) => (runId?: unknown) => placeCommand(ctx, 'replace', runId),
  'consensus.previewDiff': (ctx) => (runId?: unknown) => previewDiff(ctx, runId),
  'consensus.acceptDiff': (ctx) => async () => {
    if (!(await ctx.diff.accept())) void vscode.window.showInformationMessage('No answer diff is open.');
  },
  'consensus.cancel': (ctx) => () => {
    if (!ctx.runs.cancel()) void vscode.window.showInformationMessage('No consensus run is in progress.');
  },
  'consensus.rerun': (ctx) => () => rerun(ctx),
  'consensus.openPanel': (ctx) => async () => {
    ctx.showPanel(await ctx.shownRun());
  },
  'consensus.setApiKey': (ctx) => (agentId?: unknown) => setApiKey(ctx, typeof agentId === 'string' ? agentId : undefined),
  'consensus.addAgent': (ctx) => () => addAgent(ctx),
  'consensus.showHistory': (ctx) => () => showHistory(ctx),
  'consensus.exportTranscript': (ctx) => (runId?: unknown) => exportTranscript(ctx, runId),
};

async function handlePanel(ctx: Ctx, message: FromPanel): Promise<void> {
  switch (message.type) {
    case 'ready':
      return;
    case 'insert':
      return placeCommand(ctx, 'insert', message.runId);
    case 'replace':
      return placeCommand(ctx, 'replace', message.runId);
    case 'diff':
      return previewDiff(ctx, message.runId);
    case 'copy':
      await vscode.env.clipboard.writeText(message.text);
      ctx.notify('info', 'Copied the answer to the clipboard.');
      return;
    case 'cancel':
      ctx.runs.cancel();
      return;
    case 'rerun':
      return rerun(ctx, message.runId);
    case 'revealFinding':
      await vscode.commands.executeCommand('consensus.revealFinding', message.runId, message.findingId);
      return;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', 'consensus');
      return;
    default: {
      const unknownMessage: never = message;
      ctx.log.warn(`Ignored a panel message: ${JSON.stringify(unknownMessage)}`);
    }
  }
}

async function handleSidebar(ctx: Ctx, message: FromSidebar): Promise<void> {
  switch (message.type) {
    case 'ready':
      return;
    case 'ask': {
      let started = false;
      try {
        started = await runCommand(ctx, message.question);
      } finally {
        // Answered even when starting threw, so the page never waits on a question it still holds.
        ctx.sidebar.askAnswered(started);
      }
      return;
    }
    case 'cancel':
      ctx.runs.cancel();
      return;
    case 'openRun': {
      const view = await ctx.viewOf(message.runId);
      if (view) ctx.showPanel(view);
      else void vscode.window.showWarningMessage('That run is no longer in the history.');
      return;
    }
    case 'openPanel':
      ctx.showPanel(await ctx.shownRun());
      return;
    case 'agentAction':
      switch (message.action) {
        case 'setKey':
          return setApiKey(ctx, message.agentId);
        case 'openSettings':
          await vscode.commands.executeCommand('workbench.action.openSettings', 'consensus.agents');
          return;
        case 'addAgent':
          return addAgent(ctx);
        case 'retry':
          ctx.sidebar.refresh();
          return;
      }
      return;
    case 'addAgent':
      return addAgent(ctx);
    default: {
      const unknownMessage: never = message;
      ctx.log.warn(`Ignored a sidebar message: ${JSON.stringify(unknownMessage)}`);
    }
  }
}

/** Registers every command of the extension and routes the webviews' actions to them. */
export function registerCommands(ctx: Ctx, extra: Record<string, CommandFactory> = {}): void {
  for (const [id, factory] of Object.entries({ ...commands, ...extra })) {
    ctx.register(vscode.commands.registerCommand(id, factory(ctx)));
  }
  ctx.actions = {
    panel: (message) => handlePanel(ctx, message),
    sidebar: (message) => handleSidebar(ctx, message),
  };
}

export type { CommandFactory };
