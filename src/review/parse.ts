/**
 * Tolerant parsing of what reviewers reply: findings (both rounds) and verdicts on peers' findings
 * (refinement rounds). Repairs what has one plausible meaning, skips the rest with a reason the
 * caller logs, and never throws: one agent's bad output never spoils a review.
 */
import { extractJson } from './json';
import type { LineResolver, ParsedFinding, Severity, Stance } from './types';
import { oneLine, truncateMarkdown, wholeFencedBlock } from '../core/text';

export type { LineResolver } from './types';

/** Where the reviewed code sits in its file. */
export interface LineFrame {
  /** Number of lines shown to the agents. */
  lineCount: number;
  /** 0-based file line of the first shown line (the prompt numbers it `offset + 1`). */
  offset: number;
  /** In a review of a change: reads a finding's file and lines (the frame's numbers are not used then). */
  resolver?: LineResolver;
}

/** What `parseFindings` made of one output. */
export interface ParsedFindings {
  findings: ParsedFinding[];
  /** False when the output held no findings block at all (the reply is unusable). */
  found: boolean;
  /** Items dropped, each with the reason. */
  skipped: string[];
  /** Repairs applied to accepted items (for the log; the findings are kept). */
  repairs: string[];
}

/** A verdict on one finding from a refinement reply. */
export interface ParsedVerdict {
  id: string;
  stance: Stance;
  reason: string;
  /** A better replacement the agent offers with its agreement. */
  replacement?: string;
}

/** What `parseRefinement` made of one output. */
export interface ParsedRefinement extends ParsedFindings {
  verdicts: ParsedVerdict[];
}

const MAX_TITLE = 160;
const MAX_EXPLANATION = 2000;

/**
 * Parses the findings in an agent's reply. Line numbers in the reply are 1-based file lines as the
 * prompt showed them; the findings returned carry 0-based file lines.
 */
export function parseFindings(output: string, frame: LineFrame): ParsedFindings {
  const result: ParsedFindings = { findings: [], found: false, skipped: [], repairs: [] };
  for (const candidate of extractJson(output)) {
    const items = findingItems(candidate.value);
    if (!items) continue;
    result.found = true;
    result.repairs.push(...candidate.repairs, ...items.repairs);
    collectFindings(items.list, frame, result);
    return result;
  }
  if (/\bno\s+(?:issues|problems|findings|bugs)\b/i.test(output)) {
    // A plain "no issues found" is a clear answer even without the JSON block.
    result.found = true;
    result.repairs.push('no findings block; the reply says there are no issues');
    return result;
  }
  result.skipped.push(output.trim() === '' ? 'empty output' : 'no findings block in the output');
  return result;
}

/**
 * Parses a refinement reply: verdicts on the findings shown (`ids`), and any new findings. Verdicts
 * may come as JSON (`"verdicts": [...]`) or as lines such as `F2: AGREE - reason`.
 */
