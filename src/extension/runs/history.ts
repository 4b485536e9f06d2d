/**
 * Past runs, kept in the extension's global storage so they survive reloads: one JSON file per
 * run, the newest `maxRuns` kept. A damaged file is skipped and logged, never fatal. Every window
 * shares the folder: a file watcher (and, where watching is not possible, the window gaining
 * focus) makes the list re-read, so a run saved in another window shows up without a reload.
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
  return (
    record.format === FORMAT &&
    typeof view === 'object' &&
    view !== null &&
    typeof view.runId === 'string' &&
    typeof view.title === 'string' &&
    typeof view.createdAt === 'number' &&
    Array.isArray(view.rounds)
  );
}

export class History {
  private readonly folder: vscode.Uri;
  private cache: RunView[] | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after a run was saved or removed, here or in another window. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Watches the folder once it exists (a watcher on a missing folder may never fire). */
  private watching: Promise<void> | undefined;
  /** Counts `forget` calls, so a list read while the folder changed is not kept. */
  private generation = 0;

  constructor(
    storage: vscode.Uri,
    private readonly log: Log,
    private readonly maxRuns: () => number,
  ) {
    this.folder = vscode.Uri.joinPath(storage, 'runs');
    this.disposables.push(
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused && this.cache) this.forget();
      }),
    );
  }

  /** Drops the cached list (another window changed the folder) and tells the views. */
  private forget(): void {
    this.cache = undefined;
    this.generation += 1;
    this.changed.fire();
  }

  private watch(): Promise<void> {
    this.watching ??= (async () => {
      await vscode.workspace.fs.createDirectory(this.folder);
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.folder, '*.json'));
      this.disposables.push(
        watcher,
        watcher.onDidCreate(() => this.forget()),
        watcher.onDidChange(() => this.forget()),
        watcher.onDidDelete(() => this.forget()),
      );
    })().catch((error: unknown) => {
      this.log.warn(
        `Runs saved in other windows appear only when this window gains focus: cannot watch the past runs folder (${error instanceof Error ? error.message : String(error)}).`,
      );
    });
    return this.watching;
  }

  /** Every readable past run, newest first. */
  async list(): Promise<RunView[]> {
    if (this.cache) return this.cache;
    await this.watch();
    const generation = this.generation;
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
    if (generation === this.generation) this.cache = runs;
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
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.changed.dispose();
  }
}
