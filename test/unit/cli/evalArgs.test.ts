import { strict as assert } from 'node:assert';
import { CliUsageError, type EvalCommand, parseEvalArgs } from '../../../src/cli/args';

describe('cli: consensus eval arguments', () => {
  it('reads --baselines as the costed baselines, each once; the free majority vote may be named', () => {
    const command = parseEvalArgs([
      '--agents',
      'a.json',
      '--dataset',
      'd.jsonl',
      '--baselines',
      'debate, revote,self-consistency,revote,majority',
    ]) as EvalCommand;
    assert.deepEqual(command.baselines, ['debate', 'revote', 'selfConsistency']);
    assert.deepEqual((parseEvalArgs(['--agents', 'a.json', '--dataset', 'd.jsonl']) as EvalCommand).baselines, []);
  });

  it('names the baselines it knows when given another', () => {
    assert.throws(
      () => parseEvalArgs(['--agents', 'a.json', '--dataset', 'd.jsonl', '--baselines', 'revote,vote']),
      (error: unknown) => {
        assert.ok(error instanceof CliUsageError);
        assert.equal(error.message, "--baselines: unknown baseline 'vote'; choose from revote, self-consistency, debate (comma-separated)");
        return true;
      },
    );
  });
});
