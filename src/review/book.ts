/**
 * The findings of one review as they evolve: merging what agents raise into findings, each
 * participant's stance on each finding, the replacements proposed and endorsed, and the remarks
 * made. The decision itself (the poll) is the engine's; this file only keeps the record.
 */
import { codeLines } from './prompts';
import { sameProblemScore, SAME_PROBLEM_THRESHOLD } from './similarity';
import type {
  FindingRemark,
  FindingState,
  ParsedFinding,
  RemarkKind,
  ReplacementCandidate,
  ReviewFinding,
  Severity,
  Stance,
} from './types';
import type { ParsedVerdict } from './parse';
import type { RefineItem } from './prompts';
import { truncate } from '../core/text';

interface Candidate {
  key: string;
  startLine: number;
  endLine: number;
  text: string;
}

/** One merged finding while a review runs. */
export interface FindingRecord {
  id: string;
  /** Each raiser's own version, in the order they were raised. */
  versions: { participant: string; finding: ParsedFinding }[];
  raisedBy: string[];
  stances: Map<string, Stance>;
  confidence: Map<string, number>;
  /** Participant -> key of the replacement candidate it endorses. */
  endorsements: Map<string, string>;
  candidates: Candidate[];
  discussion: FindingRemark[];
  state: FindingState;
  round: number;
  decidedRound?: number;
  support: number;
  opposition: number;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Compares replacement texts ignoring differences in white space (indentation, trailing blanks). */
function replacementKey(startLine: number, endLine: number, text: string): string {
  const body = text
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .join('\n')
    .trim();
  return `${startLine}:${endLine}:${body}`;
}

/** How a participant with `stance` on the finding shows in a refinement prompt: its raiser, or for or against it. */
function remarkKind(record: FindingRecord, participant: string, stance: Stance): RemarkKind {
  return stance === 'oppose' ? 'disagree' : record.raisedBy.includes(participant) ? 'raised' : 'agree';
}

/** The findings of one review and everything said about them. */
export class FindingBook {
  readonly records: FindingRecord[] = [];
  private readonly lines: string[];

  /**
   * @param participants every participant, in configured order (orders lists in snapshots)
   * @param code the reviewed code, to recognise a "replacement" that changes nothing
   * @param offset 0-based file line of the code's first line
   * @param beta2 share of a finding's supporters that must endorse one replacement for it to count as agreed
   */
  constructor(
    private readonly participants: readonly string[],
    code: string,
    private readonly offset: number,
    private readonly beta2: number,
  ) {
    this.lines = codeLines(code);
  }

  /** Findings not yet accepted or rejected. */
  undecided(): FindingRecord[] {
    return this.records.filter((record) => record.state === 'pending');
  }

  /** The record with this id, if any. */
  get(id: string): FindingRecord | undefined {
    return this.records.find((record) => record.id === id);
  }

  /** The existing finding describing the same problem, best match first; undefined if none. */
  match(finding: ParsedFinding): FindingRecord | undefined {
    let best: { record: FindingRecord; score: number } | undefined;
    for (const record of this.records) {
      for (const version of record.versions) {
        const score = sameProblemScore(version.finding, finding);
        if (score >= SAME_PROBLEM_THRESHOLD && (!best || score > best.score)) best = { record, score };
      }
    }
    return best?.record;
  }

  /**
   * A participant reports a problem: it joins the finding describing the same problem (if that one
   * is still undecided) or becomes a new finding. Its stance on it becomes support. Returns the
   * record, or undefined when the problem was already decided (the report changes nothing then).
   */
  raise(participant: string, finding: ParsedFinding, round: number): FindingRecord | undefined {
    let record = this.match(finding);
    if (record && record.state !== 'pending') return undefined;
    if (!record) {
      record = {
        id: `F${this.records.length + 1}`,
        versions: [],
        raisedBy: [],
        stances: new Map(),
        confidence: new Map(),
        endorsements: new Map(),
        candidates: [],
        discussion: [],
        state: 'pending',
        round,
        support: 0,
        opposition: 0,
      };
      this.records.push(record);
    }
    record.versions.push({ participant, finding });
    if (!record.raisedBy.includes(participant)) record.raisedBy.push(participant);
    record.stances.set(participant, 'support');
    record.discussion.push({ participant, round, kind: 'raised', text: finding.title });
    if (finding.replacement !== undefined) this.endorse(record, participant, finding.startLine, finding.endLine, finding.replacement);
    return record;
  }

