import { strict as assert } from 'node:assert';
import path from 'node:path';
import * as vscode from 'vscode';
import { loadBuiltInThemes, lowStatusContrast, statusTextColours } from '../tools/themeContrast';

const root = path.resolve(__dirname, '..', '..', '..');

describe('Status text in the panel and the sidebar', () => {
  it('reaches 4.5:1 against the panel, lane and sidebar backgrounds in every theme this VS Code ships', () => {
    // The built-in themes of the VS Code the tests run in, light, dark and high contrast.
    const themes = loadBuiltInThemes(path.join(vscode.env.appRoot, 'extensions'));
    assert.ok(themes.length >= 10, `read ${themes.length} themes`);
    const used = new Set([...statusTextColours(root, 'panel.css'), ...statusTextColours(root, 'sidebar.css')]);
    assert.ok(used.size > 0, 'found the status rules');
    assert.deepEqual(lowStatusContrast(themes, used), []);
  });
});
