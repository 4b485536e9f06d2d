/**
 * The change under review, read from git's command line: the working tree against HEAD (with new
 * untracked files), the staged changes, or the branch against a base. git runs with an argument
 * array (never a shell) and with settings that keep its output the plain unified diff jsdiff reads,
 * whatever the user's git configuration says.
 */
import { execFile } from 'node:child_process';
import { CliError } from './setup';

/** Which change to review. */
export type ChangeSource = { kind: 'worktree' } | { kind: 'staged' } | { kind: 'base'; ref: string };

/** Lines of context git shows around each change: enough for a reviewer to read it. */
export const CONTEXT_LINES = 10;

/** Options that make `git diff` print what the parser expects, whatever the user's configuration. */
const DIFF_OPTIONS = ['--no-color', '--no-ext-diff', '--src-prefix=a/', '--dst-prefix=b/', '--find-renames', `--unified=${CONTEXT_LINES}`];

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs git with `args` in `cwd`; rejects only when git cannot be started. */
function git(args: readonly string[], cwd: string, signal: AbortSignal): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'core.quotepath=off', ...args],
      { cwd, signal, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8', env: { ...process.env, GIT_PAGER: 'cat', LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        if (error && typeof (error as { code?: unknown }).code !== 'number') {
          const code = (error as { code?: unknown }).code;
          if (code === 'ENOENT')
            reject(
              new CliError(
                "git was not found on PATH: install git, or give the change as a file with --diff FILE (the output of 'git diff')",
                "install git, or give the change as a file with --diff FILE (the output of 'git diff')",
              ),
            );
          // Cancelled (Ctrl-C): the cancellation's own reason, which the command line reports as such.
          else if (signal.aborted) reject(signal.reason);
          else
            reject(
              new CliError(
                `git could not be started: ${error.message}`,
                "check that git runs in this folder, or give the change as a file with --diff FILE (the output of 'git diff')",
              ),
            );
          return;
        }
        resolve({ code: error ? Number((error as { code?: unknown }).code) : 0, stdout, stderr });
      },
    );
  });
}

/** Fails with git's own words when it did not succeed. */
function expectOk(result: GitResult, what: string): string {
  if (result.code !== 0)
    throw new CliError(
      `${what} failed: ${result.stderr.trim() || `git exited with status ${result.code}`}`,
      'run the git command in the message yourself to see why, or give the change with --diff FILE',
    );
  return result.stdout;
}

/** The unified diff of `source`, limited to `paths` (relative to `cwd`) when any are given. */
export async function readGitChanges(source: ChangeSource, paths: readonly string[], cwd: string, signal: AbortSignal): Promise<string> {
  const inside = await git(['rev-parse', '--is-inside-work-tree'], cwd, signal);
  if (inside.code !== 0 || inside.stdout.trim() !== 'true') {
    throw new CliError(
      "this is not a git repository: run 'consensus review' inside one, or give the change with --diff FILE (the output of 'git diff', or - for stdin)",
      "run 'consensus review' inside one, or give the change with --diff FILE (the output of 'git diff', or - for stdin)",
    );
  }
  const limit = ['--', ...paths];
  if (source.kind === 'staged')
    return expectOk(await git(['diff', '--cached', ...DIFF_OPTIONS, ...limit], cwd, signal), 'git diff --cached');
  if (source.kind === 'base') {
    const known = await git(['rev-parse', '--verify', '--quiet', `${source.ref}^{commit}`], cwd, signal);
    if (known.code !== 0)
      throw new CliError(
        `--base ${source.ref} names no commit in this repository: give a branch, tag or commit (e.g. --base origin/main)`,
        'give a branch, tag or commit (e.g. --base origin/main)',
      );
    // Three dots: what the branch changed since it left the base, not what the base did meanwhile.
    return expectOk(await git(['diff', ...DIFF_OPTIONS, `${source.ref}...HEAD`, ...limit], cwd, signal), `git diff ${source.ref}...HEAD`);
  }
  const head = await git(['rev-parse', '--verify', '--quiet', 'HEAD'], cwd, signal);
  if (head.code !== 0)
    throw new CliError(
      'this repository has no commit yet, so there is no HEAD to compare with: commit once, or review the staged files with --staged',
      'commit once, or review the staged files with --staged',
    );
  const tracked = expectOk(await git(['diff', 'HEAD', ...DIFF_OPTIONS, ...limit], cwd, signal), 'git diff HEAD');
  // New files not yet added are changes of the working tree too; git diff HEAD leaves them out.
  // Paths from the top of the repository, as git diff names them, whatever folder we are in.
  const top = expectOk(await git(['rev-parse', '--show-toplevel'], cwd, signal), 'git rev-parse --show-toplevel').trim();
  const untracked = expectOk(
    await git(['ls-files', '--others', '--exclude-standard', '--full-name', '-z', ...limit], cwd, signal),
    'git ls-files',
  )
    .split('\0')
    .filter((file) => file !== '');
  const added: string[] = [];
  for (const file of untracked) {
    // --no-index exits 1 when the files differ, which they always do here.
    const result = await git(['diff', '--no-index', ...DIFF_OPTIONS, '--', '/dev/null', file], top, signal);
    if (result.code > 1)
      throw new CliError(
        `git diff of the new file ${file} failed: ${result.stderr.trim()}`,
        'check that the file can be read, or give the change with --diff FILE',
      );
    added.push(result.stdout);
  }
  return [tracked, ...added]
    .filter((part) => part.trim() !== '')
    .map((part) => (part.endsWith('\n') ? part : `${part}\n`))
    .join('');
}
