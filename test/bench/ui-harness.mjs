// A stand-alone host for the webview pages: builds the bundles, serves them on loopback with the
// same HTML shell and CSP the extension uses, and stands in for VS Code with a fake
// `acquireVsCodeApi` (messages the page posts are collected in `window.__posted`; `setState` goes
// to sessionStorage, so a reload shows what a restored webview shows).
//
// `node test/bench/ui-harness.mjs` serves it and prints the addresses, to look at the pages in
// any browser. The benchmark (ui.mjs) imports `startHarness`.
import * as esbuild from 'esbuild';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** VS Code's theme variables that the pages use, for three kinds of theme (values from the default themes). */
const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif',
      'font-size': '13px',
      'editor-font-family': 'Menlo, Consolas, "DejaVu Sans Mono", monospace',
      'editor-font-size': '12px',
      foreground: '#3b3b3b',
      descriptionForeground: '#717171',
      errorForeground: '#e51400',
      focusBorder: '#005fb8',
      'editor-background': '#ffffff',
      'sideBar-background': '#f8f8f8',
      'editorWidget-background': '#f8f8f8',
      'panel-border': '#e5e5e5',
      'widget-border': '#e5e5e5',
      'textCodeBlock-background': '#f0f0f0',
      'button-background': '#005fb8',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#0258a8',
      'button-border': 'rgba(0,0,0,0.1)',
      'button-secondaryBackground': '#e5e5e5',
      'button-secondaryForeground': '#3b3b3b',
      'button-secondaryHoverBackground': '#cccccc',
      'badge-background': '#cccccc',
      'badge-foreground': '#3b3b3b',
      'progressBar-background': '#005fb8',
      'testing-iconPassed': '#388a34',
      'charts-green': '#388a34',
      'editorWarning-foreground': '#bf8803',
      'editorInfo-foreground': '#1a85ff',
      'input-background': '#ffffff',
      'input-foreground': '#3b3b3b',
      'input-border': '#cecece',
      'input-placeholderForeground': '#767676',
      'textLink-foreground': '#005fb8',
      'textLink-activeForeground': '#005fb8',
      'textBlockQuote-background': '#f8f8f8',
      'textBlockQuote-border': '#e5e5e5',
      'list-hoverBackground': '#f2f2f2',
      'sideBarSectionHeader-foreground': '#3b3b3b',
      'inputValidation-infoBackground': '#d6ecf2',
      'inputValidation-warningBackground': '#f6f5d2',
      'inputValidation-errorBackground': '#f2dede',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif',
      'font-size': '13px',
      'editor-font-family': 'Menlo, Consolas, "DejaVu Sans Mono", monospace',
      'editor-font-size': '12px',
      foreground: '#cccccc',
      descriptionForeground: '#9d9d9d',
      errorForeground: '#f85149',
      focusBorder: '#0078d4',
      'editor-background': '#1f1f1f',
      'sideBar-background': '#181818',
      'editorWidget-background': '#202020',
      'panel-border': '#2b2b2b',
      'widget-border': '#313131',
      'textCodeBlock-background': '#2b2b2b',
      'button-background': '#0078d4',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#026ec1',
      'button-border': 'rgba(255,255,255,0.07)',
      'button-secondaryBackground': '#313131',
      'button-secondaryForeground': '#cccccc',
      'button-secondaryHoverBackground': '#3c3c3c',
      'badge-background': '#616161',
      'badge-foreground': '#f8f8f8',
      'progressBar-background': '#0078d4',
      'testing-iconPassed': '#73c991',
      'charts-green': '#89d185',
      'editorWarning-foreground': '#cca700',
      'editorInfo-foreground': '#3794ff',
      'input-background': '#313131',
      'input-foreground': '#cccccc',
      'input-border': '#3c3c3c',
      'input-placeholderForeground': '#989898',
      'textLink-foreground': '#4daafc',
      'textLink-activeForeground': '#4daafc',
      'textBlockQuote-background': '#2b2b2b',
      'textBlockQuote-border': '#616161',
      'list-hoverBackground': '#2a2d2e',
      'sideBarSectionHeader-foreground': '#cccccc',
      'inputValidation-infoBackground': '#063b49',
      'inputValidation-warningBackground': '#352a05',
      'inputValidation-errorBackground': '#5a1d1d',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      'font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif',
      'font-size': '13px',
      'editor-font-family': 'Menlo, Consolas, "DejaVu Sans Mono", monospace',
      'editor-font-size': '12px',
      foreground: '#ffffff',
      descriptionForeground: 'rgba(255,255,255,0.7)',
      errorForeground: '#f48771',
      focusBorder: '#f38518',
      contrastBorder: '#6fc3df',
      contrastActiveBorder: '#f38518',
      'editor-background': '#000000',
      'sideBar-background': '#000000',
      'editorWidget-background': '#0c141f',
      'textCodeBlock-background': '#000000',
      'button-background': '#000000',
      'button-foreground': '#ffffff',
      'button-border': '#6fc3df',
      'button-secondaryBackground': '#000000',
      'button-secondaryForeground': '#ffffff',
      'badge-background': '#000000',
      'badge-foreground': '#ffffff',
      'progressBar-background': '#6fc3df',
      'testing-iconPassed': '#73c991',
      'charts-green': '#89d185',
      'editorWarning-foreground': '#ff0000',
      'editorInfo-foreground': '#3794ff',
      'input-background': '#000000',
      'input-foreground': '#ffffff',
      'input-border': '#6fc3df',
      'input-placeholderForeground': 'rgba(255,255,255,0.7)',
      'textLink-foreground': '#21a6ff',
      'textLink-activeForeground': '#21a6ff',
      'textBlockQuote-background': '#000000',
      'textBlockQuote-border': '#ffffff',
      'sideBarSectionHeader-foreground': '#ffffff',
    },
  },
};

