/**
 * `@consensus` in the Chat view: `/ask` (the default) and `/discuss` run a consensus on the
 * question and the code it refers to, `/review` reviews that code. Progress is streamed one line a
 * round, the agents' positions are folded away, the agreed answer ends the response as markdown
 * (VS Code gives its code blocks apply and insert actions), with a button that opens the whole
 * discussion in the panel and follow-ups. The chat's cancel cancels the run.
 */
import * as vscode from 'vscode';
import type { VscodeLmAgentConfig } from '../../agents';
import type { Mode } from '../../core';
import { REVIEW_FOCUSES, type ReviewFocus } from '../../review';
import type { ConsensusOutcome, FindingOutcome, ReviewOutcome } from '../../app/outcome';
import { DEMO_NOTE, noFindingsText } from '../../app/outcomeText';
import { agentTitle, outcomeLine, positionLines, roundProgress } from '../../shared/chatText';
import type { FindingView, RunView } from '../../shared/runView';
import { chatError } from '../errorDisplay';
import { CONSENSUS_VENDOR } from '../agents/vscodeLmAgent';
import { agentsRuntime } from '../agentsRuntime';
import { codeOfPreviousAnswer, questionWithCode, requestCode } from './chatContext';
import type { QuietRuns } from './quietRuns';
import { fenced } from '../../core/text';

export const PARTICIPANT_ID = 'consensus.chat';
/** What the user types after `@` (the manifest's chatParticipants name). */
export const PARTICIPANT_NAME = 'consensus';

/** What a response remembers for its follow-ups. */
export interface ConsensusChatResult extends vscode.ChatResult {
  metadata?: { runId: string; question: string; command: 'ask' | 'review' | 'discuss' };
}

/** The stances the chat's own model takes when no agent is configured. */
const STANCES = ['neutral', 'for', 'against'] as const;

/** Three agents made of the chat's own model, one per stance. */
export function stanceAgents(model: vscode.LanguageModelChat): VscodeLmAgentConfig[] {
  return STANCES.map((stance) => ({
    id: `chat-model-${stance}`,
    name: `${model.name} (${stance})`,
    provider: 'vscode-lm',
    vendor: model.vendor,
    family: model.family,
    modelId: model.id,
    stance,
    enabled: true,
  }));
}

/** Streams one engine event as a line of progress, when it says something new. */
function reportProgress(stream: vscode.ChatResponseStream, view: RunView, type: string, round: number | undefined): void {
  if (type === 'start')
    stream.progress(`Asking ${view.agents.length} agents: ${view.agents.map((agent) => `${agent.label} · ${agent.name}`).join(', ')}`);
  else if (type === 'poll' && round !== undefined) {
    const line = view.mode === 'review' ? reviewRoundLine(view, round) : roundProgress(view, round);
    if (line) stream.progress(line);
  } else if (type === 'synthesis-start') stream.progress('Writing the agreed answer');
}

function reviewRoundLine(view: RunView, round: number): string {
  const count = (state: FindingView['state']): number => view.findings.filter((finding) => finding.state === state).length;
  return `Round ${round}: ${count('accepted')} findings accepted, ${count('disputed')} disputed, ${count('rejected')} rejected, ${count('pending')} open.`;
}

/**
 * The agents' positions, one progress step each: the Chat view folds the steps of a finished
 * response into one line ("Completed 5 steps"), so they are there on demand, not a wall of text.
 */
function reportPositions(stream: vscode.ChatResponseStream, view: RunView): void {
  for (const line of positionLines(view)) stream.progress(line);
}

/**
 * The outcome in one line: "Agreed after round 1 — share 3 of 3 · 6 model calls", after a line
 * saying "Demo" when the scripted demo agents answered.
 */
function outcome(view: RunView): string {
  const demo = view.demo ? DEMO_NOTE : undefined;
  const line = `*${escapeMarkdown(`${outcomeLine(view)}${view.calls !== undefined ? ` · ${view.calls} model calls` : ''}`)}*\n\n`;
  return demo ? `**${escapeMarkdown(demo)}**\n\n${line}` : line;
}

/**
 * A tie: no answer was agreed, so none is shown as the answer. Each tied answer follows under who
 * holds it; applying or inserting one of their code blocks is the user's own choice.
 */
