/**
 * `consensus eval`: the protocol over a dataset with the evaluator of `src/eval`, progress on
 * stderr, the report rewritten to `--out` after every question (so Ctrl-C loses nothing) and
 * `--resume` to skip what that file already holds.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { agentsToExecute } from '../agents/execute';
import { createAgent, envApiKeyLookup } from '../agents/factory';
import type { Agent } from '../agents/types';
import { runConsensus } from '../core/index';
import { parseDataset } from '../eval/dataset';
import { evaluate } from '../eval/evaluate';
import type { ItemResult } from '../eval/grade';
import { buildReport, type EvalReport, formatReport } from '../eval/report';
import { loadAgentsFile } from './agentsFile';
import type { EvalCommand } from './args';
import { progressLine } from './progress';
import type { CliIo } from './run';
import { CliError, EXIT, enabledAgents } from './setup';

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : error instanceof Error ? error.message : String(error);
    throw new CliError(`cannot read the ${what} ${file}: ${reason}`);
  }
}

/** The results a previous `--out` report holds; none when the file does not exist yet. */
async function previousResults(file: string): Promise<ItemResult[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw new CliError(`cannot read ${file} to resume: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const report = JSON.parse(text) as Partial<EvalReport>;
    if (!Array.isArray(report.results)) throw new Error('it holds no "results" list');
    return report.results.filter(
      (r): r is ItemResult => r !== null && typeof r === 'object' && typeof r.line === 'number' && typeof r.question === 'string' && typeof r.correct === 'boolean',
    );
  } catch (error) {
    throw new CliError(`${file} is not a report written by 'consensus eval --out' (${error instanceof Error ? error.message : String(error)}); remove it or drop --resume`);
  }
}

/** Writes the report whole, through a temporary file, so an interrupted write never leaves half a report. */
async function writeReport(file: string, report: EvalReport): Promise<void> {
  const temporary = `${file}.partial`;
  await writeFile(temporary, `${JSON.stringify(report, null, 2)}\n`);
  await rename(temporary, file);
}

/** Runs `consensus eval`; agents it creates are pushed onto `agents` for the caller to dispose. */
export async function runEvalCommand(command: EvalCommand, io: CliIo, agents: Agent[]): Promise<number> {
  const configs = enabledAgents(await loadAgentsFile(command.agentsFile), command.agentsFile, io.env);
  const parsed = parseDataset(await readText(command.dataset, 'dataset'));
  for (const problem of parsed.problems) io.stderr(`consensus eval: ${command.dataset}:${problem.line}: ${problem.message}; skipped\n`);
  const items = command.limit !== undefined ? parsed.items.slice(0, command.limit) : parsed.items;
  if (items.length === 0) throw new CliError(`${command.dataset} has no usable question: each line must be {"question": "...", "answer": "..."}`);

  const getApiKey = envApiKeyLookup(io.env);
  for (const config of configs) agents.push(createAgent(config, { getApiKey }));
  const execute = agentsToExecute(agents);
  const participants = configs.map((config) => config.id);
  const previous = command.resume && command.out !== undefined ? await previousResults(command.out) : [];

  const done: ItemResult[] = [];
  const report = (): EvalReport => buildReport({ dataset: command.dataset, agents: participants, results: [...kept, ...done], skipped: parsed.problems });
  const wanted = new Set(items.map((item) => `${item.line}\u0000${item.question}`));
  const kept = previous.filter((r) => wanted.has(`${r.line}\u0000${r.question}`));
  if (kept.length > 0) io.stderr(`consensus eval: resuming: ${kept.length} of ${items.length} questions already done in ${command.out}\n`);

  // Writes are chained so they land in order and never overlap.
  let writing: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    const out = command.out;
    if (out === undefined) return writing;
    const snapshot = report();
    writing = writing.then(() => writeReport(out, snapshot));
    return writing;
  };
  let correct = kept.filter((r) => r.correct).length;
  const draw = (line: string): void => io.stderr(`\r${line}`);
  draw(progressLine({ done: kept.length, total: items.length, correct, elapsedMs: 0, etaMs: 0 }));

  const outcome = await evaluate({
    items,
    previous: kept,
    concurrency: command.concurrency,
    signal: io.signal,
    run: (item, signal) => {
      const seed = command.engine.seed !== undefined ? command.engine.seed + item.line : undefined;
      return runConsensus({ ...command.engine, ...(seed !== undefined ? { seed } : {}), prompt: item.question, participants, execute, signal });
    },
    onResult: (result) => {
      done.push(result);
      if (result.correct) correct++;
      void save();
    },
    onProgress: (progress) => draw(progressLine({ ...progress, correct })),
  });
  io.stderr('\n');
  const final = buildReport({ dataset: command.dataset, agents: participants, results: outcome.results, skipped: parsed.problems });
  if (command.out !== undefined) {
    await writing;
    await writeReport(command.out, final);
  }
  if (command.json) io.stdout(`${JSON.stringify(final, null, 2)}\n`);
  else io.stdout(formatReport(final));
  if (outcome.results.length > 0 && outcome.results.every((result) => result.reason === 'all-failed')) {
    // Nothing was measured: an accuracy of 0 would blame the protocol for a setup problem.
    io.stderr(`consensus eval: every agent failed on every question, so nothing was measured; try one question with 'consensus --agents ${command.agentsFile} --prompt ...' to see each agent's error\n`);
    return EXIT.error;
  }
  if (outcome.interrupted) {
    const where = command.out !== undefined ? `; they are in ${command.out}: run again with --resume to finish` : '';
    io.stderr(`consensus eval: interrupted: ${outcome.results.length} of ${items.length} questions done${where}\n`);
    return EXIT.interrupted;
  }
  return EXIT.final;
}
