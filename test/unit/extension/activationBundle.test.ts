import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.join(__dirname, '..', '..', '..', '..');
const map = path.join(repoRoot, 'dist', 'extension.js.map');

describe('the activation bundle', () => {
  before(function () {
    if (!existsSync(map)) throw new Error(`${map} does not exist: run 'node esbuild.mjs' first`);
  });

  it('leaves zod and the answer reader to the runtime loaded on first use, so activation stays cheap', () => {
    const sources = (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources;
    const packages = new Set(
      sources.filter((source) => source.includes('node_modules/')).map((source) => source.split('node_modules/')[1]?.split('/')[0]),
    );
    for (const heavy of ['zod', 'mathjs', 'marked', '@modelcontextprotocol'])
      assert.ok(!packages.has(heavy), `${heavy} is in dist/extension.js`);
    assert.ok(!sources.some((source) => source.endsWith('src/core/answers.ts')), 'the answer reader is in dist/extension.js');
  });
});