  /**
   * A participant's verdict on a finding it was shown. `shown` is the item it saw (for the lines
   * and the replacement its agreement refers to).
   */
  verdict(participant: string, verdict: ParsedVerdict, shown: RefineItem, round: number): void {
    const record = this.get(verdict.id);
    if (!record || record.state !== 'pending') return;
    record.stances.set(participant, verdict.stance);
    record.discussion.push({ participant, round, kind: verdict.stance === 'support' ? 'agree' : 'disagree', text: verdict.reason });
    if (verdict.stance === 'oppose') {
      record.endorsements.delete(participant);
    } else if (verdict.replacement !== undefined) {
      this.endorse(record, participant, shown.startLine, shown.endLine, verdict.replacement);
    } else if (shown.replacement !== undefined) {
      // Agreeing without an alternative endorses the replacement that was shown.
      this.endorse(record, participant, shown.startLine, shown.endLine, shown.replacement);
    }
  }

  private endorse(record: FindingRecord, participant: string, startLine: number, endLine: number, text: string): void {
    const original = this.lines.slice(startLine - this.offset, endLine - this.offset + 1).join('\n');
    const key = replacementKey(startLine, endLine, text);
    // A "replacement" that leaves the lines as they are fixes nothing.
    if (key === replacementKey(startLine, endLine, original)) return;
    if (!record.candidates.some((candidate) => candidate.key === key)) record.candidates.push({ key, startLine, endLine, text });
    record.endorsements.set(participant, key);
  }

  /** Candidates with their current endorsers (supporters only), most endorsed first, then oldest. */
  private rankedCandidates(record: FindingRecord): { candidate: Candidate; endorsers: string[] }[] {
    const ranked = record.candidates.map((candidate, order) => ({
      candidate,
      order,
      endorsers: this.participants.filter((p) => record.endorsements.get(p) === candidate.key && record.stances.get(p) === 'support'),
    }));
    ranked.sort((a, b) => b.endorsers.length - a.endorsers.length || a.order - b.order);
    return ranked;
  }

  /** The replacement to show peers: the most endorsed one, if any has an endorser. */
  leadingReplacement(record: FindingRecord): Candidate | undefined {
    const top = this.rankedCandidates(record)[0];
    return top && top.endorsers.length > 0 ? top.candidate : undefined;
  }

  /**
   * The agreed replacement of an accepted finding: the candidate endorsed by at least beta2 of the
   * finding's supporters. Only accepted findings have one, so "has a replacement" means "offer the
   * quick fix".
   */
  agreedReplacement(record: FindingRecord): Candidate | undefined {
    if (record.state !== 'accepted') return undefined;
    const supporters = this.participants.filter((p) => record.stances.get(p) === 'support');
    const top = this.rankedCandidates(record)[0];
    if (!top || supporters.length === 0) return undefined;
    return top.endorsers.length / supporters.length >= this.beta2 ? top.candidate : undefined;
  }

