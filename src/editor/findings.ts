/**
 * The editor's reading of a review's findings, kept pure so it runs under plain mocha: which lines
 * a selection reviews, how a finding shows in the panel, as a diagnostic and in a hover, and how
 * its lines follow the user's edits. Imports nothing from `vscode`.
 */
import type { ReviewFinding } from '../review/types';
import type { AgentView, FindingSeverity, FindingView } from '../shared/runView';
import { shiftRangeByAll, type OffsetEdit, type OffsetRange } from './trackedRange';

/** How disputed findings show in the editor (the setting consensus.review.disputedFindings). */
export type DisputedDisplay = 'hint' | 'hidden';

/** A selection as the editor reports it (0-based lines and characters). */
export interface SelectionLines {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

/**
 * The whole lines a review covers (0-based, inclusive): those the selection touches, or every line
 * when the selection is empty (less the empty line after a final line break). A selection ending
 * at the start of a line (a triple-click or a drag to the next line) does not take that line in.
 */
export function reviewedLines(selection: SelectionLines, lineCount: number, lastLineEmpty = false): { startLine: number; endLine: number } {
  const last = Math.max(0, lineCount - 1);
  const empty = selection.startLine === selection.endLine && selection.startCharacter === selection.endCharacter;
  if (empty) return { startLine: 0, endLine: lastLineEmpty && last > 0 ? last - 1 : last };
  let endLine = selection.endLine;
  if (selection.endCharacter === 0 && endLine > selection.startLine) endLine -= 1;
  return { startLine: Math.min(selection.startLine, last), endLine: Math.min(endLine, last) };
}

/** The panel's view of a finding; `support` lists the anonymous labels of its supporters. */
export function toFindingView(finding: ReviewFinding, labels: Readonly<Record<string, string>>, file?: string): FindingView {
  const view: FindingView = {
    id: finding.id,
    title: finding.title,
    severity: finding.severity,
    startLine: finding.startLine,
    endLine: finding.endLine,
    state: finding.state,
    support: finding.supporters.map((participant) => labels[participant] ?? participant),
    explanation: finding.explanation,
  };
  if (finding.opposers.length > 0) view.oppose = finding.opposers.map((participant) => labels[participant] ?? participant);
  // A finding of a change names its own file; a selection's findings are in the file reviewed.
  const where = finding.file ?? file;
  if (where !== undefined) view.file = where;
  if (finding.replacement !== undefined) view.replacement = finding.replacement;
  return view;
}

/**
 * The severity a finding shows with in the editor, or undefined when it does not show: accepted
 * findings keep theirs, disputed ones (and any still undecided) are hints or hidden as the setting
 * says, rejected ones never show.
 */
export function diagnosticSeverity(
  finding: Pick<ReviewFinding, 'state' | 'severity'>,
  disputed: DisputedDisplay,
): FindingSeverity | undefined {
  switch (finding.state) {
    case 'accepted':
      return finding.severity;
    case 'disputed':
    case 'pending':
      return disputed === 'hint' ? 'hint' : undefined;
    case 'rejected':
      return undefined;
  }
}

/** The diagnostic's message: the title, then the explanation; a disputed finding says so first. */
export function diagnosticMessage(
  finding: Pick<ReviewFinding, 'state' | 'title' | 'explanation' | 'supporters'>,
  participants: number,
): string {
  const head =
    finding.state === 'accepted' ? finding.title : `Disputed (${finding.supporters.length} of ${participants} agree): ${finding.title}`;
  const explanation = finding.explanation.trim();
  return explanation ? `${head}\n${explanation}` : head;
}

/**
 * The text the quick fix puts in place of the finding's whole lines (their text without the final
 * line break): the agreed replacement, less one trailing line break, which would otherwise add an
 * empty line. Line breaks are written as the document writes them.
 */
export function replacementText(replacement: string, eol: '\n' | '\r\n' = '\n'): string {
  const text = replacement.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}

/** What happened to a finding's lines after one change of the document. */
export type FollowedRange =
  | { kind: 'moved'; range: OffsetRange }
  /** The lines were deleted (their text is gone): the finding no longer points at anything. */
  | { kind: 'deleted' };

/** Follows a finding's lines through the edits of one change event (see trackedRange.ts). */
export function followEdits(range: OffsetRange, edits: readonly OffsetEdit[]): FollowedRange {
  const moved = shiftRangeByAll(range, edits);
  if (range.end > range.start && moved.end === moved.start) return { kind: 'deleted' };
  return { kind: 'moved', range: moved };
}

/**
 * Whether a finding's lines now read exactly as its agreed replacement: the problem is fixed (by
 * the quick fix or by hand). Compared on the text, not on the edit, because the editor may report
 * a replacement as a smaller edit inside the lines.
 */
export function isFixed(textNow: string, replacement: string | undefined): boolean {
  return replacement !== undefined && textNow.replace(/\r\n?/g, '\n') === replacementText(replacement);
}

/** One piece of a hover: markdown the extension wrote, or text from the agents (to be escaped). */
export type HoverPart = { markdown: string } | { text: string };

const STATE_TEXT: Record<ReviewFinding['state'], string> = {
  accepted: 'accepted',
  disputed: 'disputed',
  rejected: 'rejected',
  pending: 'undecided',
};

/** "A · Model m1", or the id when the agent is unknown. */
function agentTitle(agents: readonly AgentView[], participant: string): string {
  const agent = agents.find((candidate) => candidate.id === participant);
  if (!agent) return participant;
  return agent.label ? `${agent.label} · ${agent.name}` : agent.name;
}

/** The participant's latest stated reason on the finding (its verdicts only; raising has none). */
function latestReason(finding: Pick<ReviewFinding, 'discussion'>, participant: string): string {
  for (let index = finding.discussion.length - 1; index >= 0; index--) {
    const remark = finding.discussion[index];
    if (remark && remark.participant === participant && remark.kind !== 'raised' && remark.text.trim() !== '') return remark.text.trim();
  }
  return '';
}

/**
 * The hover of a finding: its state and title, who agreed and who did not (label and real name,
 * with each one's latest reason: the gist of the discussion), and whether a quick fix exists.
 * Everything that came from an agent or a setting is a `text` part, so the hover escapes it.
 */
export function findingHover(finding: ReviewFinding, agents: readonly AgentView[]): HoverPart[] {
  const parts: HoverPart[] = [];
  const line = (label: string, participants: readonly string[], verb: (participant: string) => string): void => {
    if (participants.length === 0) return;
    parts.push({ markdown: `\n\n**${label}:** ` });
    participants.forEach((participant, index) => {
      if (index > 0) parts.push({ markdown: '; ' });
      const reason = latestReason(finding, participant);
      parts.push({ text: `${agentTitle(agents, participant)} ${verb(participant)}${reason ? `: "${reason}"` : ''}` });
    });
  };
  const count = agents.length || Object.keys(finding.confidence).length;
  parts.push({
    markdown: `**Consensus review · ${STATE_TEXT[finding.state]}** (${finding.severity}, ${finding.supporters.length} of ${count} agree)\n\n**`,
  });
  parts.push({ text: finding.title });
  parts.push({ markdown: '**' });
  const raised = (participant: string): boolean => finding.raisedBy.includes(participant);
  line('Agreed', finding.supporters, (participant) => (raised(participant) ? '(raised it)' : '(agreed)'));
  line('Disagreed', finding.opposers, (participant) => (raised(participant) ? '(withdrew it)' : '(disagreed)'));
  if (finding.replacement !== undefined) parts.push({ markdown: '\n\nA quick fix applies the replacement the agents agreed on.' });
  return parts;
}
