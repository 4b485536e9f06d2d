/**
 * How a change is laid out for a review: the excerpts of several files (hunks with context) shown
 * with their real line numbers, and the mapping between those lines and the review's own line
 * space. The review engine keeps working on one "document" (the shown new-file lines, one after
 * the other, numbered 0..n-1); this class translates what agents write (a file and its line
 * numbers) into that space, and the decided findings back into files and lines.
 */
import type { ParsedFinding, ReplacementCandidate, ReviewFinding, ReviewLayoutPort } from '../types';
import type { ChangeStatus, DiffRow } from './diff';
import { fenced } from '../../core/text';

/** A run of rows of one file shown to the reviewers (a hunk, or a piece of a long one). */
export interface Excerpt {
  file: string;
  oldPath?: string;
  status: ChangeStatus;
  rows: DiffRow[];
}

/** A shown line of the new version of a file: where it is in the review's line space. */
interface ShownLine {
  file: string;
  /** 0-based line in the new file. */
  line: number;
}

/** Where a finding sits in the files. */
export interface Placement {
  file: string;
  /** 0-based, inclusive lines of the new file. */
  startLine: number;
  endLine: number;
  /** True when every line from start to end was shown (no unseen lines between them). */
  contiguous: boolean;
}

/** Paths compare without a leading `./`, `a/` or `b/`, and with forward slashes. */
function normalisePath(path: string): string {
  return path
    .trim()
    .replace(/\\/g, '/')
    .replace(/^\.\//, '')
    .replace(/^[ab]\//, '');
}

/** The review's view of a change. */
export class ReviewLayout implements ReviewLayoutPort {
  /** Every shown new-file line, in review order. */
  private readonly shown: ShownLine[] = [];
  /** File -> new-file line -> index in `shown`. */
  private readonly index = new Map<string, Map<number, number>>();
  /** The shown lines' text joined: the "code" the review engine works on. */
  readonly code: string;

  constructor(readonly excerpts: readonly Excerpt[]) {
    const texts: string[] = [];
    for (const excerpt of excerpts) {
      let lines = this.index.get(excerpt.file);
      if (!lines) {
        lines = new Map();
        this.index.set(excerpt.file, lines);
      }
      for (const row of excerpt.rows) {
        if (row.kind === 'removed' || row.newLine === undefined || lines.has(row.newLine)) continue;
        lines.set(row.newLine, this.shown.length);
        this.shown.push({ file: excerpt.file, line: row.newLine });
        texts.push(row.text);
      }
    }
    this.code = texts.join('\n');
  }

  /** The files shown, in order. */
  get files(): string[] {
    return [...this.index.keys()];
  }

  /** Number of shown new-file lines. */
  get lineCount(): number {
    return this.shown.length;
  }

  /**
   * The change as the prompts show it: one block per file, each line with its new-file line
   * number; `+` marks added lines, `-` removed ones (which have no number), the rest is context.
   */
  render(): string {
    const blocks: string[] = [];
    let current: string | undefined;
    let body: string[] = [];
    const flush = (excerpt: Excerpt | undefined): void => {
      if (current !== undefined) blocks.push(fenced(body.join('\n')));
      body = [];
      current = excerpt?.file;
      if (!excerpt) return;
      const how =
        excerpt.status === 'added' ? ' (new file)' : excerpt.oldPath !== undefined ? ` (${excerpt.status} from ${excerpt.oldPath})` : '';
      blocks.push(`File ${excerpt.file}${how}:`);
    };
    // One width per file, so its numbers line up across its excerpts.
    const widths = new Map<string, number>();
    for (const excerpt of this.excerpts) {
      const widest = Math.max(...excerpt.rows.map((row) => String((row.newLine ?? 0) + 1).length));
      widths.set(excerpt.file, Math.max(widths.get(excerpt.file) ?? 1, widest));
    }
    for (const excerpt of this.excerpts) {
      const width = widths.get(excerpt.file) ?? 1;
      if (excerpt.file !== current) flush(excerpt);
      else body.push(`  ${' '.repeat(width)}   ...`);
      for (const row of excerpt.rows) {
        const number = row.newLine === undefined ? ' '.repeat(width) : String(row.newLine + 1).padStart(width, ' ');
        const marker = row.kind === 'added' ? '+' : row.kind === 'removed' ? '-' : ' ';
        body.push(`${marker} ${number} | ${row.text}`);
      }
    }
    flush(undefined);
    return blocks.join('\n');
  }

  /**
   * Reads the lines an agent named (1-based new-file lines of `file`) into the review's line
   * space (0-based). Lines between the excerpts shown move to the nearest shown line. Returns
   * why it cannot, as text, when the file or the lines were not shown.
   */
  resolve(file: string | undefined, start: number, end: number): { start: number; end: number; repairs: string[] } | string {
    const repairs: string[] = [];
    let target: string | undefined;
    const files = this.files;
    if (file !== undefined && file.trim() !== '') {
      const wanted = normalisePath(file);
      target = files.find((candidate) => candidate === wanted);
      if (target === undefined) {
        const bySuffix = files.filter((candidate) => candidate.endsWith(`/${wanted}`) || wanted.endsWith(`/${candidate}`));
        if (bySuffix.length !== 1) return `file ${JSON.stringify(file)} is not one of the files shown (${files.join(', ')})`;
        target = bySuffix[0];
        repairs.push(`file ${JSON.stringify(file)} read as ${target}`);
      }
    } else if (files.length === 1) {
      target = files[0];
    } else {
      const holding = files.filter((candidate) => this.index.get(candidate)?.has(start - 1));
      if (holding.length !== 1)
        return `no "file" given, and line ${start} is shown in ${holding.length === 0 ? 'none' : 'several'} of the files`;
      target = holding[0];
      repairs.push(`no "file" given; line ${start} is shown only in ${target}`);
    }
    const lines = this.index.get(target as string) as Map<number, number>;
    const numbers = [...lines.keys()].sort((a, b) => a - b);
    const first = numbers[0] as number;
    const last = numbers[numbers.length - 1] as number;
    const from = start - 1;
    const to = end - 1;
    if (to < first || from > last) return `lines ${start}-${end} of ${target} were not shown (shown: ${first + 1}-${last + 1} with gaps)`;
    let low = numbers.find((line) => line >= from) as number;
    let high = [...numbers].reverse().find((line) => line <= to) as number;
    if (low > high) {
      // The range falls between two excerpts: the nearest shown line stands for it.
      const nearest = numbers.reduce((best, line) => (Math.abs(line - from) < Math.abs(best - from) ? line : best), first);
      low = nearest;
      high = nearest;
    }
    if (low !== from || high !== to) repairs.push(`lines ${start}-${end} of ${target} moved to the shown lines ${low + 1}-${high + 1}`);
    return { start: lines.get(low) as number, end: lines.get(high) as number, repairs };
  }

  /** Where lines `start`..`end` of the review's line space are in the files. */
  place(start: number, end: number): Placement {
    const first = this.shown[Math.max(0, Math.min(start, this.shown.length - 1))] as ShownLine;
    let last = first;
    let contiguous = true;
    for (let i = start + 1; i <= end && i < this.shown.length; i++) {
      const line = this.shown[i] as ShownLine;
      if (line.file !== first.file) {
        contiguous = false;
        break;
      }
      if (line.line !== last.line + 1) contiguous = false;
      last = line;
    }
    return { file: first.file, startLine: first.line, endLine: last.line, contiguous };
  }

  /** "src/app.ts line 12" or "src/app.ts lines 12-14" for lines of the review's line space. */
  describe(start: number, end: number): string {
    const where = this.place(start, end);
    const lines = where.startLine === where.endLine ? `line ${where.startLine + 1}` : `lines ${where.startLine + 1}-${where.endLine + 1}`;
    return `${where.file} ${lines}`;
  }

  /**
   * A decided finding moved from the review's line space into its file. A replacement covers
   * whole lines that must all have been shown, so one spanning unseen lines is dropped.
   */
  placeFinding(finding: ReviewFinding): ReviewFinding {
    const where = this.place(finding.startLine, finding.endLine);
    const placed: ReviewFinding = { ...finding, file: where.file, startLine: where.startLine, endLine: where.endLine };
    placed.replacements = finding.replacements.flatMap((candidate): ReplacementCandidate[] => {
      const at = this.place(candidate.startLine, candidate.endLine);
      return at.contiguous ? [{ ...candidate, startLine: at.startLine, endLine: at.endLine }] : [];
    });
    if (finding.replacement !== undefined && !where.contiguous) delete placed.replacement;
    return placed;
  }

  /** A parsed finding (review line space) with its file, for logs and tests. */
  placeParsed(finding: ParsedFinding): ParsedFinding {
    const where = this.place(finding.startLine, finding.endLine);
    return { ...finding, file: where.file, startLine: where.startLine, endLine: where.endLine };
  }
}
