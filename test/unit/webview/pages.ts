/**
 * The real webview bundles (dist/webview, built by `npm run build`) and style sheets, served by
 * the page harness of the UI benchmark (test/bench/ui-harness.mjs: the extension's own HTML shell
 * and CSP, a stand-in for VS Code's API and theme variables) and shown in headless Chromium at a
 * chosen size and theme, in each state the extension can put them in (test/bench/ui-scenarios.mjs).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Frame, Page } from 'playwright-core';
import { postMessages, readyPosted, switchTheme, twoFrames } from './inPage';

const root = path.resolve(__dirname, '..', '..', '..', '..');

/** A state of a webview: the page and the messages that bring it there. */
export interface WebviewState {
  page: 'panel' | 'sidebar';
  name: string;
  messages: unknown[];
}

export type Theme = 'light' | 'dark' | 'high-contrast';
export const THEMES: readonly Theme[] = ['light', 'dark', 'high-contrast'];
/** The class VS Code puts on a webview's body for each kind of theme. */
const BODY_CLASS: Record<Theme, string> = { light: 'vscode-light', dark: 'vscode-dark', 'high-contrast': 'vscode-high-contrast' };

/** How a page is shown. */
export interface ShowOptions {
  width: number;
  height?: number;
  theme?: Theme;
  reducedMotion?: boolean;
}

interface Harness {
  url(page: string, theme: Theme): string;
  close(): Promise<void>;
}

/** Imports one of the project's own ES modules (the harness, the scenarios) from CommonJS. */
function importModule<T>(relative: string): Promise<T> {
  return import(pathToFileURL(path.join(root, relative)).href) as Promise<T>;
}

/** Headless Chromium showing the webview pages; `start` in `before`, `stop` in `after`. */
export class WebviewPages {
  private constructor(
    private readonly browser: Browser,
    private readonly harness: Harness,
    /** The states, built with the extension's own reducer. */
    readonly states: WebviewState[],
    private readonly axe: (frame: Page | Frame) => Promise<string[]>,
  ) {}

  static async start(): Promise<WebviewPages> {
    for (const bundle of ['panel', 'sidebar']) {
      if (!existsSync(path.join(root, 'dist', 'webview', `${bundle}.js`)))
        throw new Error(`dist/webview/${bundle}.js is missing: run \`npm run build\` first`);
    }
    const { startHarness, loadShared } = await importModule<{ startHarness(): Promise<Harness>; loadShared(): Promise<unknown> }>(
      'test/bench/ui-harness.mjs',
    );
    const { webviewStates } = await importModule<{ webviewStates(shared: unknown): WebviewState[] }>('test/bench/ui-scenarios.mjs');
    const { launchChromium } = await importModule<{ launchChromium(): Promise<Browser> }>('test/runner/browser.mjs');
    const { axeViolations } = await importModule<{ axeViolations(frame: Page | Frame): Promise<string[]> }>('test/runner/axe.mjs');
    const harness = await startHarness();
    const states = webviewStates(await loadShared());
    try {
      return new WebviewPages(await launchChromium(), harness, states, axeViolations);
    } catch (error) {
      await harness.close();
      throw error;
    }
  }

  /** The state called `name` ("panel running", "sidebar empty" …). */
  state(name: string): WebviewState {
    const found = this.states.find((state) => `${state.page} ${state.name}` === name);
    if (!found)
      throw new Error(`no webview state "${name}": the states are ${this.states.map((state) => `${state.page} ${state.name}`).join(', ')}`);
    return found;
  }

  /** Opens `state`'s page as VS Code would show it, sends its messages and waits until they are drawn. */
  async show(state: WebviewState, options: ShowOptions): Promise<Page> {
    const context = await this.browser.newContext({
      viewport: { width: options.width, height: options.height ?? 700 },
      reducedMotion: options.reducedMotion ? 'reduce' : 'no-preference',
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('close', () => void context.close());
    await page.goto(this.harness.url(state.page, options.theme ?? 'dark'));
    await page.waitForFunction(readyPosted);
    await post(page, state.messages);
    if (errors.length) throw new Error(`the ${state.page} page failed: ${errors.join(' | ')}`);
    return page;
  }

  /**
   * Switches the page to another theme as VS Code does, without reloading: its theme variables
   * (the harness's theme style sheet) and the class on the body.
   */
  async setTheme(page: Page, theme: Theme): Promise<void> {
    await page.evaluate(switchTheme, { theme, bodyClass: BODY_CLASS[theme] });
  }

  /** axe-core's violations on `page`, one line each. */
  violations(page: Page): Promise<string[]> {
    return this.axe(page);
  }

  async stop(): Promise<void> {
    await this.browser.close();
    await this.harness.close();
  }
}

/** Posts messages to the page as the extension does, and waits until the page has drawn them. */
export async function post(page: Page, messages: unknown[]): Promise<void> {
  await page.evaluate(postMessages, messages);
  await page.evaluate(twoFrames);
}
