/**
 * Contrast of the webviews' text colours in VS Code's built-in colour themes. Reads the theme
 * files of the VS Code the integration tests run (`.vscode-test/code-server-*`), resolves each
 * colour the way the workbench does (the theme's value, else the colour registry's default for the
 * theme's kind), and computes WCAG 2 contrast ratios. Used by `test/tools/contrast.mjs` (prints the
 * table) and a unit test (asserts at least 4.5:1).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

type ThemeKind = 'vs' | 'vs-dark' | 'hc-black' | 'hc-light';

/** What a colour is when the theme does not set it: VS Code's colour registry defaults, per theme kind. */
type Default = string | { transparent: string; alpha: number };

const REGISTRY: Record<string, Record<ThemeKind, Default>> = {
  foreground: { 'vs-dark': '#CCCCCC', vs: '#616161', 'hc-black': '#FFFFFF', 'hc-light': '#292929' },
  descriptionForeground: {
    vs: '#717171',
    'vs-dark': { transparent: 'foreground', alpha: 0.7 },
    'hc-black': { transparent: 'foreground', alpha: 0.7 },
    'hc-light': { transparent: 'foreground', alpha: 0.7 },
  },
  errorForeground: { 'vs-dark': '#F48771', vs: '#A1260D', 'hc-black': '#F48771', 'hc-light': '#B5200D' },
  'textLink.foreground': { vs: '#006AB1', 'vs-dark': '#3794FF', 'hc-black': '#21A6FF', 'hc-light': '#0F4A85' },
  'editor.background': { vs: '#FFFFFF', 'vs-dark': '#1E1E1E', 'hc-black': '#000000', 'hc-light': '#FFFFFF' },
  'editorWidget.background': { 'vs-dark': '#252526', vs: '#F3F3F3', 'hc-black': '#0C141F', 'hc-light': '#FFFFFF' },
  'sideBar.background': { 'vs-dark': '#252526', vs: '#F3F3F3', 'hc-black': '#000000', 'hc-light': '#FFFFFF' },
  // Colours the webviews used for status text before: measured to show why they were replaced.
  'testing.iconPassed': { 'vs-dark': '#73C991', vs: '#73C991', 'hc-black': '#73C991', 'hc-light': '#007100' },
  'charts.green': { 'vs-dark': '#89D185', vs: '#388A34', 'hc-black': '#89D185', 'hc-light': '#374E06' },
  'editorWarning.foreground': { 'vs-dark': '#CCA700', vs: '#BF8803', 'hc-black': '#FFD370', 'hc-light': '#895503' },
};

/** Text colours the webviews use for status and state text (media/panel.css, media/sidebar.css). */
export const STATUS_TEXT_COLOURS = ['foreground'] as const;
/**
 * For comparison (`--all`): colours of secondary, non-status text, and colours that carried status
 * text before (now only on borders and dots).
 */
export const COMPARED_COLOURS = [
  'descriptionForeground',
  'errorForeground',
  'textLink.foreground',
  'testing.iconPassed',
  'charts.green',
  'editorWarning.foreground',
] as const;
/** Backgrounds that text sits on: the panel, its lanes, banner and findings, the sidebar. */
export const BACKGROUNDS = ['editor.background', 'editorWidget.background', 'sideBar.background'] as const;

export interface Theme {
  name: string;
  kind: ThemeKind;
  colors: Record<string, string>;
}

interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** The built-in themes' folder of the cached VS Code, or undefined when it is not there. */
export function builtInExtensionsFolder(repoRoot: string): string | undefined {
  const cache = path.join(repoRoot, '.vscode-test');
  if (!existsSync(cache)) return undefined;
  for (const entry of readdirSync(cache)
    .filter((name) => name.startsWith('code-server-'))
    .sort()
    .reverse()) {
    const folder = path.join(cache, entry, 'node_modules', 'code-server', 'lib', 'vscode', 'extensions');
    if (existsSync(folder)) return folder;
  }
  return undefined;
}

