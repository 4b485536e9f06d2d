// The README's layers, as the linter's import rules. Each folder of src/ names the folders it may
// import from; every other folder of src/, and test/, is refused. The lowest layers also may not
// use vscode or node's built-ins, and the webview (browser code) may use neither.
import { builtinModules } from 'node:module';

/** Each folder of src/ and the folders of src/ it may import (itself always). */
export const layers = {
  core: [],
  agents: ['core'],
  review: ['core'],
  // The evaluator quotes data-set text through the agents' one redaction step.
  eval: ['core', 'agents'],
  mesh: ['core', 'agents'],
  // The run session folds events into the run view (shared) with the editor's findings and
  // prompts, and labels a run of the demo agents.
  app: ['core', 'agents', 'review', 'eval', 'mesh', 'shared', 'editor', 'demo'],
  shared: ['core'],
  editor: ['core', 'review', 'shared'],
  webview: ['core', 'shared'],
  demo: ['core'],
  mcpServer: ['core', 'agents', 'review', 'eval', 'mesh', 'app', 'editor'],
  cli: ['core', 'agents', 'review', 'eval', 'mesh', 'app', 'editor', 'shared', 'mcpServer', 'demo'],
  // The extension publishes the MCP server: it shares the hand-over's names (mcpServer/handover).
  extension: ['core', 'agents', 'review', 'eval', 'mesh', 'app', 'editor', 'shared', 'demo', 'mcpServer'],
};

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/** Folders whose code must run anywhere: no vscode, no node built-ins. */
const pure = ['core', 'review', 'eval', 'shared', 'editor', 'webview'];

function zoneFor(folder) {
  const allowed = new Set([folder, ...layers[folder]]);
  const refused = Object.keys(layers).filter((other) => !allowed.has(other));
  return {
    target: `./src/${folder}`,
    from: [...refused.map((other) => `./src/${other}`), './test'],
    message: `src/${folder} may import only from ${[...allowed].map((name) => `src/${name}`).join(', ')} (the README's layers).`,
  };
}

export const layerRules = [
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: Object.keys(layers).map(zoneFor) }],
    },
  },
  {
    files: pure.map((folder) => `src/${folder}/**/*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode', ...nodeBuiltins].map((name) => ({
            name,
            message: "This layer is pure: no vscode and no node built-ins (the README's layers). Take what it needs as a parameter.",
          })),
        },
      ],
    },
  },
];
