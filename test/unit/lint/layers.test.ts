/**
 * The README's layers are kept by the linter: a deliberately wrong import of each kind fails
 * `npm run lint`, and the same file with an import its layer allows passes. The files are linted
 * as text at a path inside src/, so nothing is written into the tree.
 */
import * as assert from 'node:assert/strict';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

/** Lints `text` as if it were the file at `relativePath`, with the layer rules alone. */
async function layerMessages(relativePath: string, text: string): Promise<LintMessage[]> {
  // Dynamic imports: eslint and the layer table are ES modules; this test compiles to CommonJS.
  const { ESLint } = (await import('eslint')) as typeof import('eslint');
  const importX = (await import('eslint-plugin-import-x')).default;
  const { createTypeScriptImportResolver } = await import('eslint-import-resolver-typescript');
  const { layerRules } = (await import(path.join(repoRoot, 'test', 'tools', 'layers.mjs'))) as {
    layerRules: import('eslint').Linter.Config[];
  };
  const tsParser = (await import('typescript-eslint')).parser;
  const eslint = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser },
        plugins: { 'import-x': importX },
        settings: {
          'import-x/resolver-next': [createTypeScriptImportResolver({ project: [path.join(repoRoot, 'tsconfig.json')] })],
        },
      },
      ...layerRules,
    ],
  });
  const [result] = await eslint.lintText(text, { filePath: path.join(repoRoot, relativePath) });
  return result?.messages ?? [];
}

const wrongImports: { kind: string; file: string; text: string; rule: string }[] = [
  {
    kind: 'vscode in src/core',
    file: 'src/core/layerProbe.ts',
    text: "import * as vscode from 'vscode';\nexport const probe = vscode;\n",
    rule: 'no-restricted-imports',
  },
  {
    kind: 'a node built-in in src/core',
    file: 'src/core/layerProbe.ts',
    text: "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n",
    rule: 'no-restricted-imports',
  },
  {
    kind: 'src/app importing src/extension',
    file: 'src/app/layerProbe.ts',
    text: "import { Config } from '../extension/config';\nexport const probe = Config;\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    kind: 'src/ importing test/',
    file: 'src/agents/layerProbe.ts',
    text: "import { isAlive } from '../../test/fixtures/processes';\nexport const probe = isAlive;\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    kind: 'node in the webview',
    file: 'src/webview/layerProbe.ts',
    text: "import { readFileSync } from 'fs';\nexport const probe = readFileSync;\n",
    rule: 'no-restricted-imports',
  },
  {
    kind: 'src/core importing src/app',
    file: 'src/core/layerProbe.ts',
    text: "import { startConsensus } from '../app/consensus';\nexport const probe = startConsensus;\n",
    rule: 'import-x/no-restricted-paths',
  },
];

describe('the linter keeps the layers', function () {
  this.timeout(60_000);

  for (const wrong of wrongImports) {
    it(`fails on ${wrong.kind}`, async () => {
      const messages = await layerMessages(wrong.file, wrong.text);
      assert.ok(
        messages.some((message) => message.ruleId === wrong.rule),
        `expected ${wrong.rule} for ${wrong.kind}, got ${JSON.stringify(messages)}`,
      );
    });
  }

  it('passes an import the layer allows', async () => {
    const messages = await layerMessages(
      'src/app/layerProbe.ts',
      "import { runConsensus } from '../core/engine';\nexport const probe = runConsensus;\n",
    );
    assert.deepEqual(messages, []);
  });
});
