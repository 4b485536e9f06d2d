/**
 * Every command, registered in exactly one place. Each is a factory `(ctx) => handler`; the panel's
 * and the sidebar's buttons go through the same handlers.
 */
import * as vscode from 'vscode';
import { locatePastRange } from '../editor/pastPlace';
import { lastSelectedLine, placementMessage } from '../editor/placement';
import type { CodeSelection } from '../editor/prompt';
import { renderTranscript } from '../editor/transcript';
import type { FromPanel, FromSidebar, Replies } from '../shared/messages';
import { outcomeWords, type AnswerPlaceView, type RunView } from '../shared/runView';
import { addAgent } from './addAgent';
import type { CommandFactory } from './commandFactory';
import type { ExtensionServices } from './services';
import { AnswerTarget } from './editor/answerTarget';
import { placeAnswer, type InsertMode } from './editor/answerInserter';
import { notificationText } from './errorDisplay';
import { isConsensusError } from '../core/errors';
import { askQuestion } from './runs/askQuestion';
import type { RunRequest } from './runs/runService';
import { reportSetupProblem } from './runs/setupProblems';
import type { PendingRun } from './setup/setupFlow';
import { rerunReview } from './review/reviewCommands';
import { setApiKey } from './setApiKey';

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
 * Starts a run for `request`. When no run can start (no agents, a bad setting, missing keys) the
 * panel shows the setup page instead and the run starts once the setup is done. Resolves to
 * whether the run started now.
 */
async function startRun(ctx: ExtensionServices, request: RunRequest): Promise<boolean> {
  // Remembered first, so a question typed for a run that cannot start is offered again.
  await ctx.recentQuestions.remember(request.question);
  if (!(await ctx.setup.ready({ ...request, resume: () => startRun(ctx, request) }))) return false;
  try {
    const settings = ctx.config.runSettings();
    const agents = await ctx.runs.participants(async () => []);
    const previous = ctx.runs.current?.request.target;
    // Throws for a setting naming an absent agent before the previous run is touched.
    ctx.runs.start(request, agents, settings);
    if (previous && previous !== request.target) previous.dispose();
    return true;
  } catch (error) {
    if (request.target !== ctx.runs.current?.request.target) request.target?.dispose();
    if (!reportSetupProblem(error)) throw error;
    return false;
  }
}

/** Asks the question a waiting run still needs (if any), then starts it. */
async function continueRun(ctx: ExtensionServices, pending: PendingRun): Promise<boolean> {
  const question = pending.question ?? (await askQuestion(ctx.recentQuestions, pending.selection !== undefined));
  if (!question) {
    pending.target?.dispose();
    return false;
  }
  return startRun(ctx, { ...pending, question });
}

/**
 * Run Consensus: on the selection (asking what to do with it) or on a question. Checks that a run
 * can start before asking anything, so no question is typed for nothing. Resolves to whether a
 * run started.
 */
async function runCommand(ctx: ExtensionServices, question?: string): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  const selection = editor ? selectionOf(editor) : undefined;
  const pending: PendingRun = {};
  if (question !== undefined) pending.question = question;
  if (editor) pending.target = AnswerTarget.fromEditor(editor);
  if (selection) pending.selection = selection;
  if (question === undefined && !(await ctx.setup.ready({ ...pending, resume: () => continueRun(ctx, pending) }))) return false;
  return continueRun(ctx, pending);
}

/** The run an answer command acts on: the one named, else the one on show, else the latest. */
async function runFor(ctx: ExtensionServices, runId: unknown): Promise<RunView | undefined> {
  const view = typeof runId === 'string' ? await ctx.viewOf(runId) : await ctx.shownRun();
  if (!view) void vscode.window.showInformationMessage('There is no consensus run yet: run "Consensus: Run Consensus" first.');
  return view;
}

/** What each answer action does, as a button and in a sentence. */
const ACTION_WORDS: Record<InsertMode | 'diff', { button: string; sentence: string }> = {
  insert: { button: 'Insert There', sentence: 'Insert the answer below' },
  replace: { button: 'Replace There', sentence: 'Replace' },
  diff: { button: 'Preview There', sentence: 'Preview the answer as a diff replacing' },
};

/** "lines 5–7 of src/a.ts" (1-based), for a range of `document`. */
function describeRange(document: vscode.TextDocument, range: vscode.Range): string {
  const first = range.start.line + 1;
  const last = Math.max(first, lastSelectedLine(range.start.line, range.end.line, range.end.character));
  return `${last > first ? `lines ${first}–${last}` : `line ${first}`} of ${vscode.workspace.asRelativePath(document.uri)}`;
}

/**
 * Asks before placing the answer at a place Consensus is not sure of; true when the user agrees.
 * A notification with a button, not a modal dialog: closing it is the refusal.
 */
async function confirmPlace(why: string, action: InsertMode | 'diff', where: string): Promise<boolean> {
  const words = ACTION_WORDS[action];
  const choice = await vscode.window.showWarningMessage(`${why} ${words.sentence} ${where}?`, words.button);
  return choice === words.button;
}

