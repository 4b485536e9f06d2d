// axe-core on a webview page, as the integration suite (through the UI driver) and the unit-level
// page harness run it: the WCAG 2.x A and AA rules and axe's best practices, every violation
// returned as one readable line so a failing test names the rule, the element and the fix.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** axe's browser build, read once; evaluated in the page through the debugger protocol (the page's CSP admits no inline script). */
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** What is checked: every WCAG 2.0/2.1/2.2 A and AA rule and the best practices (landmarks, one h1, …). */
export const AXE_OPTIONS = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  resultTypes: ['violations'],
};

/**
 * Runs axe on the document of `frame` (a Playwright Page or Frame) and returns its violations as
 * lines: "rule (impact): help — element: what is wrong".
 */
export async function axeViolations(frame) {
  const loaded = await frame.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await frame.evaluate(axeSource);
  const results = await frame.evaluate((options) => window.axe.run(document, options), AXE_OPTIONS);
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} — ${node.target.join(' ')}: ${(node.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`,
    ),
  );
}
