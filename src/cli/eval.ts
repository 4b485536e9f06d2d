/**
 * `consensus eval`: the protocol over a dataset with the evaluator of `src/eval`, progress on
 * stderr, the report rewritten to `--out` after every question (so Ctrl-C loses nothing) and
 * `--resume` to skip what that file already holds (never dropping a finished result), with the
 * costed baselines of `--baselines` run on the same panel and questions.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { agentsToExecute } from '../agents/execute';
import { createAgent, envApiKeyLookup } from '../agents/factory';
import type { Agent } from '../agents/types';
import { startConsensus } from '../app/consensus';
import type { AppDeps } from '../app/types';
import { runBaselines } from '../eval/baselines';
import { type Dataset, DatasetFormatError, positionOf, readDataset } from '../eval/dataset';
import { evaluate } from '../eval/evaluate';
import { graderFor, type ItemResult } from '../eval/grade';
import { buildReport, type EvalReport, formatReport } from '../eval/report';
import { sortPrevious } from '../eval/resume';
import { loadAgentsFile } from './agentsFile';
import type { EvalCommand } from './args';
import { progressLine } from './progress';
import type { CliIo } from './io';
import { CliError, EXIT, enabledAgents } from './setup';

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : error instanceof Error ? error.message : String(error);
    throw new CliError(`cannot read the ${what} ${file}: ${reason}`, `give the path of a readable ${what}`);
  }
}

/** The results a previous `--out` report holds; none when the file does not exist yet. */
async function previousResults(file: string): Promise<ItemResult[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw new CliError(
      `cannot read ${file} to resume: ${error instanceof Error ? error.message : String(error)}`,
      'make the report readable, or drop --resume',
    );
  }
  try {
    const report = JSON.parse(text) as Partial<EvalReport>;
    if (!Array.isArray(report.results)) throw new Error('it holds no "results" list');
    // Results set apart by an earlier resume (questions no longer in the dataset) are carried on too.
    return [...report.results, ...(Array.isArray(report.stale) ? report.stale : [])].filter(
      (r): r is ItemResult =>
        r !== null &&
        typeof r === 'object' &&
        typeof r.line === 'number' &&
        typeof r.question === 'string' &&
        typeof r.correct === 'boolean',
    );
  } catch (error) {
    throw new CliError(
      `${file} is not a report written by 'consensus eval --out' (${error instanceof Error ? error.message : String(error)}); remove it or drop --resume`,
      'remove it or drop --resume',
    );
  }
}

/** Writes the report whole, through a temporary file, so an interrupted write never leaves half a report. */
async function writeReport(file: string, report: EvalReport): Promise<void> {
  const temporary = `${file}.partial`;
  await writeFile(temporary, `${JSON.stringify(report, null, 2)}\n`);
  await rename(temporary, file);
}

/** The dataset, its problems told on stderr; a file in no known format is refused. */
function loadDataset(command: EvalCommand, text: string, io: CliIo): Dataset {
  let dataset: Dataset;
  try {
    dataset = readDataset(text, command.dataset);
  } catch (error) {
    if (error instanceof DatasetFormatError) throw new DatasetFormatError(`${command.dataset}: ${error.message}`);
    throw error;
  }
  const where = (line: number): string => positionOf(command.dataset, dataset.unit, line);
  for (const problem of dataset.problems) io.stderr(`consensus eval: ${where(problem.line)}: ${problem.message}; skipped\n`);
  for (const problem of dataset.unreadable)
    io.stderr(`consensus eval: ${where(problem.line)}: ${problem.message}; not run, counted as unparsed\n`);
  return dataset;
}