/**
 * The range a past run's answer goes to: its own document (opened again if closed) and range,
 * followed to where its code is now; when neither the document nor the code is as it was, the
 * user is told where the answer would go and asked. Undefined when there is no such place or
 * the user declined.
 */
async function pastTarget(
  ctx: ExtensionServices,
  view: RunView,
  place: AnswerPlaceView,
  action: InsertMode | 'diff',
): Promise<AnswerTarget | undefined> {
  const uri = vscode.Uri.parse(place.uri);
  // A closed untitled document is gone: opening its URI would make a new, empty one.
  const gone = uri.scheme === 'untitled' && !vscode.workspace.textDocuments.some((document) => document.uri.toString() === place.uri);
  const document = gone
    ? undefined
    : await vscode.workspace.openTextDocument(uri).then(
        (opened) => opened,
        () => undefined,
      );
  if (!document) {
    ctx.notices.notify(
      'error',
      `The document this run was started on (${place.file}) is no longer available: open the file where the answer should go, select where, and use Copy or run again.`,
    );
    return undefined;
  }
  const located = locatePastRange(document.getText(), place, view.code?.text);
  const range = new vscode.Range(document.positionAt(located.range.start), document.positionAt(located.range.end));
  if (located.how === 'uncertain') {
    const why =
      view.code && place.end > place.start
        ? `${place.file} has changed since this run, and the code it was asked about is no longer there as it was.`
        : `${place.file} has changed since this run.`;
    if (!(await confirmPlace(why, action, describeRange(document, range)))) return undefined;
  }
  return new AnswerTarget(document.uri, document.languageId, located.range);
}

/**
 * Where the answer of `view` goes: the tracked range of the run of this window; a past run's own
 * document and range (see pastTarget); for a run not started on a document, the active editor's
 * selection (for a past run, such as a chat run, once the user agreed). `owned` says the caller made the target and
 * must dispose it when done.
 */
async function targetFor(
  ctx: ExtensionServices,
  view: RunView,
  action: InsertMode | 'diff',
): Promise<{ target: AnswerTarget; owned: boolean } | undefined> {
  const current = ctx.runs.current;
  const isCurrent = current?.view.runId === view.runId;
  if (isCurrent && current.request.target && !current.request.target.isClosed) return { target: current.request.target, owned: false };
  if (view.place) {
    const target = await pastTarget(ctx, view, view.place, action);
    return target ? { target, owned: true } : undefined;
  }
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  if (!editor) {
    void vscode.window.showInformationMessage(
      'This run was not started on a file: open the file where the answer should go, select where, and try again.',
    );
    return undefined;
  }
  // The run of this window, asked with no file open: the file opened since is the one meant.
  if (!isCurrent && !(await confirmPlace('This run was not started on a file.', action, describeRange(editor.document, editor.selection))))
    return undefined;
  return { target: AnswerTarget.fromEditor(editor), owned: true };
}

/**
 * The text to place: the run's answer, or, after a tie, the tied answer the user chose in the
 * panel. A tie has no answer by default: Insert without a choice says so instead of picking one.
 */
function answerOf(view: RunView, option?: string): string | undefined {
  if (view.tie) {
    const chosen = option === undefined ? undefined : view.tie.find((tied) => tied.option === option);
    if (!chosen) {
      void vscode.window.showInformationMessage(
        `The agents are tied between ${view.tie.length} answers: choose one in the Consensus panel with “Insert this one”.`,
      );
      return undefined;
    }
    return chosen.text;
  }
  const answer = view.synthesis.text;
  if (!answer.trim()) {
    void vscode.window.showInformationMessage(
      view.status === 'running' ? 'The agents have not agreed on an answer yet.' : 'This run ended without an answer.',
    );
    return undefined;
  }
  return answer;
}

/** The run, its answer and where the answer goes; undefined (after telling the user why) when one is missing. */
async function answerAndTarget(
  ctx: ExtensionServices,
  action: InsertMode | 'diff',
  runId: unknown,
  option?: string,
): Promise<{ view: RunView; answer: string; target: AnswerTarget; owned: boolean } | undefined> {
  const view = await runFor(ctx, runId);
  const answer = view && answerOf(view, option);
  if (!view || !answer) return undefined;
  const target = await targetFor(ctx, view, action);
  return target && { view, answer, ...target };
}

async function placeCommand(ctx: ExtensionServices, mode: InsertMode, runId: unknown, option?: string): Promise<void> {
  const found = await answerAndTarget(ctx, mode, runId, option);
  if (!found) return;
  const { answer, target, owned } = found;
  try {
    const range = await placeAnswer(target, mode, answer);
    const lastLine = lastSelectedLine(range.start.line, range.end.line, range.end.character);
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === target.uri.toString());
    ctx.notices.placed(
      placementMessage(mode, range.start.line + 1, lastLine, vscode.workspace.asRelativePath(target.uri)),
      document,
      range,
    );
  } catch (error) {
    if (isConsensusError(error)) ctx.notices.notify('error', notificationText(error));
    else throw error;
  } finally {
    if (owned) target.dispose();
  }
}

