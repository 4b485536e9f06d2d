// Prints the contrast ratio of every text colour the webviews use for status against the
// backgrounds it sits on, in each built-in colour theme of the cached VS Code (.vscode-test).
// Build first (npm run compile-tests). Usage: node test/tools/contrast.mjs [--all]
//   --all  also lists secondary text colours and the colours that used to carry status text.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const tools = require(path.join(root, 'out', 'test', 'tools', 'themeContrast.js'));

const folder = tools.builtInExtensionsFolder(root);
if (!folder) {
  console.error('No cached VS Code in .vscode-test: run the integration tests once (npm run test:integration) to fetch it.');
  process.exit(1);
}
const colours = [...tools.STATUS_TEXT_COLOURS, ...(process.argv.includes('--all') ? tools.COMPARED_COLOURS : [])];
const themes = tools.loadBuiltInThemes(folder);
const short = { 'editor.background': 'editor', 'editorWidget.background': 'widget', 'sideBar.background': 'sidebar' };
const columns = colours.flatMap((colour) => tools.BACKGROUNDS.map((background) => ({ colour, background })));
console.log(['theme', ...columns.map(({ colour, background }) => `${colour}/${short[background]}`)].join('\t'));
let lowest = Infinity;
for (const theme of themes) {
  const ratios = columns.map(({ colour, background }) => tools.contrast(theme, colour, background));
  for (const [index, ratio] of ratios.entries())
    if (tools.STATUS_TEXT_COLOURS.includes(columns[index].colour)) lowest = Math.min(lowest, ratio);
  console.log([theme.name, ...ratios.map((ratio) => `${ratio.toFixed(2)}${ratio < 4.5 ? '!' : ''}`)].join('\t'));
}
console.log(`lowest ratio of a status text colour in use: ${lowest.toFixed(2)} (WCAG AA needs 4.5)`);
