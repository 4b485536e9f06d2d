/**
 * `consensus review`: the change (from git, or a diff file) → review batches → the review of
 * each through the application layer → a report (text, JSON or SARIF) and an exit status that a
 * pre-commit hook or a CI step can act on.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createAgent, envApiKeyLookup } from '../agents/factory';
import type { FindingOutcome, ReviewOutcome } from '../app/outcome';
import { reviewOutcome } from '../app/outcome';
import { noFindingsText } from '../app/outcomeText';
import { planChangesReview, startChangesReview } from '../app/reviewChanges';
import type { ChangesEvent, ChangesReviewState } from '../app/reviewChanges';
import { SERVER_VERSION } from '../mcpServer/tools';
import { parseUnifiedDiff } from '../review/changes/diff';
import { filterChanges } from '../review/changes/plan';
import type { LeftOut } from '../review/changes/plan';
import { loadAgentsFile } from './agentsFile';
import type { ReviewCommand } from './args';
import { readGitChanges } from './git';
import type { CliIo } from './io';
import { reviewSarif } from './sarif';
import { CliError, EXIT, enabledAgents } from './setup';

const RANK: Record<string, number> = { error: 3, warning: 2, info: 1 };

/** Accepted findings at least as severe as `failOn` (none for `never`). */
export function failingFindings(outcome: ReviewOutcome, failOn: ReviewCommand['failOn']): FindingOutcome[] {
  if (failOn === 'never') return [];
  const least = RANK[failOn] ?? 3;
  return outcome.findings.filter((finding) => finding.state === 'accepted' && (RANK[finding.severity] ?? 0) >= least);
}

/** The report a person reads: findings file by file, then the totals and what was left out. */
export function reviewReportText(
  outcome: ReviewOutcome,
  state: Pick<ChangesReviewState, 'reviewedFiles' | 'leftOut' | 'batchesRun'>,
): string {
  const out: string[] = [];
  const byFile = new Map<string, FindingOutcome[]>();
  for (const finding of outcome.findings) {
    const file = finding.file ?? '(no file)';
    byFile.set(file, [...(byFile.get(file) ?? []), finding]);
  }
  for (const [file, findings] of byFile) {
    out.push(file);
    for (const finding of [...findings].sort((a, b) => a.startLine - b.startLine)) {
      const lines = finding.startLine === finding.endLine ? `${finding.startLine}` : `${finding.startLine}-${finding.endLine}`;
      out.push(`  ${lines.padEnd(8)} ${finding.severity.padEnd(7)} ${finding.state.padEnd(8)} ${finding.title}`);
      if (finding.explanation.trim() !== '' && finding.explanation.trim() !== finding.title)
        out.push(`           ${finding.explanation.trim().replace(/\n/g, '\n           ')}`);
      out.push(
        `           supported by ${finding.support.join(', ') || 'none'}${finding.opposition.length ? `; opposed by ${finding.opposition.join(', ')}` : ''}`,
      );
      if (finding.replacement !== undefined)
        out.push('           agreed fix:', ...finding.replacement.split('\n').map((line) => `             ${line}`));
    }
    out.push('');
  }
  // An empty list is an all-clear only when agents reviewed (the one outcome text says so).
  if (outcome.findings.length === 0) out.push(state.reviewedFiles.length > 0 ? noFindingsText(outcome) : 'Nothing to review.', '');
  const { accepted, disputed, rejected } = outcome.counts;
  const status = outcome.final ? 'final' : `not final (${outcome.reason})`;
  out.push(
    `Review: ${status}; ${accepted} accepted, ${disputed} disputed, ${rejected} rejected; ${state.reviewedFiles.length} files in ${state.batchesRun} batches; ${outcome.agents} agents, ${outcome.calls} model calls.`,
  );
  for (const entry of state.leftOut) out.push(`Not reviewed: ${entry.file}: ${entry.reason}`);
  for (const failure of outcome.failures) out.push(`Failed: ${failure.agent}: ${failure.error.split('\n')[0] ?? ''}`);
  return `${out.join('\n')}\n`;
}

/** The report as data: the outcome, with what was reviewed and left out. */
export function reviewReportJson(
  outcome: ReviewOutcome,
  state: Pick<ChangesReviewState, 'reviewedFiles' | 'leftOut' | 'batchesRun'>,
): string {
  return `${JSON.stringify({ ...outcome, reviewedFiles: state.reviewedFiles, leftOut: state.leftOut, batches: state.batchesRun }, null, 2)}\n`;
}