async function previewDiff(ctx: ExtensionServices, runId: unknown): Promise<void> {
  const found = await answerAndTarget(ctx, 'diff', runId);
  if (!found) return;
  try {
    await ctx.diff.show(found.target, found.answer, found.view.runId);
  } finally {
    if (found.owned) found.target.dispose();
  }
}

/**
 * Run Again: the run of this window with its tracked range, or a past run's question and code
 * (the answer then goes where the cursor is). Reviews go through Review Selection's own rerun.
 */
async function rerun(ctx: ExtensionServices, runId?: string): Promise<void> {
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

async function showHistory(ctx: ExtensionServices): Promise<void> {
  const runs = await ctx.history.list();
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('No past runs yet.');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    runs.map((run) => ({
      label: run.title,
      description: `${run.demo ? 'Demo · ' : ''}${new Date(run.createdAt).toLocaleString()}`,
      detail: outcomeWords(run),
      run,
    })),
    { title: 'Past consensus runs', placeHolder: 'Pick a run to reopen it in the panel' },
  );
  if (picked) ctx.showPanel(picked.run);
}

async function exportTranscript(ctx: ExtensionServices, runId: unknown): Promise<void> {
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
    try {
      if (!(await ctx.diff.accept())) void vscode.window.showInformationMessage('No answer diff is open.');
    } catch (error) {
      if (isConsensusError(error)) ctx.notices.notify('error', notificationText(error));
      else throw error;
    }
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

/** A request of the panel's page other than `ready` (the composition root answers that one with the snapshot). */
export async function handlePanel(ctx: ExtensionServices, message: Exclude<FromPanel, { type: 'ready' }>): Promise<void> {
  switch (message.type) {
    case 'insert':
      return placeCommand(ctx, 'insert', message.runId, message.option);
    case 'replace':
      return placeCommand(ctx, 'replace', message.runId);
    case 'diff':
      return previewDiff(ctx, message.runId);
    case 'copy':
      await vscode.env.clipboard.writeText(message.text);
      ctx.notices.notify('info', 'Copied the answer to the clipboard.');
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
    case 'setup':
      return ctx.setup.act(message);
    case 'leaveDemo':
      return leaveDemo(ctx);
    default: {
      const unknownMessage: never = message;
      ctx.log.warn(`Ignored a panel message: ${JSON.stringify(unknownMessage)}`);
    }
  }
}

/** Windows (their services) where a question asked in the sidebar is still starting its run. */
const startingAsks = new WeakSet<ExtensionServices>();

/**
 * A request of the sidebar's page other than `ready` (the composition root answers that one with
 * the state). `ask` is answered with whether it started a run; should starting throw, the host's
 * failure path answers that it did not, so the page never waits on a question it still holds.
 */
export async function handleSidebar(
  ctx: ExtensionServices,
  message: Exclude<FromSidebar, { type: 'ready' }>,
): Promise<Replies['sidebar']['ask'] | undefined> {
  if (message.type === 'ask') return ask(ctx, message.question, message.askId);
  await sidebarAction(ctx, message);
  return undefined;
}

async function ask(ctx: ExtensionServices, question: string, askId: string): Promise<Replies['sidebar']['ask']> {
  // One question at a time: a second one sent while the first is starting would cancel it and
  // take its place. It is refused instead, and the page keeps it in the box.
  if (startingAsks.has(ctx)) return { type: 'asked', askId, started: false };
  startingAsks.add(ctx);
  try {
    const runId = (await runCommand(ctx, question)) ? ctx.runs.current?.view.runId : undefined;
    return runId ? { type: 'asked', askId, started: true, runId } : { type: 'asked', askId, started: false };
  } finally {
    startingAsks.delete(ctx);
  }
}

async function sidebarAction(ctx: ExtensionServices, message: Exclude<FromSidebar, { type: 'ready' | 'ask' }>): Promise<void> {
  switch (message.type) {
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
          ctx.refreshSidebar();
          return;
      }
      return;
    case 'addAgent':
      return addAgent(ctx);
    case 'leaveDemo':
      return leaveDemo(ctx);
    default: {
      const unknownMessage: never = message;
      ctx.log.warn(`Ignored a sidebar message: ${JSON.stringify(unknownMessage)}`);
    }
  }
}

/** Stops using the demo agents; the next run offers the setup page again. */
async function leaveDemo(ctx: ExtensionServices): Promise<void> {
  await ctx.config.setDemo(false);
  ctx.notices.notify('info', 'The demo agents are off. Add your own with "Consensus: Add Agent...", or run again to see the choices.');
}

/** Registers every command of the extension (the webviews' requests go to handlePanel and handleSidebar). */
export function registerCommands(ctx: ExtensionServices, extra: Record<string, CommandFactory> = {}): void {
  for (const [id, factory] of Object.entries({ ...commands, ...extra })) {
    ctx.register(vscode.commands.registerCommand(id, factory(ctx)));
  }
}

export type { CommandFactory } from './commandFactory';
