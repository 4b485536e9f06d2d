import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BACKGROUNDS, builtInExtensionsFolder, contrast, loadBuiltInThemes, STATUS_TEXT_COLOURS } from '../../tools/themeContrast';

const root = path.resolve(__dirname, '..', '..', '..', '..');

/** Selectors of rules that colour status or state text (lanes, banner, chips, findings, polls, ties). */
const STATUS_SELECTOR = /status|data-kind|state-|confident|chip|severity|lane-error|poll-note|tie-|progress/;

/** Theme colour keys (`textLink.foreground`) of the `color:` declarations in status rules of a stylesheet. */
function statusTextColours(file: string): Set<string> {
  const css = readFileSync(path.join(root, 'media', file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const keys = new Set<string>();
  for (const [, selector, body] of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    if (!selector || !body || !STATUS_SELECTOR.test(selector)) continue;
    for (const [, variable] of body.matchAll(/(?:^|;)\s*color:\s*var\(--vscode-([A-Za-z0-9-]+)/g)) {
      if (variable) keys.add(variable.replace(/-/g, '.'));
    }
  }
  return keys;
}

describe('webview styles: status text contrast', () => {
  const used = new Set([...statusTextColours('panel.css'), ...statusTextColours('sidebar.css')]);

  it('colours status text only with colours the contrast table measures', () => {
    assert.ok(used.size > 0, 'found the status rules');
    for (const key of used) assert.ok((STATUS_TEXT_COLOURS as readonly string[]).includes(key), `${key} colours status text but is not measured`);
  });

  it('gives status text at least 4.5:1 against the panel, lane and sidebar backgrounds in every built-in theme', function () {
    const folder = builtInExtensionsFolder(root);
    // The themes come with the cached VS Code the integration tests use; without it there is nothing to read.
    if (!folder) this.skip();
    const themes = loadBuiltInThemes(folder);
    assert.ok(themes.length >= 10, `read ${themes.length} themes`);
    const low: string[] = [];
    for (const theme of themes) {
      for (const key of used) {
        for (const background of BACKGROUNDS) {
          const ratio = contrast(theme, key, background);
          if (ratio < 4.5) low.push(`${theme.name}: ${key} on ${background} ${ratio.toFixed(2)}:1`);
        }
      }
    }
    assert.deepEqual(low, []);
  });
});