export function parseRefinement(output: string, frame: LineFrame, ids: readonly string[]): ParsedRefinement {
  const result: ParsedRefinement = { findings: [], found: false, skipped: [], repairs: [], verdicts: [] };
  const known = new Set(ids);
  const byId = new Map<string, ParsedVerdict>();
  const addVerdict = (verdict: ParsedVerdict | string): void => {
    if (typeof verdict === 'string') {
      result.skipped.push(verdict);
    } else if (!known.has(verdict.id)) {
      result.skipped.push(`verdict on ${verdict.id}, which was not shown to this reviewer`);
    } else {
      byId.set(verdict.id, verdict);
    }
  };
  for (const candidate of extractJson(output)) {
    const value = candidate.value;
    const record = asRecord(value);
    const verdictField = record ? field(record, 'verdicts', 'votes', 'reviews', 'responses') : undefined;
    const items = findingItems(value);
    if (verdictField === undefined && !items) continue;
    result.found = true;
    result.repairs.push(...candidate.repairs);
    if (verdictField !== undefined) {
      for (const verdict of verdictList(verdictField)) addVerdict(verdict);
    }
    if (items) {
      result.repairs.push(...items.repairs);
      collectFindings(items.list, frame, result);
    }
    break;
  }
  if (byId.size === 0) {
    // Fall back to lines such as "F2: AGREE - the bound is off by one".
    const line =
      /^[\s>*\-#]*\**\s*(F\s*-?\s*\d+)\s*\**\s*(?:\([^)]*\))?\s*[:\-\u2013\u2014]?\s*\**\s*(AGREE|DISAGREE)\b\**\s*[:\-\u2013\u2014.,]?\s*(.*)$/gim;
    for (const match of output.replace(/\r\n?/g, '\n').matchAll(line)) {
      const id = normaliseId(match[1] ?? '');
      if (!id) continue;
      result.found = true;
      addVerdict({
        id,
        stance: (match[2] ?? '').toUpperCase() === 'AGREE' ? 'support' : 'oppose',
        reason: clip(match[3] ?? '', MAX_EXPLANATION),
      });
    }
  }
  result.verdicts = [...byId.values()];
  if (!result.found) result.skipped.push(output.trim() === '' ? 'empty output' : 'no verdicts or findings in the output');
  return result;
}

/** The list of finding-like items in a parsed value, and how it had to be read. */
function findingItems(value: unknown): { list: unknown[]; repairs: string[] } | undefined {
  if (Array.isArray(value)) {
    if (value.length === 0 || value.some((item) => looksLikeFinding(item))) return { list: value, repairs: ['findings were a bare array'] };
    return undefined;
  }
  const record = asRecord(value);
  if (!record) return undefined;
  const inner = field(record, 'findings', 'issues', 'problems', 'comments');
  if (Array.isArray(inner)) return { list: inner, repairs: [] };
  if (inner !== undefined && looksLikeFinding(inner)) return { list: [inner], repairs: ['a single finding instead of an array'] };
  if (inner === null) return { list: [], repairs: [] };
  if (looksLikeFinding(record)) return { list: [record], repairs: ['a single finding instead of an array'] };
  return undefined;
}

function looksLikeFinding(value: unknown): boolean {
  const record = asRecord(value);
  if (!record) return false;
  return (
    lineFields(record).start !== undefined &&
    (textField(record, TITLE_KEYS) !== undefined || textField(record, EXPLANATION_KEYS) !== undefined)
  );
}

const FILE_KEYS = ['file', 'path', 'filename', 'filepath', 'location'];
const TITLE_KEYS = ['title', 'summary', 'name', 'issue', 'problem', 'headline'];
const EXPLANATION_KEYS = ['explanation', 'description', 'details', 'detail', 'message', 'reason', 'rationale', 'body'];
const REPLACEMENT_KEYS = ['replacement', 'fix', 'suggestedfix', 'suggestedreplacement', 'replacewith', 'newcode', 'fixedcode'];

function collectFindings(list: unknown[], frame: LineFrame, result: ParsedFindings): void {
  list.forEach((item, index) => {
    const parsed = readFinding(item, frame);
    if (typeof parsed === 'string') {
      result.skipped.push(`finding ${index + 1}: ${parsed}`);
    } else {
      result.findings.push(parsed.finding);
      for (const repair of parsed.repairs) result.repairs.push(`finding ${index + 1}: ${repair}`);
    }
  });
}

/** Reads one item, or returns why it cannot be used. */
function readFinding(item: unknown, frame: LineFrame): { finding: ParsedFinding; repairs: string[] } | string {
  const record = asRecord(item);
  if (!record) return 'not an object';
  const repairs: string[] = [];
  const lines = lineFields(record);
  if (lines.start === undefined) return 'no line number';
  if (lines.fromText) repairs.push('line numbers given as text');
  let start = lines.start;
  let end = lines.end ?? start;
  if (end < start) {
    [start, end] = [end, start];
    repairs.push('start and end lines swapped');
  }
  if (frame.resolver) {
    const resolved = frame.resolver.resolve(textField(record, FILE_KEYS), start, end);
    if (typeof resolved === 'string') return resolved;
    // The resolver answers in 0-based lines; the checks below speak the prompt's 1-based numbers.
    start = resolved.start + 1;
    end = resolved.end + 1;
    repairs.push(...resolved.repairs);
  }
  const first = frame.resolver ? 1 : frame.offset + 1;
  const last = frame.resolver ? Math.max(frame.lineCount, 1) : frame.offset + Math.max(frame.lineCount, 1);
  if (end < first || start > last) {
    // Models sometimes count from the top of the selection instead of using the numbers shown.
    if (frame.offset > 0 && start >= 1 && end <= frame.lineCount) {
      start += frame.offset;
      end += frame.offset;
      repairs.push('line numbers counted from the selection; moved to the file lines');
    } else {
      return `lines ${start}-${end} are outside the reviewed lines ${first}-${last}`;
    }
  }
  if (start < first || end > last) {
    start = Math.max(start, first);
    end = Math.min(end, last);
    repairs.push('lines clamped to the reviewed range');
  }
  const rawTitle = textField(record, TITLE_KEYS);
  const rawExplanation = textField(record, EXPLANATION_KEYS);
  if (rawTitle === undefined && rawExplanation === undefined) return 'no title or explanation';
  const title = clip(oneLine(rawTitle ?? firstSentence(rawExplanation ?? '')), MAX_TITLE);
  const explanation = clip((rawExplanation ?? rawTitle ?? '').trim(), MAX_EXPLANATION);
  if (title === '') return 'empty title';
  const severity = readSeverity(field(record, 'severity', 'level', 'priority', 'type', 'kind'));
  if (severity.repair) repairs.push(severity.repair);
  const finding: ParsedFinding = { startLine: start - 1, endLine: end - 1, severity: severity.value, title, explanation };
  const replacement = readReplacement(field(record, ...REPLACEMENT_KEYS));
  if (replacement !== undefined) {
    finding.replacement = replacement.text;
    repairs.push(...replacement.repairs);
  }
  return { finding, repairs };
}

function lineFields(record: Record<string, unknown>): { start?: number; end?: number; fromText: boolean } {
  let fromText = false;
  const num = (value: unknown): number | undefined => {
    if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value);
    if (typeof value === 'string') {
      const match = value.match(/-?\d+/);
      if (match) {
        fromText = true;
        return Number(match[0]);
      }
    }
    return undefined;
  };
  let start = num(field(record, 'startline', 'start', 'line', 'from', 'linestart', 'firstline'));
  let end = num(field(record, 'endline', 'end', 'to', 'lineend', 'lastline'));
  const range = field(record, 'lines', 'range', 'linerange');
  if (start === undefined && range !== undefined) {
    if (Array.isArray(range)) {
      start = num(range[0]);
      end = num(range[range.length - 1]);
    } else if (typeof range === 'string') {
      const match = range.match(/(\d+)(?:\s*(?:-|\u2013|\.\.|to|:)\s*(\d+))?/);
      if (match) {
        fromText = true;
        start = Number(match[1]);
        end = match[2] === undefined ? undefined : Number(match[2]);
      }
    } else {
      start = num(range);
    }
  }
  const out: { start?: number; end?: number; fromText: boolean } = { fromText };
  if (start !== undefined) out.start = start;
  if (end !== undefined) out.end = end;
  return out;
}