async function readDiffFile(file: string, io: CliIo): Promise<string> {
  if (file === '-') {
    if (!io.readStdin)
      throw new CliError(
        '--diff - reads the diff from stdin, but stdin is a terminal: pipe a diff in (git diff | consensus review --diff - ...)',
        'pipe a diff in (git diff | consensus review --diff - ...)',
      );
    return io.readStdin();
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new CliError(
      `cannot read the diff ${file}: ${code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error)}`,
      'give the path of a readable diff file with --diff FILE, or - for stdin',
    );
  }
}

/** A line of progress on stderr for the events a person waits on. */
function progressLine(event: ChangesEvent, name: (id: string) => string): string | undefined {
  switch (event.type) {
    case 'batch-start':
      return `batch ${event.batch}/${event.batches}: ${event.files.join(', ')}`;
    case 'round-start':
      return event.round === 0
        ? `  round 0: ${event.participants.map(name).join(', ')} review`
        : `  round ${event.round}: ${event.participants.length} agents judge each other's findings`;
    case 'agent-result':
      return event.ok ? undefined : `  ${name(event.participant)} failed: ${(event.error ?? 'no answer').split('\n')[0] ?? ''}`;
    case 'finding-decided':
      return `  ${event.finding} ${event.state}`;
    default:
      return undefined;
  }
}

/** Runs `consensus review` and resolves its exit status; errors are thrown for `runCli` to print. */
export async function runReviewCommand(command: ReviewCommand, io: CliIo): Promise<number> {
  const configs = enabledAgents(await loadAgentsFile(command.agentsFile), command.agentsFile, io.env);
  const cwd = io.cwd ?? process.cwd();
  const text =
    command.source.kind === 'file'
      ? await readDiffFile(command.source.file, io)
      : await readGitChanges(command.source, command.paths, cwd, io.signal);
  const all = parseUnifiedDiff(text);
  const changes = command.source.kind === 'file' ? filterChanges(all, command.paths) : all;
  const plan = planChangesReview(changes, configs.length, command.engine);
  const leftOut: LeftOut[] = plan.leftOut;
  if (plan.batches.length === 0) {
    io.stderr(
      changes.length === 0 ? 'consensus review: no changes to review\n' : 'consensus review: nothing in the change can be reviewed\n',
    );
  } else {
    io.stderr(
      `consensus review: ${plan.files.length} files in ${plan.batches.length} batches, ${configs.length} agents, at most ${plan.callBound} model calls\n`,
    );
  }
  for (const entry of leftOut) io.stderr(`  not reviewed: ${entry.file}: ${entry.reason}\n`);

  const getApiKey = envApiKeyLookup(io.env);
  const handle = startChangesReview(
    {
      plan,
      agents: configs,
      settings: command.engine,
      signal: io.signal,
      ...(command.focus ? { focus: command.focus } : {}),
      title: describeSource(command),
    },
    { createAgent: (config) => createAgent(config, { getApiKey }) },
  );
  const names = new Map(handle.agents.map((agent) => [agent.id, agent.name]));
  const name = (id: string): string => names.get(id) ?? id;
  handle.onEvent((event) => {
    const line = progressLine(event, name);
    if (line !== undefined) io.stderr(`${line}\n`);
  });
  const state = await handle.result;
  const outcome = reviewOutcome(state, handle.agents);
  const report =
    command.format === 'sarif'
      ? `${JSON.stringify(reviewSarif(outcome, state.leftOut, SERVER_VERSION), null, 2)}\n`
      : command.format === 'json'
        ? reviewReportJson(outcome, state)
        : reviewReportText(outcome, state);
  if (command.out !== undefined) {
    try {
      await writeFile(command.out, report);
    } catch (error) {
      throw new CliError(
        `cannot write the report to ${command.out}: ${error instanceof Error ? error.message : String(error)}`,
        'give --out a path in a folder that exists and that you may write to',
      );
    }
  } else {
    io.stdout(report);
  }
  if (state.reason === 'cancelled') {
    io.stderr('consensus: cancelled\n');
    return EXIT.interrupted;
  }
  if (state.reason === 'all-failed') {
    const errors = outcome.failures.map((failure) => `  ${failure.agent}: ${failure.error.split('\n')[0] ?? ''}`).join('\n');
    io.stderr(`consensus: every agent failed, so nothing was reviewed:\n${errors}\n`);
    return EXIT.error;
  }
  const failing = failingFindings(outcome, command.failOn);
  if (failing.length > 0) {
    io.stderr(`consensus review: ${failing.length} accepted finding${failing.length === 1 ? '' : 's'} at ${command.failOn} or above\n`);
    return EXIT.findings;
  }
  return EXIT.final;
}

function describeSource(command: ReviewCommand): string {
  switch (command.source.kind) {
    case 'staged':
      return 'staged changes';
    case 'base':
      return `changes since ${command.source.ref}`;
    case 'file':
      return `diff ${command.source.file}`;
    default:
      return 'working tree vs HEAD';
  }
}
