// Writes the JSON schema of one agent (generated from the zod schema in src/agents/config.ts)
// into package.json's `consensus.agents` setting, so the settings editor validates and completes
// exactly what the extension accepts. A unit test fails when the two drift apart.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { agentConfigJsonSchema } = require(path.join(root, 'out', 'src', 'agents', 'config.js'));
const manifestPath = path.join(root, 'package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
manifest.contributes.configuration.properties['consensus.agents'].items = agentConfigJsonSchema.items;
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log('package.json: consensus.agents schema updated');