const SEVERITY_WORDS: Record<string, Severity> = {
  error: 'error',
  critical: 'error',
  high: 'error',
  severe: 'error',
  major: 'error',
  blocker: 'error',
  bug: 'error',
  fatal: 'error',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  moderate: 'warning',
  info: 'info',
  information: 'info',
  informational: 'info',
  low: 'info',
  minor: 'info',
  note: 'info',
  hint: 'info',
  suggestion: 'info',
  nit: 'info',
  style: 'info',
};

function readSeverity(value: unknown): { value: Severity; repair?: string } {
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (word === 'error' || word === 'warning' || word === 'info') return { value: word };
    const mapped = SEVERITY_WORDS[word];
    if (mapped) return { value: mapped, repair: `severity "${value}" read as ${mapped}` };
  }
  return { value: 'warning', repair: 'missing or unknown severity; used warning' };
}

function readReplacement(value: unknown): { text: string; repairs: string[] } | undefined {
  if (typeof value !== 'string') return undefined;
  const repairs: string[] = [];
  let text = value.replace(/\r\n?/g, '\n');
  const fenced = wholeFencedBlock(text);
  if (fenced) {
    text = fenced.body;
    repairs.push('code fence removed from the replacement');
  }
  const lines = text.split('\n');
  // The prompt numbers the lines `  12 | code`; a replacement copied with those numbers loses them.
  // A change is shown with a `+` or `-` before the number.
  if (lines.length > 0 && lines.every((line) => /^[+\s]?\s*\d+ \| ?/.test(line))) {
    text = lines.map((line) => line.replace(/^[+\s]?\s*\d+ \| ?/, '')).join('\n');
    repairs.push('line numbers removed from the replacement');
  }
  return { text, repairs };
}