  /** The finding's lines and severity: the most common among its raisers' versions. */
  private canonical(record: FindingRecord): Omit<ParsedFinding, 'replacement'> {
    const first = record.versions[0]?.finding as ParsedFinding;
    const agreed = this.agreedReplacement(record);
    let range = { startLine: first.startLine, endLine: first.endLine };
    if (agreed) {
      // The quick fix replaces exactly the lines its text was written for.
      range = { startLine: agreed.startLine, endLine: agreed.endLine };
    } else {
      const counts = new Map<string, number>();
      for (const { finding } of record.versions) {
        const key = `${finding.startLine}:${finding.endLine}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      let bestCount = 0;
      for (const { finding } of record.versions) {
        const count = counts.get(`${finding.startLine}:${finding.endLine}`) ?? 0;
        if (count > bestCount) {
          bestCount = count;
          range = { startLine: finding.startLine, endLine: finding.endLine };
        }
      }
    }
    const severityCounts = new Map<Severity, number>();
    for (const { finding } of record.versions) severityCounts.set(finding.severity, (severityCounts.get(finding.severity) ?? 0) + 1);
    let severity = first.severity;
    for (const [candidate, count] of severityCounts) {
      const current = severityCounts.get(severity) ?? 0;
      // Ties go to the more severe reading: under-reporting a bug costs more than a strong hint.
      if (count > current || (count === current && SEVERITY_RANK[candidate] > SEVERITY_RANK[severity])) severity = candidate;
    }
    return { ...range, severity, title: first.title, explanation: first.explanation };
  }

  /** The finding as the refinement prompt shows it to `participant`, with its sampled peers' positions. */
  refineItem(record: FindingRecord, participant: string, sample: readonly string[], labels: Record<string, string>): RefineItem {
    const view = this.canonical(record);
    const item: RefineItem = { id: record.id, ...view, peers: [] };
    const leading = this.leadingReplacement(record);
    if (leading) {
      item.replacement = leading.text;
      item.startLine = leading.startLine;
      item.endLine = leading.endLine;
    }
    const own = record.stances.get(participant);
    if (own) item.yours = remarkKind(record, participant, own);
    for (const peer of sample) {
      const stance = record.stances.get(peer);
      if (!stance) continue;
      item.peers.push({ label: labels[peer] ?? '?', kind: remarkKind(record, peer, stance), text: this.latestReason(record, peer) });
    }
    return item;
  }

  /** The participant's latest stated reason on this finding (its verdicts only; raising has none). */
  private latestReason(record: FindingRecord, participant: string): string {
    for (let i = record.discussion.length - 1; i >= 0; i--) {
      const remark = record.discussion[i];
      if (remark && remark.participant === participant && remark.kind !== 'raised') return remark.text;
    }
    return '';
  }

  /** A plain-data copy of a finding for events and the final state. */
  snapshot(record: FindingRecord, finished: boolean): ReviewFinding {
    const view = this.canonical(record);
    const supporters = this.participants.filter((p) => record.stances.get(p) === 'support');
    const opposers = this.participants.filter((p) => record.stances.get(p) === 'oppose');
    const state: FindingState = finished && record.state === 'pending' ? 'disputed' : record.state;
    const finding: ReviewFinding = {
      id: record.id,
      ...view,
      replacements: this.rankedCandidates(record).map(({ candidate, endorsers }): ReplacementCandidate => ({
        startLine: candidate.startLine,
        endLine: candidate.endLine,
        text: candidate.text,
        endorsedBy: endorsers,
      })),
      raisedBy: [...record.raisedBy],
      supporters,
      opposers,
      stances: Object.fromEntries(
        this.participants.flatMap((p) => {
          const stance = record.stances.get(p);
          return stance ? [[p, stance]] : [];
        }),
      ),
      confidence: Object.fromEntries(this.participants.map((p) => [p, record.confidence.get(p) ?? 0])),
      support: record.support,
      opposition: record.opposition,
      state,
      round: record.round,
      discussion: record.discussion.map((remark) => ({ ...remark })),
      gist: gistOf(record, supporters, opposers, this.participants),
    };
    const agreed = this.agreedReplacement(record);
    if (agreed) finding.replacement = agreed.text;
    if (record.decidedRound !== undefined) finding.decidedRound = record.decidedRound;
    return finding;
  }
}

const GIST_REASON = 100;

/** "Raised by a, b. Agreed: c (reason). Disagreed: d (reason)." using each one's latest reason. */
function gistOf(record: FindingRecord, supporters: string[], opposers: string[], order: readonly string[]): string {
  const reason = (participant: string): string => {
    for (let i = record.discussion.length - 1; i >= 0; i--) {
      const remark = record.discussion[i];
      if (remark && remark.participant === participant && remark.kind !== 'raised' && remark.text !== '') {
        const text = truncate(remark.text, GIST_REASON);
        return ` ("${text}")`;
      }
    }
    return '';
  };
  const raisers = order.filter((p) => record.raisedBy.includes(p));
  const parts = [`Raised by ${raisers.join(', ')}.`];
  const agreed = supporters.filter((p) => !record.raisedBy.includes(p));
  if (agreed.length > 0) parts.push(`Agreed: ${agreed.map((p) => p + reason(p)).join('; ')}.`);
  const withdrawn = opposers.filter((p) => record.raisedBy.includes(p));
  const disagreed = opposers.filter((p) => !record.raisedBy.includes(p));
  if (disagreed.length > 0) parts.push(`Disagreed: ${disagreed.map((p) => p + reason(p)).join('; ')}.`);
  if (withdrawn.length > 0) parts.push(`Withdrawn by: ${withdrawn.map((p) => p + reason(p)).join('; ')}.`);
  return parts.join(' ');
}
