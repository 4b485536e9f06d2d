import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AgentConfigError } from '../../../src/agents/config';
import { AGENT_FIXES, AgentError } from '../../../src/agents/errors';
import { AgentsFileError } from '../../../src/cli/agentsFile';
import { CliUsageError } from '../../../src/cli/args';
import { cliErrorText } from '../../../src/cli/errorOutput';
import { CliError } from '../../../src/cli/setup';
import { ERROR_KINDS } from '../../../src/core/errorKind';
import { ConsensusConfigError, ConsensusError, ERROR_CODES, errorReport, errorText, isConsensusError } from '../../../src/core/errors';
import { DatasetFormatError } from '../../../src/eval/dataset';
import { errorResult } from '../../../src/mcpServer/errorResult';
import { PortInUseError } from '../../../src/mcpServer/http';
import { MeshError, MeshLimitError } from '../../../src/mesh/errors';
import { DiffParseError, parseUnifiedDiff } from '../../../src/review/changes/diff';

const SRC = resolve(__dirname, '../../../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Every `class X extends Y` in src/: X → Y. */
function classGraph(): Map<string, string> {
  const graph = new Map<string, string>();
  for (const file of sources(SRC)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bclass (\w+) extends (\w+)/g)) graph.set(match[1]!, match[2]!);
  }
  return graph;
}

/** One of each error class the unit tests can load (the editor's need vscode: the walk below covers them). */
const SAMPLES: Record<string, ConsensusError> = {
  ConsensusConfigError: new ConsensusConfigError('alpha', 'alpha must be between 0.5 and 1, got 1.5'),
  AgentError: new AgentError('auth', "The API key for agent 'a' was rejected (HTTP 401)."),
  AgentConfigError: new AgentConfigError(['agents[0].baseUrl: must be an http(s) URL']),
  AgentsFileError: new AgentsFileError('agents.json must hold a list of agents'),
  CliError: new CliError('no prompt given', 'pass --prompt TEXT'),
  CliUsageError: new CliUsageError('unknown option --frobnicate'),
  MeshError: new MeshError("no mesh member named 'x'"),
  MeshLimitError: new MeshLimitError('depth', "'a' cannot ask 'b': the depth limit is 2"),
  PortInUseError: new PortInUseError(4000),
  DiffParseError: new DiffParseError('the text holds no file of a unified diff'),
  DatasetFormatError: new DatasetFormatError('data.jsonl: no question in a known format'),
};

describe('one error vocabulary', () => {
  it('every error class in src/ is a ConsensusError: none extends Error on its own', () => {
    const graph = classGraph();
    const errors = [...graph.keys()].filter((name) => {
      for (let at: string | undefined = name; at !== undefined; at = graph.get(at)) if (at === 'Error') return true;
      return false;
    });
    assert.ok(errors.length >= 15, `found only ${errors.join(', ')}`);
    const outside = errors.filter((name) => {
      if (name === 'ConsensusError') return false;
      for (let at: string | undefined = graph.get(name); at !== undefined; at = graph.get(at)) if (at === 'ConsensusError') return false;
      return true;
    });
    assert.deepEqual(outside, [], 'these error classes do not extend ConsensusError');
  });

  it('each one carries a known code and a fix in words', () => {
    for (const [name, error] of Object.entries(SAMPLES)) {
      assert.ok(error instanceof ConsensusError && isConsensusError(error), name);
      assert.ok((ERROR_CODES as readonly string[]).includes(error.code), `${name}: code ${error.code}`);
      assert.ok(error.fix.trim().length > 10, `${name} says no fix`);
      assert.equal(error.name, name);
    }
    for (const kind of ERROR_KINDS) if (kind !== 'cancelled') assert.ok(AGENT_FIXES[kind].length > 10, `AgentError '${kind}' says no fix`);
  });

  it('is recognised across bundles by its code and fix, not its class', () => {
    const foreign = Object.assign(new Error('port 4000 is already in use'), { code: 'port-in-use', fix: 'pick another port' });
    assert.equal(isConsensusError(foreign), true);
    assert.equal(isConsensusError(Object.assign(new Error('x'), { code: 'ENOENT', fix: 'y' })), false, 'a node error code is not ours');
    assert.equal(errorReport(new Error('boom')).code, 'internal');
  });

  it('says the fix once: not again when the message already holds it', () => {
    const said = errorReport(new PortInUseError(4000));
    assert.equal(said.fix, undefined);
    const unsaid = errorReport(new AgentConfigError(['agents[0].model: required']));
    assert.match(unsaid.fix ?? '', /Correct each setting/);
  });

  it('the same error reads the same in the command line and the MCP server: message, fix and code', () => {
    for (const error of [
      new AgentConfigError(['agents[0].model: required']),
      new ConsensusConfigError('k', 'k must be at least 1, got 0'),
    ]) {
      const cli = cliErrorText(error);
      const mcp = errorResult(error);
      const mcpText = (mcp.content[0] as { text: string }).text;
      assert.ok(cli.startsWith('consensus: '));
      for (const text of [cli, mcpText]) {
        assert.ok(text.includes(error.message), text);
        assert.ok(text.includes(`Fix: ${error.fix}`), text);
        assert.ok(text.endsWith(`[${error.code}]`) || text.endsWith(`[${error.code}]\n`), text);
      }
      assert.equal(mcp.isError, true);
      assert.deepEqual(mcp._meta, { consensusError: { code: error.code, fix: error.fix } });
    }
    assert.match(
      cliErrorText(new ConsensusConfigError('alpha', 'alpha must be at most 1')),
      /alpha must be at most 1 \(set with --alpha\)/,
    );
  });

  it('a bug is no ConsensusError: the command line prints its stack, the MCP server throws it on', () => {
    const bug = new TypeError('undefined is not a function');
    assert.match(
      cliErrorText(bug),
      /^consensus: undefined is not a function \[internal\]\nTypeError: undefined is not a function\n {4}at /,
    );
    assert.throws(() => errorResult(bug), TypeError);
  });

  it('a diff that cannot be read is a diff-unreadable error whose message says what to give', () => {
    assert.throws(
      () => parseUnifiedDiff('hello'),
      (error: unknown) =>
        error instanceof DiffParseError && error.code === 'diff-unreadable' && errorText(error).includes("give the output of 'git diff'"),
    );
  });
});
