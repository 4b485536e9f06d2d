/**
 * The options of a run: classes of equivalent answers. A new answer joins the first option (in
 * order of creation) whose first answer is equivalent to it, else it founds a new option. Comparing
 * with the first answer only keeps membership stable even when `equivalent` is not transitive.
 */
import { type PreparedAnswer, prepareAnswer } from './answers';
import { unitsAgree } from './answer/units';
import type { Equivalence } from './types';

/** One option. */
export interface OptionRecord {
  id: string;
  author: string;
  /** The first answer, against which later answers are compared. */
  answer: string;
  round: number;
}

/** Creates and looks up options; ids are stable for a given sequence of answers. */
export class OptionRegistry {
  private readonly records: OptionRecord[] = [];
  private readonly byId = new Map<string, OptionRecord>();
  // The default equivalence is a comparison of normalised keys, so exact lookups replace the scan.
  // Per key, every option with that key and its unit, in order (units decide among them).
  private readonly byKey = new Map<string, { index: number; unit: string }[]>();
  private readonly byWhole = new Map<string, number>();
  private readonly byWholeUnkeyed = new Map<string, number>();
  // Options whose number was converted to a base unit, by its key as written (`35 min` → `#35`).
  private readonly byWritten = new Map<string, number>();

  constructor(private readonly equivalent: Equivalence | undefined) {}

  // Answers a judge placed in an existing option (exact text -> option id).
  private readonly aliases = new Map<string, string>();

  /** The option an answer belongs to, created when none matches. */
  classify(answer: string, author: string, round: number): string {
    return this.find(answer) ?? this.create(answer, author, round);
  }

  /** The option an answer belongs to, if any, without creating one. */
  find(answer: string): string | undefined {
    const alias = this.aliases.get(answer);
    if (alias !== undefined) return alias;
    const index = this.equivalent ? this.scan(answer, this.equivalent) : this.lookup(prepareAnswer(answer));
    return index !== undefined ? (this.records[index] as OptionRecord).id : undefined;
  }

  /** Places `answer` in option `id` (a judge decided they agree). */
  alias(answer: string, id: string): void {
    this.aliases.set(answer, id);
  }

  /** Every option, in order of creation. */
  list(): readonly OptionRecord[] {
    return this.records;
  }

  /** How many options exist (an option is never removed). */
  get size(): number {
    return this.records.length;
  }

  get(id: string): OptionRecord | undefined {
    return this.byId.get(id);
  }

  private scan(answer: string, equivalent: Equivalence): number | undefined {
    const index = this.records.findIndex((record) => equivalent(record.answer, answer));
    return index >= 0 ? index : undefined;
  }

  private lookup(p: PreparedAnswer): number | undefined {
    // Earliest option that is equivalent: same key (both keyed) or same whole text (either unkeyed).
    const candidates =
      p.key !== undefined
        ? [
            this.byKey.get(p.key)?.find((entry) => unitsAgree(entry.unit, p.unit))?.index,
            this.byWholeUnkeyed.get(p.whole),
            // A bare number and the same number with a converted unit agree (see `preparedEquivalent`).
            p.unit === '' ? this.byWritten.get(p.key) : undefined,
            p.written !== undefined ? this.byKey.get(p.written)?.find((entry) => entry.unit === '')?.index : undefined,
          ]
        : [this.byWhole.get(p.whole)];
    let found: number | undefined;
    for (const c of candidates) if (c !== undefined && (found === undefined || c < found)) found = c;
    return found;
  }

  private create(answer: string, author: string, round: number): string {
    let id = author;
    for (let n = 1; this.byId.has(id); n++) id = n === 1 ? `${author}@${round}` : `${author}@${round}.${n}`;
    const record: OptionRecord = { id, author, answer, round };
    const index = this.records.length;
    this.records.push(record);
    this.byId.set(id, record);
    if (!this.equivalent) {
      const p = prepareAnswer(answer);
      if (p.key !== undefined) this.byKey.set(p.key, [...(this.byKey.get(p.key) ?? []), { index, unit: p.unit }]);
      if (p.written !== undefined && !this.byWritten.has(p.written)) this.byWritten.set(p.written, index);
      if (!this.byWhole.has(p.whole)) this.byWhole.set(p.whole, index);
      if (p.key === undefined && !this.byWholeUnkeyed.has(p.whole)) this.byWholeUnkeyed.set(p.whole, index);
    }
    return id;
  }
}

/**
 * The participant whose answer founded an option (`author` or `author@round`), when known. Works
 * with any record keyed by participant id (labels, names).
 */
export function optionAuthor(option: string, labels: Readonly<Record<string, string>>): string | undefined {
  if (labels[option] !== undefined) return option;
  const at = option.lastIndexOf('@');
  const author = at > 0 ? option.slice(0, at) : undefined;
  return author !== undefined && labels[author] !== undefined ? author : undefined;
}
