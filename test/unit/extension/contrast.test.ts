import { strict as assert } from 'node:assert';
import path from 'node:path';
import { STATUS_TEXT_COLOURS, statusTextColours } from '../../tools/themeContrast';

const root = path.resolve(__dirname, '..', '..', '..', '..');

// The ratios themselves are checked against the themes of a real VS Code, in the integration
// suite (test/integration/contrast.test.ts): only there is a VS Code's theme folder certain.
describe('webview styles: status text colours', () => {
  it('colours status text only with colours the contrast check measures', () => {
    const used = new Set([...statusTextColours(root, 'panel.css'), ...statusTextColours(root, 'sidebar.css')]);
    assert.ok(used.size > 0, 'found the status rules');
    for (const key of used)
      assert.ok((STATUS_TEXT_COLOURS as readonly string[]).includes(key), `${key} colours status text but is not measured`);
  });
});
