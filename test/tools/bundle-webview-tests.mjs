// Builds the webview's unit tests, which the TypeScript compile of test/ cannot: they need the DOM
// libraries, and the page scripts they drive are browser bundles. Part of `npm run compile-tests`.
//
// - test/unit/webview/*.test.ts → out/test/unit/webview/*.test.js (node, CommonJS), where the unit
//   suite's mocha configuration finds them; packages (jsdom, Testing Library) stay external.
// - src/webview/panel.ts and sidebar.ts → out/test/unit/webview/pages/, bundled as esbuild.mjs
//   bundles them for dist/webview/, so the tests run the page scripts built from the current source
//   without needing `npm run build` first.
// Type checking is separate: `npm run check-types` runs test/unit/webview/tsconfig.json.
import { readdirSync } from 'node:fs';
import * as esbuild from 'esbuild';

const testDir = 'test/unit/webview';
const outDir = 'out/test/unit/webview';
const tests = readdirSync(testDir)
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => `${testDir}/${name}`);

const results = await Promise.allSettled([
  esbuild.build({
    entryPoints: tests,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'warning',
  }),
  esbuild.build({
    entryPoints: ['src/webview/panel.ts', 'src/webview/sidebar.ts'],
    outdir: `${outDir}/pages`,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
  }),
]);
for (const result of results)
  if (result.status === 'rejected') console.error(result.reason instanceof Error ? result.reason.message : result.reason);
if (results.some((result) => result.status === 'rejected')) process.exit(1);
console.log(`built ${tests.length} webview test files and the panel and sidebar pages into ${outDir}`);