/** Every colour theme the built-in `theme-*` extensions contribute, with its colours resolved through `include`. */
export function loadBuiltInThemes(extensionsFolder: string): Theme[] {
  const themes: Theme[] = [];
  for (const extension of readdirSync(extensionsFolder)
    .filter((name) => name.startsWith('theme-'))
    .sort()) {
    const manifestPath = path.join(extensionsFolder, extension, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      contributes?: { themes?: Array<{ id?: string; label: string; uiTheme: ThemeKind; path: string }> };
    };
    for (const contributed of manifest.contributes?.themes ?? []) {
      const file = path.join(extensionsFolder, extension, contributed.path);
      themes.push({ name: contributed.id ?? contributed.label, kind: contributed.uiTheme, colors: readColors(file) });
    }
  }
  return themes;
}

function readColors(file: string): Record<string, string> {
  const theme = JSON.parse(readFileSync(file, 'utf8')) as { include?: string; colors?: Record<string, string> };
  const inherited = theme.include ? readColors(path.join(path.dirname(file), theme.include)) : {};
  return { ...inherited, ...(theme.colors ?? {}) };
}

/** A colour of the theme, as an opaque colour over `under` when it has transparency. */
export function resolveColour(theme: Theme, key: string, under?: Rgba): Rgba {
  const raw = theme.colors[key];
  let colour: Rgba;
  if (raw !== undefined) colour = parseHex(raw);
  else {
    const fallback = REGISTRY[key]?.[theme.kind];
    if (fallback === undefined) throw new Error(`no default known for ${key} in a ${theme.kind} theme`);
    colour = typeof fallback === 'string' ? parseHex(fallback) : { ...resolveColour(theme, fallback.transparent), a: fallback.alpha };
  }
  return under && colour.a < 1 ? blend(colour, under) : colour;
}

/** WCAG 2 contrast ratio of text colour `text` over background `background` in `theme`. */
export function contrast(theme: Theme, text: string, background: string): number {
  const back = resolveColour(theme, background, { r: 0, g: 0, b: 0, a: 1 });
  const front = resolveColour(theme, text, back);
  const [light, dark] = [luminance(front), luminance(back)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function parseHex(value: string): Rgba {
  const hex = value.trim().replace(/^#/, '');
  const full = hex.length <= 4 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const channel = (index: number): number => parseInt(full.slice(index * 2, index * 2 + 2), 16);
  return { r: channel(0), g: channel(1), b: channel(2), a: full.length >= 8 ? channel(3) / 255 : 1 };
}

function blend(top: Rgba, under: Rgba): Rgba {
  const mix = (a: number, b: number): number => a * top.a + b * (1 - top.a);
  return { r: mix(top.r, under.r), g: mix(top.g, under.g), b: mix(top.b, under.b), a: 1 };
}

function luminance(colour: Rgba): number {
  const linear = (channel: number): number => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b);
}

/** Selectors of rules that colour status or state text (lanes, banner, chips, findings, polls, ties). */
const STATUS_SELECTOR = /status|data-kind|state-|confident|chip|severity|lane-error|poll-note|tie-|progress/;

/** Theme colour keys (`textLink.foreground`) of the `color:` declarations in the status rules of `media/<file>`. */
export function statusTextColours(repoRoot: string, file: string): Set<string> {
  const css = readFileSync(path.join(repoRoot, 'media', file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const keys = new Set<string>();
  for (const [, selector, body] of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    if (!selector || !body || !STATUS_SELECTOR.test(selector)) continue;
    for (const [, variable] of body.matchAll(/(?:^|;)\s*color:\s*var\(--vscode-([A-Za-z0-9-]+)/g)) {
      if (variable) keys.add(variable.replace(/-/g, '.'));
    }
  }
  return keys;
}

/** Every pairing of a theme, a status text colour and a background below 4.5:1, as a readable line. */
export function lowStatusContrast(themes: readonly Theme[], used: Iterable<string>): string[] {
  const low: string[] = [];
  for (const theme of themes) {
    for (const key of used) {
      for (const background of BACKGROUNDS) {
        const ratio = contrast(theme, key, background);
        if (ratio < 4.5) low.push(`${theme.name}: ${key} on ${background} ${ratio.toFixed(2)}:1`);
      }
    }
  }
  return low;
}