function verdictList(value: unknown): (ParsedVerdict | string)[] {
  const out: (ParsedVerdict | string)[] = [];
  const push = (idValue: unknown, body: unknown): void => {
    const id = typeof idValue === 'string' || typeof idValue === 'number' ? normaliseId(String(idValue)) : undefined;
    if (!id) {
      out.push(`verdict without a valid finding id (${JSON.stringify(idValue) ?? 'none'})`);
      return;
    }
    const record = asRecord(body);
    const raw = record ? field(record, 'verdict', 'vote', 'stance', 'decision', 'agree', 'position') : body;
    const stance = readStance(raw);
    if (!stance) {
      out.push(`verdict on ${id} is neither AGREE nor DISAGREE`);
      return;
    }
    const verdict: ParsedVerdict = {
      id,
      stance,
      reason: clip(oneLine(record ? (textField(record, ['reason', 'comment', 'why', 'explanation', 'note']) ?? '') : ''), MAX_EXPLANATION),
    };
    const replacement = record ? readReplacement(field(record, ...REPLACEMENT_KEYS)) : undefined;
    if (replacement !== undefined && stance === 'support') verdict.replacement = replacement.text;
    out.push(verdict);
  };
  if (Array.isArray(value)) {
    for (const item of value) {
      const record = asRecord(item);
      if (!record) {
        out.push('a verdict that is not an object');
        continue;
      }
      push(field(record, 'id', 'finding', 'findingid', 'ref'), record);
    }
  } else {
    const record = asRecord(value);
    if (record) for (const [key, body] of Object.entries(record)) push(key, body);
  }
  return out;
}

function readStance(value: unknown): Stance | undefined {
  if (value === true) return 'support';
  if (value === false) return 'oppose';
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  if (/^(agree|agreed|yes|accept|accepted|support|supported|confirm|confirmed|valid|real|true)\b/.test(word)) return 'support';
  if (/^(disagree|disagreed|no|reject|rejected|oppose|opposed|invalid|false|not real|withdraw|withdrawn)\b/.test(word)) return 'oppose';
  return undefined;
}

/** `F2`, `f 2`, `#F-2`, `2` all name finding F2. */
function normaliseId(raw: string): string | undefined {
  const match = raw.trim().match(/^#?\s*F?\s*-?\s*(\d+)$/i);
  return match ? `F${Number(match[1])}` : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Reads a field by any of its names, ignoring case, `_` and `-` (`start_line`, `StartLine`). */
function field(record: Record<string, unknown>, ...names: string[]): unknown {
  for (const [key, value] of Object.entries(record)) {
    if (names.includes(key.toLowerCase().replace(/[_\-\s]/g, ''))) return value;
  }
  return undefined;
}

function textField(record: Record<string, unknown>, names: string[]): string | undefined {
  const value = field(record, ...names);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function firstSentence(text: string): string {
  const line = oneLine(text);
  const match = line.match(/^(.+?[.!?])(\s|$)/);
  return match?.[1] ?? line;
}

/** Trimmed and at most `max` long; an explanation cut in a code block keeps the block closed. */
function clip(text: string, max: number): string {
  return truncateMarkdown(text.trim(), max);
}
