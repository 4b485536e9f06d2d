/**
 * Reading an evaluation dataset file: JSON Lines, a JSON array (or an object holding one), or CSV
 * with a header row; each record in one of the formats of formats.ts. A bad record is reported
 * with its position and skipped, a record whose reference states no readable answer is counted
 * apart, and a file in which no record has a known format is refused, naming the formats.
 */
import { ConsensusError } from '../core/errors';
import { parse as parseCsv } from 'csv-parse/sync';
import { KNOWN_FORMATS, type Recognised, recogniseRecord } from './formats';

export { referenceAnswer } from './formats';
export type { DatasetFormat } from './formats';

/** One question with its reference answer. */
export interface DatasetItem {
  /** 1-based position in the file (line of JSON Lines or CSV, item of a JSON array): the item's identity for `--resume`. */
  line: number;
  /** The question as the agents get it (with lettered options for a multiple-choice item). */
  question: string;
  /** The reference answer: the option letter of a multiple-choice item, else the final answer. */
  expected: string;
  /** Option texts in letter order: the item is multiple choice and graded by letter. */
  choices?: string[];
}

/** A record that could not be used, with why. */
export interface DatasetProblem {
  line: number;
  message: string;
}

/** A dataset file, read. */
export interface Dataset {
  /** The formats found, in order of first appearance (plus `CSV` for a CSV file). */
  formats: string[];
  /** What `line` counts: a line of the file, or an item of a JSON array. */
  unit: 'line' | 'item';
  items: DatasetItem[];
  /** Records skipped because a field is missing or wrong. */
  problems: DatasetProblem[];
  /** Records whose reference states no readable final answer: not run, counted as unparsed. */
  unreadable: DatasetProblem[];
}

/** A file no record of which is in a known format. */
export class DatasetFormatError extends ConsensusError {
  constructor(message: string) {
    super('dataset-format', message, 'Give a data set in one of the known formats the message lists (see consensus eval --help).');
    this.name = 'DatasetFormatError';
  }
}

/** Where a record is, for a message: `data.jsonl:3` or `data.json item 3`. */
export function positionOf(file: string, unit: Dataset['unit'], line: number): string {
  return unit === 'line' ? `${file}:${line}` : `${file} item ${line}`;
}

function collect(
  records: readonly { line: number; value: unknown; problem?: string }[],
  unit: Dataset['unit'],
  extraFormat?: string,
): Dataset {
  const dataset: Dataset = { formats: extraFormat ? [extraFormat] : [], unit, items: [], problems: [], unreadable: [] };
  let unknown: string | undefined;
  for (const { line, value, problem } of records) {
    if (problem !== undefined) {
      dataset.problems.push({ line, message: problem });
      continue;
    }
    const found: Recognised = recogniseRecord(value);
    if (found.kind === 'item' || found.kind === 'unreadable') {
      if (!dataset.formats.includes(found.format)) dataset.formats.push(found.format);
    }
    if (found.kind === 'item') {
      const item: DatasetItem = { line, question: found.question, expected: found.expected };
      if (found.choices) item.choices = found.choices;
      dataset.items.push(item);
    } else if (found.kind === 'unreadable') {
      dataset.unreadable.push({ line, message: found.message });
    } else {
      unknown ??= found.kind === 'unknown' ? found.message : undefined;
      dataset.problems.push({ line, message: found.message });
    }
  }
  if (dataset.items.length === 0 && dataset.unreadable.length === 0) {
    const first = dataset.problems[0];
    const why =
      unknown !== undefined ? `its records' ${unknown}` : first ? `${unit} ${first.line}: ${first.message}` : 'it holds no record';
    throw new DatasetFormatError(`no question in a known format (${why}). Known formats: ${KNOWN_FORMATS}`);
  }
  return dataset;
}

function jsonLines(text: string): Dataset {
  const records: { line: number; value: unknown; problem?: string }[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    if (raw.trim() === '') continue;
    try {
      records.push({ line: index + 1, value: JSON.parse(raw) as unknown });
    } catch (error) {
      records.push({ line: index + 1, value: undefined, problem: `not JSON (${error instanceof Error ? error.message : String(error)})` });
    }
  }
  return collect(records, 'line');
}

/** The one list of records an object holds (`{"data": [...]}`), if it holds exactly one. */
function heldRecords(value: object): unknown[] | undefined {
  const lists = Object.values(value).filter(
    (v): v is unknown[] => Array.isArray(v) && v.length > 0 && v.every((e) => e !== null && typeof e === 'object' && !Array.isArray(e)),
  );
  return lists.length === 1 ? lists[0] : undefined;
}

function csv(text: string, delimiter: string): Dataset {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parseCsv(text, {
      columns: (header: string[]) => header.map((h) => h.trim()),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      delimiter,
    });
  } catch (error) {
    throw new DatasetFormatError(`not a CSV file this reader can use (${error instanceof Error ? error.message : String(error)})`);
  }
  const header = rows[0] ? Object.keys(rows[0].record) : [];
  const find = (...names: string[]): string | undefined => header.find((h) => names.includes(h.toLowerCase()));
  const questionColumn = find('question', 'problem');
  const answerColumn = find('answer', 'answerkey');
  if (questionColumn === undefined || answerColumn === undefined) {
    throw new DatasetFormatError(
      `the CSV header (${header.join(', ') || 'none'}) has no "question" and "answer" columns. Known formats: ${KNOWN_FORMATS}`,
    );
  }
  // Columns named by a single letter hold the options of a multiple-choice question.
  const optionColumns = header.filter((h) => /^[A-J]$/i.test(h)).sort((a, b) => a.toUpperCase().localeCompare(b.toUpperCase()));
  const records = rows.map(({ record, info }) => {
    const options = optionColumns.map((column) => record[column] ?? '').filter((option) => option.trim() !== '');
    const value: Record<string, unknown> = { question: record[questionColumn] ?? '', answer: record[answerColumn] ?? '' };
    if (options.length > 0) value.choices = options;
    return { line: info.lines, value };
  });
  return collect(records, 'line', 'CSV');
}

/**
 * Reads a dataset from the text of `file` (its name decides CSV: `.csv`, `.tsv`). Throws
 * `DatasetFormatError` when no record is in a known format.
 */
export function readDataset(raw: string, file = ''): Dataset {
  // Editors on Windows save UTF-8 with a byte-order mark, which JSON.parse rejects.
  const text = raw.replace(/^\uFEFF/, '');
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return csv(text, ',');
  if (lower.endsWith('.tsv')) return csv(text, '\t');
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let whole: unknown;
    try {
      whole = JSON.parse(trimmed);
    } catch {
      // Not one JSON value: JSON Lines (or broken JSON, reported line by line).
      return jsonLines(text);
    }
    if (Array.isArray(whole))
      return collect(
        (whole as unknown[]).map((value, index) => ({ line: index + 1, value })),
        'item',
      );
    const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
    // One record: a JSON Lines file of one line, or one record written over several lines.
    if (lines.length === 1 || recogniseRecord(whole).kind !== 'unknown')
      return lines.length === 1 ? jsonLines(text) : collect([{ line: 1, value: whole }], 'line');
    const held = whole !== null && typeof whole === 'object' ? heldRecords(whole) : undefined;
    if (held !== undefined)
      return collect(
        held.map((value, index) => ({ line: index + 1, value })),
        'item',
      );
    return collect([{ line: 1, value: whole }], 'line');
  }
  return jsonLines(text);
}
