import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { agentConfigJsonSchema } from '../../../src/agents';
import { DEFAULTS } from '../../../src/core';

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
  engines: { vscode: string };
  capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: string[] } };
  devDependencies: Record<string, string>;
  contributes: { configuration: { properties: Record<string, { default?: unknown; items?: unknown; minimum?: number; maximum?: number }> } };
};
const settings = manifest.contributes.configuration.properties;

describe('package.json', () => {
  it('validates consensus.agents with the same schema the extension applies (run `npm run sync-schema` after changing src/agents/config.ts)', () => {
    assert.deepEqual(settings['consensus.agents']?.items, (agentConfigJsonSchema as { items: unknown }).items);
  });

  it('in Restricted Mode, ignores a workspace\'s agents (they can start programs and receive keys)', () => {
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

  it('types the extension against a VS Code API no newer than the minimum it declares', () => {
    const minimum = manifest.engines.vscode.replace(/^\^/, '');
    const types = (manifest.devDependencies['@types/vscode'] ?? '').replace(/^[\^~]/, '');
    const [minMajor = 0, minMinor = 0] = minimum.split('.').map(Number);
    const [typesMajor = 0, typesMinor = 0] = types.split('.').map(Number);
    assert.ok(typesMajor < minMajor || (typesMajor === minMajor && typesMinor <= minMinor), `@types/vscode ${types} is newer than engines.vscode ${minimum}`);
  });
});
