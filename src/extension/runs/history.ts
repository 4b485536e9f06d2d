/**
 * Past runs, kept in the extension's global storage so they survive reloads: one JSON file per
 * run, the newest `maxRuns` kept. A damaged file is skipped and logged, never fatal.
 */
import * as vscode from 'vscode';
import type { RunView } from '../../shared/runView';
import { toPastRun, type PastRunSummary } from '../../shared/summary';
import type { Log } from '../log';

const FORMAT = 1;

interface StoredRun {
  format: number;
  view: RunView;
}

function isStoredRun(value: unknown): value is StoredRun {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const view = record.view as Record<string, unknown> | undefined;
  return record.format === FORMAT && typeof view === 'object' && view !== null
    && typeof view.runId === 'string' && typeof view.title === 'string' && typeof view.createdAt === 'number' && Array.isArray(view.rounds);
}

export class History {
  private readonly folder: vscode.Uri;
  private cache: RunView[] | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after a run was saved or removed. */
  readonly onDidChange = this.changed.event;

  constructor(storage: vscode.Uri, private readonly log: Log, private readonly maxRuns: () => number) {
    this.folder = vscode.Uri.joinPath(storage, 'runs');
  }

  /** Every readable past run, newest first. */
  async list(): Promise<RunView[]> {
    if (this.cache) return this.cache;
    const runs: RunView[] = [];
    let entries: [string, vscode.FileType][] = [];
    try {
      entries = await vscode.workspace.fs.readDirectory(this.folder);
    } catch {
      entries = []; // No run saved yet.
    }
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.File || !name.endsWith('.json')) continue;
      const file = vscode.Uri.joinPath(this.folder, name);
      try {
        const parsed: unknown = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
        if (!isStoredRun(parsed)) throw new Error('not a saved run of this version');
        runs.push(parsed.view);
      } catch (error) {
        this.log.warn(`Skipped the damaged past run ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    runs.sort((a, b) => b.createdAt - a.createdAt);
    this.cache = runs;
    return runs;
  }

  async get(runId: string): Promise<RunView | undefined> {
    return (await this.list()).find((run) => run.runId === runId);
  }

  /** Saves (or replaces) a run, then drops the oldest beyond the limit. */
  save(view: RunView): Promise<void> {
    // One save at a time: each reads the list the previous one wrote.
    const saved = this.saving.then(() => this.write(view));
    this.saving = saved.catch(() => undefined);
    return saved;
  }

  private async write(view: RunView): Promise<void> {
    await vscode.workspace.fs.createDirectory(this.folder);
    const stored: StoredRun = { format: FORMAT, view };
    await vscode.workspace.fs.writeFile(this.fileOf(view.runId), new TextEncoder().encode(JSON.stringify(stored)));
    const runs = (await this.list()).filter((run) => run.runId !== view.runId);
    runs.unshift(view);
    runs.sort((a, b) => b.createdAt - a.createdAt);
    const excess = runs.splice(this.maxRuns());
    for (const old of excess) {
      await vscode.workspace.fs.delete(this.fileOf(old.runId)).then(undefined, () => undefined);
    }
    this.cache = runs;
    this.changed.fire();
  }

  /** The sidebar's list. */
  async summaries(): Promise<PastRunSummary[]> {
    return (await this.list()).map(toPastRun);
  }

  private fileOf(runId: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, `${runId.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
