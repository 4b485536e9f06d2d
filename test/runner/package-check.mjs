// Checks the packaged extension as a user gets it: installs consensus.vsix into a fresh
// code-server with `--install-extension`, opens VS Code in headless Chromium, runs a command
// from the palette and reads the panel. Reports the package's size and contents.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureTools, repoRoot } from './tools.mjs';
import { startCodeServer } from './codeServer.mjs';
import { launchChromium } from './browser.mjs';

const vsix = path.join(repoRoot, 'consensus.vsix');
const outputDir = path.join(repoRoot, 'test-output');
const log = (line) => console.log(`[package] ${line}`);
if (!existsSync(vsix)) {
  console.error('[package] FAILED: consensus.vsix is missing: run `npm run package` first');
  process.exit(1);
}

const listing = execFileSync('unzip', ['-l', vsix], { encoding: 'utf8' });
const files = listing
  .split('\n')
  .map((line) => line.trim().split(/\s+/).pop())
  .filter((name) => name?.startsWith('extension/'));
log(
  `consensus.vsix: ${(statSync(vsix).size / 1024).toFixed(1)} KiB, ${files.length} files: ${files.map((name) => name.replace(/^extension\//, '')).join(', ')}`,
);

const tools = ensureTools();
let passed = 0;
let failed = 0;
const server = await startCodeServer({
  node: tools.node,
  entry: tools.codeServer,
  workspace: path.join(repoRoot, 'test', 'integration', 'workspace'),
  beforeStart: ({ extensions, userData }) => {
    // The same command a user runs to install a package.
    execFileSync(tools.node, [tools.codeServer, '--extensions-dir', extensions, '--user-data-dir', userData, '--install-extension', vsix], {
      stdio: 'pipe',
    });
  },
});
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(path.join(repoRoot, 'test', 'integration', 'workspace'))}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The palette lists an extension's commands once the extension host has read the package: try
  // again until it does.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Consensus: Show Panel');
    try {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Consensus: Show Panel' }).first().waitFor({ timeout: 10_000 });
      break;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (attempt === 4) throw error;
    }
  }
  await page.keyboard.press('Enter');
  const deadline = Date.now() + 30_000;
  let text = '';
  while (Date.now() < deadline && !text.includes('No run yet')) {
    for (const frame of page.frames()) {
      text = await frame.evaluate(() => document.querySelector('[data-view="panel"]')?.textContent ?? '').catch(() => '');
      if (text.includes('No run yet')) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  mkdirSync(path.join(outputDir, 'screenshots'), { recursive: true });
  await page.screenshot({ path: path.join(outputDir, 'screenshots', 'package-installed.png') });
  if (text.includes('No run yet')) {
    passed++;
    log('the installed package activates and its panel renders');
  } else {
    failed++;
    console.error(
      '[package] FAILED: the installed package did not show its panel (screenshot: test-output/screenshots/package-installed.png)',
    );
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`package: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