/** Builds dist/webview/panel.js and sidebar.js as the production build does (minified IIFE). */
export async function buildBundles() {
  await esbuild.build({
    entryPoints: { panel: join(root, 'src/webview/panel.ts'), sidebar: join(root, 'src/webview/sidebar.ts') },
    outdir: join(root, 'dist/webview'),
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'error',
  });
  const sizes = {};
  for (const name of ['panel', 'sidebar']) sizes[`dist/webview/${name}.js`] = (await stat(join(root, 'dist/webview', `${name}.js`))).size;
  return sizes;
}

function themeCss(theme) {
  const vars = Object.entries(THEMES[theme].vars)
    .map(([name, value]) => `  --vscode-${name}: ${value};`)
    .join('\n');
  return `:root {\n${vars}\n}\n`;
}

/** The fake VS Code API, as a script the page's CSP admits by its nonce. */
function fakeApi(theme) {
  return `
document.body.classList.add(${JSON.stringify(THEMES[theme].bodyClass)});
window.__posted = [];
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));
let acquired = false;
window.acquireVsCodeApi = () => {
  if (acquired) throw new Error('acquireVsCodeApi called twice');
  acquired = true;
  return {
    postMessage: (message) => window.__posted.push(JSON.parse(JSON.stringify(message))),
    getState: () => { const saved = sessionStorage.getItem('vscode-state'); return saved ? JSON.parse(saved) : undefined; },
    setState: (state) => { sessionStorage.setItem('vscode-state', JSON.stringify(state)); return state; },
  };
};`;
}

/**
 * Loads the pure shared modules (html shell, run view reducer, sidebar summary) through esbuild,
 * so the harness uses the extension's own shell and builds snapshots as the extension does.
 */
export async function loadShared() {
  const result = await esbuild.build({
    stdin: {
      contents: "export * from './src/shared/html'; export * from './src/shared/runView'; export * from './src/shared/summary';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'error',
  });
  const source = result.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
}

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.map': 'application/json' };

/** Serves the pages on 127.0.0.1; `url(page, theme)` gives the address of panel or sidebar in a theme. */
export async function startHarness() {
  const { renderWebviewHtml } = await loadShared();
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    try {
      const page = /^\/(panel|sidebar)\.html$/.exec(url.pathname)?.[1];
      if (page) {
        const theme = THEMES[url.searchParams.get('theme') ?? 'dark'] ? (url.searchParams.get('theme') ?? 'dark') : 'dark';
        const origin = `http://${request.headers.host}`;
        const nonce = randomBytes(16).toString('base64');
        let html = renderWebviewHtml({
          cspSource: origin,
          nonce,
          scriptUri: `${origin}/dist/webview/${page}.js`,
          styleUri: `${origin}/media/${page}.css`,
          title: `Consensus ${page}`,
        });
        // VS Code injects its theme variables and the API before the page's own script runs.
        html = html.replace('</head>', `<link rel="stylesheet" href="${origin}/theme/${theme}.css">\n</head>`);
        html = html.replace('<div id="app"></div>', `<div id="app"></div>\n<script nonce="${nonce}">${fakeApi(theme)}</script>`);
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        response.end(html);
        return;
      }
      if (url.pathname === '/favicon.ico') {
        response.writeHead(204);
        response.end();
        return;
      }
      const theme = /^\/theme\/([\w-]+)\.css$/.exec(url.pathname)?.[1];
      if (theme && THEMES[theme]) {
        response.writeHead(200, { 'content-type': 'text/css' });
        response.end(themeCss(theme));
        return;
      }
      if (!/^\/(dist\/webview|media)\/[\w.-]+$/.test(url.pathname)) throw new Error('not found');
      const body = await readFile(join(root, url.pathname));
      response.writeHead(200, { 'content-type': TYPES[extname(url.pathname)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  return {
    url: (page, theme = 'dark') => `http://127.0.0.1:${port}/${page}.html?theme=${theme}`,
    close: () => new Promise((done) => server.close(done)),
  };
}

/** The themes the harness knows. */
export const themeNames = Object.keys(THEMES);

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildBundles();
  const harness = await startHarness();
  for (const page of ['panel', 'sidebar']) for (const theme of themeNames) console.log(harness.url(page, theme));
  console.log('serving; Ctrl+C stops');
}
