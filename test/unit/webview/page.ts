/**
 * A webview page in node: the HTML shell the extension serves, the page script as esbuild bundles
 * it, and jsdom as the browser. Tests talk to it the way the extension does: they post the typed
 * messages the extension posts (as `message` events on the window) and read what the page posts
 * back through VS Code's API object. Nothing of the page's own code is replaced.
 *
 * Animation frames are the one part of the browser the page gets from us: they run when a test
 * says so (`send` draws every frame the message asked for), so no test waits on a real clock.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { configure, within, type BoundFunctions, type queries } from '@testing-library/dom';
import { JSDOM, type DOMWindow } from 'jsdom';
import type { FromPanel, FromSidebar, ToPanel, ToSidebar } from '../../../src/shared/messages';
import { renderWebviewHtml } from '../../../src/shared/html';

/** Which page, with the messages each side of it speaks. */
interface Pages {
  panel: { to: ToPanel; from: FromPanel };
  sidebar: { to: ToSidebar; from: FromSidebar };
}

export interface Page<Name extends keyof Pages> {
  readonly window: DOMWindow;
  readonly document: Document;
  /** Testing Library's queries (by role, accessible name, text) over the whole page. */
  readonly screen: BoundFunctions<typeof queries>;
  /** Every message the page posted to the extension, oldest first. */
  readonly posted: Array<Pages[Name]['from']>;
  /** What the page last saved with `setState` (kept by VS Code across hide and restore). */
  saved(): unknown;
  /** Posts a message to the page as the extension does, then draws the frames it asked for. */
  send(message: Pages[Name]['to']): void;
  /** Messages posted since the last call (clears them from the list `takePosted` reads). */
  takePosted(): Array<Pages[Name]['from']>;
  close(): void;
}

// A query that finds nothing says what the page shows in words, not as a dump of its markup.
configure({
  getElementError: (message, container) => {
    const error = new Error(`${(message ?? '').slice(0, 2000)}\nThe page shows: ${visibleText(container).slice(0, 1500)}`);
    error.name = 'TestingLibraryElementError';
    return error;
  },
});

/** Most frames a page may ask for in a row before a test calls it a render loop. */
const MAX_FRAMES = 1000;

const scripts = new Map<string, string>();

/** The page script built by test/tools/bundle-webview-tests.mjs from src/webview/. */
function pageScript(name: keyof Pages): string {
  let script = scripts.get(name);
  if (script === undefined) {
    const file = path.join(__dirname, 'pages', `${name}.js`);
    try {
      script = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(
        `The ${name} page script is missing (${file}): build it with \`npm run compile-tests\`. ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    scripts.set(name, script);
  }
  return script;
}

/** Opens a fresh page; `saved` is what VS Code hands back from an earlier `setState`. */
export function openPage<Name extends keyof Pages>(name: Name, options: { saved?: unknown } = {}): Page<Name> {
  const html = renderWebviewHtml({
    cspSource: 'vscode-webview:',
    nonce: 'test',
    scriptUri: `${name}.js`,
    styleUri: `${name}.css`,
    title: name,
    view: name,
  });
  // `outside-only`: the page's own <script> tag loads nothing; the bundle is evaluated below, and
  // markup that ever reached the DOM could not run either way (the tests check the DOM itself).
  const dom = new JSDOM(html, { runScripts: 'outside-only' });
  const window = dom.window;
  const posted: Array<Pages[Name]['from']> = [];
  let taken = 0;
  let state: unknown = options.saved;
  let frames = new Map<number, FrameRequestCallback>();
  let lastFrame = 0;

  Object.assign(window, {
    // What VS Code defines in every webview; src/webview/vscodeApi.ts calls it once.
    acquireVsCodeApi: () => ({
      postMessage: (message: Pages[Name]['from']) => posted.push(structuredClone(message)),
      getState: () => state,
      setState: (value: unknown) => {
        state = structuredClone(value);
      },
    }),
    requestAnimationFrame: (callback: FrameRequestCallback) => {
      frames.set(++lastFrame, callback);
      return lastFrame;
    },
    cancelAnimationFrame: (id: number) => frames.delete(id),
    // Every webview has matchMedia; jsdom has none. No preference is set here (reduced motion off).
    matchMedia: (query: string) => ({
      matches: false,
      media: query,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    }),
  });

  function drawFrames(): void {
    for (let count = 0; frames.size > 0; count++) {
      if (count === MAX_FRAMES) throw new Error(`the ${name} page asked for more than ${MAX_FRAMES} animation frames in a row`);
      const due = frames;
      frames = new Map();
      const now = window.performance.now();
      for (const callback of due.values()) callback(now);
    }
  }

  window.eval(pageScript(name));
  drawFrames();

  return {
    window,
    document: window.document,
    screen: within(window.document.body),
    posted,
    saved: () => state,
    send(message) {
      // VS Code hands a webview a copy of what the extension posted, never the object itself.
      window.dispatchEvent(new window.MessageEvent('message', { data: JSON.parse(JSON.stringify(message)) as unknown }));
      drawFrames();
    },
    takePosted() {
      const fresh = posted.slice(taken);
      taken = posted.length;
      return fresh;
    },
    close() {
      window.close();
    },
  };
}

/** The text a person reads in an element: its text with runs of white space made one space. */
export function textOf(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The text a person can see in an element: text outside elements the page hid (`hidden`, which
 * is how the pages show and hide their parts), with white space between elements made one space.
 */
export function visibleText(element: Element): string {
  const parts: string[] = [];
  const walk = (node: Node): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === child.TEXT_NODE) parts.push(child.textContent ?? '');
      else if (child.nodeType === child.ELEMENT_NODE && !isHidden(child as Element)) {
        parts.push(' ');
        walk(child);
        parts.push(' ');
      }
    }
  };
  if (!isHidden(element)) walk(element);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

function isHidden(element: Element): boolean {
  return (element as HTMLElement).hidden === true || element.getAttribute('aria-hidden') === 'true';
}
