// Writes what package.json declares from the definitions the extension applies: the JSON schema
// of one agent (generated from the zod schema in src/agents/config.ts) into the `consensus.agents`
// setting, so the settings editor validates exactly what the extension accepts; and the language
// model tools (name, description, input schema, from src/app/tools) into
// `contributes.languageModelTools`, so agent mode sees the tools the MCP server lists. Unit tests
// fail when either drifts apart.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { agentConfigJsonSchema } = require(path.join(root, 'out', 'src', 'agents', 'config.js'));
const { languageModelToolContributions } = require(path.join(root, 'out', 'src', 'app', 'tools', 'index.js'));
const manifestPath = path.join(root, 'package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
manifest.contributes.configuration.properties['consensus.agents'].items = agentConfigJsonSchema.items;
manifest.contributes.languageModelTools = languageModelToolContributions();
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log('package.json: consensus.agents schema and languageModelTools updated');
