import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { agentConfigJsonSchema } from '../../../src/agents';
import { languageModelToolContributions } from '../../../src/app/tools';
import { DEFAULTS } from '../../../src/core';

const repoRoot = path.join(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  engines: { vscode: string; node?: string };
  repository?: { type?: string; url?: string };
  scripts: Record<string, string>;
  capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: string[] } };
  devDependencies: Record<string, string>;
  contributes: {
    languageModelTools?: unknown[];
    configuration: { properties: Record<string, { default?: unknown; items?: unknown; minimum?: number; maximum?: number }> };
  };
};
const settings = manifest.contributes.configuration.properties;

describe('package.json', () => {
  it('validates consensus.agents with the same schema the extension applies (run `npm run sync-schema` after changing src/agents/config.ts)', () => {
    assert.deepEqual(settings['consensus.agents']?.items, (agentConfigJsonSchema as { items: unknown }).items);
  });

  it('offers agent mode the tools as src/app/tools defines them, as the MCP server does (run `npm run sync-schema` after changing a tool)', () => {
    assert.deepEqual(manifest.contributes.languageModelTools, languageModelToolContributions());
  });

  it("in Restricted Mode, ignores a workspace's agents (they can start programs and receive keys)", () => {
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    assert.ok(untrusted?.restrictedConfigurations?.includes('consensus.agents'), 'consensus.agents is a restricted setting');
  });

  it('gives the protocol settings the engine defaults', () => {
    assert.equal(settings['consensus.rounds']?.default, DEFAULTS.rounds);
    assert.equal(settings['consensus.k']?.default, DEFAULTS.k);
    assert.equal(settings['consensus.alpha']?.default, DEFAULTS.alpha);
    assert.equal(settings['consensus.beta1']?.default, DEFAULTS.beta1);
    assert.equal(settings['consensus.beta2']?.default, DEFAULTS.beta2);
    assert.equal(settings['consensus.mode']?.default, DEFAULTS.mode);
  });

  it('declares the Node it is developed on, as the README and ensure-setup say', async () => {
    const engines = (await import(pathToFileURL(path.join(repoRoot, 'test', 'runner', 'nodeEngines.mjs')).href)) as {
      MINIMUM_NODE: string;
    };
    assert.equal(manifest.engines.node, `>=${engines.MINIMUM_NODE}`);
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const shown = engines.MINIMUM_NODE.replace(/\.0$/, '');
    assert.ok(
      readme.includes(`Development needs Node ${shown} or newer`),
      `the README does not say "Development needs Node ${shown} or newer"`,
    );
  });

  it('runs every development tool that wants a newer Node than that on the Node 24 the runner keeps, or never during npm test', async () => {
    const { MINIMUM_NODE, packagesNeedingNewerNode } = (await import(
      pathToFileURL(path.join(repoRoot, 'test', 'runner', 'nodeEngines.mjs')).href
    )) as {
      MINIMUM_NODE: string;
      packagesNeedingNewerNode(lockPath: string, version: string): Array<{ name: string; where: string[] }>;
    };
    const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
      packages: Record<
        string,
        { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; devDependencies?: Record<string, string> }
      >;
    };
    // Who depends on whom, by folder in the lock, resolved as node does (nearest node_modules first).
    const parents = new Map<string, Set<string>>();
    for (const [where, info] of Object.entries(lock.packages)) {
      // Only the project's own devDependencies are installed, not those of its dependencies.
      for (const child of Object.keys({
        ...info.dependencies,
        ...info.optionalDependencies,
        ...(where === '' ? info.devDependencies : {}),
      })) {
        for (let base = where; ; base = base.includes('/node_modules/') ? base.slice(0, base.lastIndexOf('/node_modules/')) : '') {
          const candidate = `${base ? `${base}/` : ''}node_modules/${child}`;
          if (lock.packages[candidate]) {
            parents.set(candidate, (parents.get(candidate) ?? new Set()).add(where));
            break;
          }
          if (!base) break;
        }
      }
    }
    const nameOf = (where: string): string => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
    /** The project's own dependencies through which the package in folder `where` is installed, not walking through `skip`. */
    const roots = (where: string, skip: string, seen = new Set<string>()): Set<string> => {
      const found = new Set<string>();
      for (const parent of parents.get(where) ?? []) {
        if (parent === '') found.add(nameOf(where));
        else if (nameOf(parent) !== skip && !seen.has(parent)) for (const root of roots(parent, skip, seen.add(parent))) found.add(root);
      }
      return found;
    };
    // Run on Node 24 by the runner (conformance.mjs, withNode22.mjs); vsce needs @azure/identity only to publish.
    const onNode24 = new Set(['@modelcontextprotocol/conformance', '@vscode/test-electron']);
    assert.match(manifest.scripts['test:electron'] ?? '', /withNode22\.mjs out\/test\/runner\/electron\.js/);
    const newer = packagesNeedingNewerNode(path.join(repoRoot, 'package-lock.json'), MINIMUM_NODE);
    assert.ok(newer.length > 0, 'no package wants a newer Node: the check reads nothing');
    for (const { name, where } of newer) {
      const through = where
        .flatMap((folder) => [...roots(folder, '@azure/identity')])
        .filter((root) => !onNode24.has(root) && !(name === '@azure/identity' && root === '@vscode/vsce'));
      assert.deepEqual(
        through,
        [],
        `${name} wants a newer Node than ${MINIMUM_NODE} and is installed for ${through.join(', ')}, which runs on Node ${MINIMUM_NODE}`,
      );
    }
  });

  it('names a repository in the form vsce reads, on no host it does not have', () => {
    assert.equal(manifest.repository?.type, 'git');
    const url = new URL(manifest.repository?.url ?? '');
    // The project is not published: `.invalid` (RFC 2606) can never be taken for a real address.
    assert.match(url.hostname, /\.invalid$/);
  });

  it('types the extension against a VS Code API no newer than the minimum it declares', () => {
    const minimum = manifest.engines.vscode.replace(/^\^/, '');
    const types = (manifest.devDependencies['@types/vscode'] ?? '').replace(/^[\^~]/, '');
    const [minMajor = 0, minMinor = 0] = minimum.split('.').map(Number);
    const [typesMajor = 0, typesMinor = 0] = types.split('.').map(Number);
    assert.ok(
      typesMajor < minMajor || (typesMajor === minMajor && typesMinor <= minMinor),
      `@types/vscode ${types} is newer than engines.vscode ${minimum}`,
    );
  });
});