/** Runs `consensus eval`; agents it creates are pushed onto `agents` for the caller to dispose. */
export async function runEvalCommand(command: EvalCommand, io: CliIo, agents: Agent[]): Promise<number> {
  const configs = enabledAgents(await loadAgentsFile(command.agentsFile), command.agentsFile, io.env);
  const dataset = loadDataset(command, await readText(command.dataset, 'dataset'), io);
  const items = command.limit !== undefined ? dataset.items.slice(0, command.limit) : dataset.items;
  if (items.length === 0)
    throw new CliError(
      `${command.dataset} has no question whose reference can be read: see the lines above`,
      'correct the reference answers the lines above name',
    );

  const getApiKey = envApiKeyLookup(io.env);
  for (const config of configs) agents.push(createAgent(config, { getApiKey }));
  const execute = agentsToExecute(agents);
  const participants = configs.map((config) => config.id);
  // Each question is a run of the application layer over the same agents, which live for the
  // whole evaluation (the caller disposes them): a run's route does not end them.
  const byId = new Map(agents.map((agent) => [agent.id, agent]));
  const deps: AppDeps = {
    createAgent: (config) => byId.get(config.id) as Agent,
    route: async () => ({ execute, dispose: async () => undefined }),
  };
  const previous = command.resume && command.out !== undefined ? await previousResults(command.out) : [];
  // Nothing finished is dropped: results beyond --limit are kept and counted, results of
  // questions no longer in the dataset are kept apart.
  const { reused, beyond, stale } = sortPrevious(previous, items, dataset.items);

  const done: ItemResult[] = [];
  const report = (results: readonly ItemResult[]): EvalReport =>
    buildReport({
      dataset: command.dataset,
      formats: dataset.formats,
      agents: participants,
      results: [...results, ...beyond],
      skipped: dataset.problems,
      unreadable: dataset.unreadable,
      stale,
    });
  if (reused.length > 0 || beyond.length > 0 || stale.length > 0) {
    const kept = [
      ...(beyond.length > 0 ? [`${beyond.length} more finished beyond --limit stay in the report`] : []),
      ...(stale.length > 0 ? [`${stale.length} for questions no longer in ${command.dataset} are kept apart ("stale"), not counted`] : []),
    ];
    io.stderr(
      `consensus eval: resuming: ${reused.length} of ${items.length} questions already done in ${command.out}${kept.length > 0 ? `; ${kept.join('; ')}` : ''}\n`,
    );
  }

  // Writes are chained so they land in order and never overlap.
  let writing: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    const out = command.out;
    if (out === undefined) return writing;
    const snapshot = report([...reused, ...done]);
    writing = writing.then(() => writeReport(out, snapshot));
    return writing;
  };
  let correct = reused.filter((r) => r.correct).length;
  const draw = (line: string): void => io.stderr(`\r${line}`);
  draw(progressLine({ done: reused.length, total: items.length, correct, elapsedMs: 0, etaMs: 0 }));

  const seedOf = (line: number): number | undefined => (command.engine.seed !== undefined ? command.engine.seed + line : undefined);
  const { seed: _seed, mode: _mode, rounds: _rounds, ...debate } = command.engine;
  const outcome = await evaluate({
    items,
    previous: reused,
    concurrency: command.concurrency,
    signal: io.signal,
    run: (item, signal) => {
      const seed = seedOf(item.line);
      return startConsensus(
        { prompt: item.question, agents: configs, settings: { ...command.engine, ...(seed !== undefined ? { seed } : {}) }, signal },
        deps,
      ).result;
    },
    ...(command.baselines.length > 0
      ? {
          baselines: (item, state, signal) => {
            const seed = seedOf(item.line);
            const panel = {
              participants,
              execute,
              ...(command.engine.timeoutMs !== undefined ? { timeoutMs: command.engine.timeoutMs } : {}),
              debate: { ...debate, ...(seed !== undefined ? { seed } : {}) },
            };
            return runBaselines(command.baselines, panel, item, state, graderFor(item), signal);
          },
        }
      : {}),
    onResult: (result) => {
      done.push(result);
      if (result.correct) correct++;
      void save();
    },
    onProgress: (progress) => draw(progressLine({ ...progress, correct })),
  });
  io.stderr('\n');
  const final = report(outcome.results);
  if (command.out !== undefined) {
    await writing;
    await writeReport(command.out, final);
  }
  if (command.json) io.stdout(`${JSON.stringify(final, null, 2)}\n`);
  else io.stdout(formatReport(final));
  if (outcome.results.length > 0 && outcome.results.every((result) => result.reason === 'all-failed')) {
    // Nothing was measured: an accuracy of 0 would blame the protocol for a setup problem.
    io.stderr(
      `consensus eval: every agent failed on every question, so nothing was measured; try one question with 'consensus --agents ${command.agentsFile} --prompt ...' to see each agent's error\n`,
    );
    return EXIT.error;
  }
  if (outcome.interrupted) {
    const where = command.out !== undefined ? `; they are in ${command.out}: run again with --resume to finish` : '';
    io.stderr(`consensus eval: interrupted: ${outcome.results.length} of ${items.length} questions done${where}\n`);
    return EXIT.interrupted;
  }
  return EXIT.final;
}