function reportTie(stream: vscode.ChatResponseStream, outcome: ConsensusOutcome | undefined): boolean {
  const tied = outcome?.tie ?? [];
  if (!outcome || tied.length < 2) return false;
  stream.markdown(
    `**It is a tie: the agents agreed on no answer.** They are split between ${tied.length} answers; choose one yourself.\n\n`,
  );
  for (const [index, answer] of tied.entries()) {
    stream.markdown(
      `---\n\n**Answer ${index + 1}**, held by ${escapeMarkdown(answer.agents.join(', '))} (${answer.agents.length} of ${outcome.agents} ${outcome.agents === 1 ? 'agent' : 'agents'})\n\n`,
    );
    stream.markdown(`${answer.answer.trim()}\n\n`);
  }
  return true;
}

/** The run's agents as the chat names them: "A · gpt-4o", as in the positions and the panel. */
function titledAgents(view: RunView): { id: string; name: string }[] {
  return view.agents.map((agent) => ({ id: agent.id, name: agentTitle(view, agent.id) }));
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Agents' text shown as text: no markdown or HTML of theirs takes effect in the summary. */
function escapeMarkdown(text: string): string {
  return escapeHtml(text).replace(/([\\`*_[\]#|])/g, '\\$1');
}

function findingMarkdown(finding: FindingOutcome): string {
  const lines = finding.startLine === finding.endLine ? `line ${finding.startLine}` : `lines ${finding.startLine}–${finding.endLine}`;
  const support = finding.support.length > 0 ? ` — supported by ${finding.support.join(', ')}` : '';
  const parts = [
    `- **${escapeMarkdown(finding.title)}** (${finding.severity}, ${lines}${support})  \n  ${escapeMarkdown(finding.explanation)}`,
  ];
  if (finding.replacement)
    parts.push(
      `\n${fenced(finding.replacement)
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n')}`,
    );
  return parts.join('');
}

function reviewMarkdown(outcome: ReviewOutcome): string {
  const accepted = outcome.findings.filter((finding) => finding.state === 'accepted');
  const disputed = outcome.findings.filter((finding) => finding.state === 'disputed');
  if (accepted.length === 0 && disputed.length === 0) {
    // An empty list is an all-clear only when agents reviewed: otherwise say why nothing was found.
    const failures =
      outcome.reason === 'all-failed'
        ? outcome.failures.map((failure) => `\n- ${escapeMarkdown(`${failure.agent}: ${failure.error}`)}`).join('')
        : '';
    return `${escapeMarkdown(noFindingsText(outcome))}${failures}`;
  }
  const parts: string[] = [];
  if (accepted.length > 0) parts.push('**Agreed findings**', '', ...accepted.map(findingMarkdown));
  if (disputed.length > 0) parts.push('', '**Disputed** (the agents did not agree)', '', ...disputed.map(findingMarkdown));
  return parts.join('\n');
}

/** The focus a review prompt names ("security", "performance" …), if any. */
function focusOf(prompt: string): ReviewFocus | undefined {
  const lowered = prompt.toLowerCase();
  return REVIEW_FOCUSES.find((focus) => lowered.includes(focus));
}

export class ConsensusChat {
  constructor(private readonly runs: QuietRuns) {}

  readonly handler: vscode.ChatRequestHandler = async (request, context, stream, token) => {
    const controller = new AbortController();
    const cancelled = token.onCancellationRequested(() => controller.abort());
    try {
      if (request.command === 'review') return await this.review(request, context, stream, controller.signal);
      return await this.ask(request, stream, controller.signal, request.command === 'discuss' ? 'discussion' : undefined);
    } catch (error) {
      if (chatError(stream, error)) return {};
      throw error;
    } finally {
      cancelled.dispose();
    }
  };

  /** The follow-ups of an answer: review its code, or discuss the question. */
  followups(result: ConsensusChatResult): vscode.ChatFollowup[] {
    const metadata = result.metadata;
    if (!metadata) return [];
    const followups: vscode.ChatFollowup[] = [];
    if (metadata.command !== 'review') followups.push({ prompt: 'the code of the answer above', command: 'review', label: 'Review this' });
    if (metadata.command !== 'discuss') followups.push({ prompt: metadata.question, command: 'discuss', label: 'Discuss it' });
    return followups;
  }

  private async ask(
    request: vscode.ChatRequest,
    stream: vscode.ChatResponseStream,
    signal: AbortSignal,
    mode: Mode | undefined,
  ): Promise<ConsensusChatResult> {
    const question = request.prompt.trim();
    if (!question) {
      stream.markdown('Ask a question after `@consensus`, for example `@consensus is this regex safe? #selection`.');
      return {};
    }
    const { question: asked, selection } = questionWithCode(question, await requestCode(request));
    let agents: VscodeLmAgentConfig[] | undefined;
    if (!this.runs.hasConfiguredAgents()) {
      if (request.model.vendor === CONSENSUS_VENDOR) {
        stream.markdown(
          'No agents are configured, and the Consensus model cannot be its own agents. Pick another model in the chat, or add agents.',
        );
        stream.button({ command: 'consensus.addAgent', title: 'Add Agent...' });
        return {};
      }
      agents = stanceAgents(request.model);
      stream.markdown(
        `No agents are configured, so Consensus asks **${escapeMarkdown(request.model.name)}**, this chat's model, three times: neutral, for and against. Add agents to ask different models.\n\n`,
      );
      stream.button({ command: 'consensus.addAgent', title: 'Add Agent...' });
    }
    const { view, state } = await this.runs.ask({
      question: asked,
      ...(selection ? { selection } : {}),
      ...(mode ? { mode } : {}),
      ...(agents ? { agents } : {}),
      origin: 'chat',
      signal,
      onEvent: (current, event) => reportProgress(stream, current, event.type, 'round' in event ? event.round : undefined),
    });
    reportPositions(stream, view);
    stream.markdown(outcome(view));
    const answer = view.synthesis.text.trim();
    // A tie shows every tied answer instead of one.
    if (!reportTie(stream, state && agentsRuntime().consensusOutcome(state, titledAgents(view))))
      stream.markdown(answer || `No answer: ${escapeMarkdown(view.error ?? outcomeLine(view))}.`);
    stream.button({ command: 'consensus.openRun', arguments: [view.runId], title: 'Open the full discussion' });
    return { metadata: { runId: view.runId, question, command: mode === 'discussion' ? 'discuss' : 'ask' } };
  }

  private async review(
    request: vscode.ChatRequest,
    context: vscode.ChatContext,
    stream: vscode.ChatResponseStream,
    signal: AbortSignal,
  ): Promise<ConsensusChatResult> {
    const codes = await requestCode(request);
    const code = codes[0] ?? codeOfPreviousAnswer(context, PARTICIPANT_ID);
    if (!code) {
      stream.markdown('Select the code to review, or name it with `#file` or `#selection`, then ask `@consensus /review` again.');
      return {};
    }
    const focus = focusOf(request.prompt);
    const { view, state } = await this.runs.review({
      code: code.code,
      path: code.location.fileName,
      language: code.languageId,
      ...(focus ? { focus } : {}),
      origin: 'chat',
      signal,
      onEvent: (current, event) =>
        reportProgress(stream, current, event.type === 'review-start' ? 'start' : event.type, 'round' in event ? event.round : undefined),
    });
    reportPositions(stream, view);
    stream.markdown(outcome(view));
    stream.markdown(
      state
        ? reviewMarkdown(agentsRuntime().reviewOutcome(state, titledAgents(view)))
        : `The review failed: ${escapeMarkdown(view.error ?? 'every agent failed')}.`,
    );
    stream.button({ command: 'consensus.openRun', arguments: [view.runId], title: 'Open the full review' });
    return { metadata: { runId: view.runId, question: request.prompt, command: 'review' } };
  }
}

/** Registers `@consensus`. */
export function registerChatParticipant(runs: QuietRuns, extensionUri: vscode.Uri): vscode.Disposable {
  const chat = new ConsensusChat(runs);
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, chat.handler);
  participant.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'consensus.svg');
  participant.followupProvider = { provideFollowups: (result: ConsensusChatResult) => chat.followups(result) };
  return participant;
}
