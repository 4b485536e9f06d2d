/**
 * No service locator comes back: a class of src/extension with a public, writable property (a
 * slot the composition root or a command fills in after construction, as `Ctx.actions` and
 * `SetupFlow.resume` were) fails `npm run lint`; the same class taking what it needs in its
 * constructor passes.
 */
import * as assert from 'node:assert/strict';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

/** Lints `text` as if it were the file at `relativePath`, with the composition rule alone. */
async function compositionMessages(relativePath: string, text: string): Promise<LintMessage[]> {
  const { ESLint } = (await import('eslint')) as typeof import('eslint');
  const { compositionRules } = (await import(path.join(repoRoot, 'test', 'tools', 'compositionRules.mjs'))) as {
    compositionRules: import('eslint').Linter.Config[];
  };
  const tsParser = (await import('typescript-eslint')).parser;
  const eslint = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, ...compositionRules],
  });
  const [result] = await eslint.lintText(text, { filePath: path.join(repoRoot, relativePath) });
  return result?.messages ?? [];
}

const LATE_SLOTS: { kind: string; text: string }[] = [
  {
    kind: 'a handler slot with a do-nothing default',
    text: 'export class Probe {\n  actions: { panel(message: unknown): Promise<void> } = { panel: async () => undefined };\n}\n',
  },
  { kind: 'a service set by activate', text: 'export class Probe {\n  frontEnds: object | undefined;\n}\n' },
  {
    kind: 'a callback filled in by the commands',
    text: 'export class Probe {\n  public resume: () => Promise<unknown> = async () => undefined;\n}\n',
  },
];

describe('the linter keeps the composition root honest', function () {
  this.timeout(60_000);

  for (const slot of LATE_SLOTS) {
    it(`fails on ${slot.kind}`, async () => {
      const messages = await compositionMessages('src/extension/slotProbe.ts', slot.text);
      assert.ok(
        messages.some((message) => message.ruleId === 'no-restricted-syntax' && /fills in after construction/.test(message.message)),
        JSON.stringify(messages),
      );
    });
  }

  it('passes a class that takes what it needs in its constructor, readonly state and private state', async () => {
    const text = [
      'export class Probe {',
      '  readonly onDidChange = () => undefined;',
      '  private pending: string | undefined;',
      '  static readonly viewId = "probe";',
      '  constructor(private readonly handle: (message: unknown) => Promise<void>) {}',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(await compositionMessages('src/extension/slotProbe.ts', text), []);
  });
});
