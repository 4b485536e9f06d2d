// Bundles the extension host code (node, CommonJS) and the webview scripts (browser) into dist/.
// Type checking is separate (`npm run check-types`): esbuild only strips types.
import { rmSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints one line per finished build so `--watch` shows when dist/ is fresh. */
const reportPlugin = {
  name: 'report',
  setup(build) {
    build.onEnd((result) => {
      const outfile = build.initialOptions.outfile ?? build.initialOptions.outdir;
      for (const message of result.errors) {
        const where = message.location ? `${message.location.file}:${message.location.line}: ` : '';
        console.error(`✘ ${where}${message.text}`);
      }
      console.log(`${result.errors.length ? 'failed' : 'built'} ${outfile}`);
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'silent',
  plugins: [reportPlugin],
};

const builds = [
  // The extension: `vscode` is provided by the host at run time.
  // The banner and footer stamp when the bundle starts and ends evaluating, so the measured
  // activation time includes loading our code (see src/extension/extension.ts).
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    banner: { js: 'globalThis.__consensusLoadStart = performance.now();' },
    footer: { js: 'globalThis.__consensusLoadEnd = performance.now();' },
  },
  // The agents layer (zod, the MCP SDK), required by the extension on first use, not at activation.
  {
    ...common,
    entryPoints: ['src/extension/runtime.ts'],
    outfile: 'dist/runtime.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  // The command-line tool, the same engine without an editor.
  // `module` first: jsonc-parser's `main` is a UMD build whose inner requires a bundler cannot follow.
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    banner: { js: '#!/usr/bin/env node' },
  },
  // The demo server `npm start` runs when no agent is configured (not packaged: see .vscodeignore).
  { ...common, entryPoints: ['src/demo/demoServer.ts'], outfile: 'dist/demo/server.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The webview pages run in the browser sandbox of a webview.
  {
    ...common,
    entryPoints: ['src/webview/panel.ts'],
    outfile: 'dist/webview/panel.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: ['src/webview/sidebar.ts'],
    outfile: 'dist/webview/sidebar.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

// A one-off build starts from an empty dist/, so no stale file (a source map of an earlier
// development build, say) ends up in the package.
if (!watch) rmSync('dist', { recursive: true, force: true });
const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('watching for changes…');
} else {
  const results = await Promise.allSettled(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  if (results.some((result) => result.status === 'rejected')) process.exit(1);
}
