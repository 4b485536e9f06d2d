/**
 * Functions that run inside a webview page (handed to Playwright's `evaluate`), measuring what a
 * person sees. The test build has no DOM typings, so the few browser globals used are declared
 * here, loosely, for this file only.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare function getComputedStyle(element: any): any;
declare function requestAnimationFrame(callback: () => void): number;

/** What sticks out of its box, and what a person cannot reach without scrolling sideways. */
export interface Overflow {
  /** The page is wider than the view: it scrolls sideways. */
  page: { scrollWidth: number; clientWidth: number };
  /** Shown elements cut by the view's edge or by an ancestor that clips them ("Accepte"). */
  cut: string[];
}

/**
 * Looks at every shown element: it must lie inside the view horizontally, and inside every
 * ancestor that clips (overflow other than visible) unless that ancestor scrolls sideways itself
 * (code and tables may scroll in their own box). Badges, chips and buttons must show their whole text.
 */
export function measureOverflow(): Overflow {
  const viewWidth = document.documentElement.clientWidth;
  const cut: string[] = [];
  const describe = (element: any): string => {
    const classes = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
    return `${element.tagName.toLowerCase()}${classes} "${(element.textContent ?? '').trim().slice(0, 30)}"`;
  };
  for (const element of document.body.querySelectorAll('*')) {
    if (element.closest('[hidden]') || element.tagName === 'SCRIPT') continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    let scrolledBox = false;
    let screenReaderOnly = false;
    const cutBy: string[] = [];
    for (let ancestor = element.parentElement; ancestor && ancestor !== document.body; ancestor = ancestor.parentElement) {
      const overflowX = getComputedStyle(ancestor).overflowX;
      if (overflowX === 'auto' || overflowX === 'scroll') {
        scrolledBox = true;
        break;
      }
      if (overflowX !== 'visible') {
        const clip = ancestor.getBoundingClientRect();
        // A 1 px clipping box is text for screen readers only (the poll's column names in a narrow panel).
        if (clip.width <= 1 && clip.height <= 1) screenReaderOnly = true;
        else if (box.left < clip.left - 1 || box.right > clip.right + 1) cutBy.push(`${describe(element)} is cut by ${describe(ancestor)}`);
      }
    }
    if (screenReaderOnly) continue;
    cut.push(...cutBy);
    if (!scrolledBox && (box.left < -1 || box.right > viewWidth + 1))
      cut.push(`${describe(element)} reaches ${Math.round(box.left)}–${Math.round(box.right)} px of a ${viewWidth} px view`);
    const badge = element.matches('.state-chip, .demo-badge, .agent-label, .severity, .status-chip, .chip, button');
    if (badge && element.scrollWidth > element.clientWidth + 1)
      cut.push(`${describe(element)} shows ${element.clientWidth} of its ${element.scrollWidth} px`);
  }
  return { page: { scrollWidth: document.documentElement.scrollWidth, clientWidth: viewWidth }, cut };
}

/** The boxes of the panel's header and its parts. */
export interface HeaderLayout {
  viewHeight: number;
  position: string;
  header: { width: number; height: number };
  title: { width: number; height: number; lineHeight: number };
}

export function measureHeader(): HeaderLayout | undefined {
  const header = document.querySelector('.run-header');
  const title = document.querySelector('.run-title');
  if (!header || !title) return undefined;
  const headerBox = header.getBoundingClientRect();
  const titleBox = title.getBoundingClientRect();
  return {
    viewHeight: window.innerHeight,
    position: getComputedStyle(header).position,
    header: { width: headerBox.width, height: headerBox.height },
    title: { width: titleBox.width, height: titleBox.height, lineHeight: parseFloat(getComputedStyle(title).lineHeight) },
  };
}

/** Each poll table's scroll box: how wide its table is against the room it has. */
export function measurePollTables(): Array<{ scrollWidth: number; clientWidth: number; focusable: boolean }> {
  return [...document.querySelectorAll('.table-scroll')].map((box: any) => ({
    scrollWidth: box.scrollWidth,
    clientWidth: box.clientWidth,
    focusable: box.tabIndex >= 0,
  }));
}

/** Scrolls the page to its end and returns how far down it is. */
export function scrollToEnd(): number {
  window.scrollTo(0, document.documentElement.scrollHeight);
  return window.scrollY;
}

export function scrollY(): number {
  return window.scrollY;
}

/** How far the first streaming lane's text is scrolled, and how much text it holds below the view. */
export function laneScroll(selector: string): { scrollTop: number; below: number } {
  const body = document.querySelector(selector);
  return { scrollTop: body.scrollTop, below: body.scrollHeight - body.scrollTop - body.clientHeight };
}

/** Waits two animation frames: what was posted before has been drawn. */
export function twoFrames(): Promise<void> {
  return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
}

/** The page said `ready` to the stand-in for VS Code (see test/bench/ui-harness.mjs). */
export function readyPosted(): boolean {
  return Boolean(window.__posted?.some((message: { type: string }) => message.type === 'ready'));
}

/** Posts messages to the page as the extension does. */
export function postMessages(messages: unknown[]): void {
  for (const message of messages) window.postMessage(message, '*');
}

/** Points the page's theme style sheet (the harness's /theme/NAME.css) at `theme` and sets the body's theme class; resolves once the sheet applies. */
export function switchTheme({ theme, bodyClass }: { theme: string; bodyClass: string }): Promise<void> {
  const link = [...document.querySelectorAll('link[rel="stylesheet"]')].find((candidate: any) => candidate.href.includes('/theme/'));
  const href = link.href.replace(/\/theme\/[\w-]+\.css/, `/theme/${theme}.css`);
  document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
  document.body.classList.add(bodyClass);
  if (href === link.href) return Promise.resolve();
  return new Promise((done, fail) => {
    link.addEventListener('load', () => requestAnimationFrame(() => requestAnimationFrame(() => done())), { once: true });
    link.addEventListener('error', () => fail(new Error(`could not load ${href}`)), { once: true });
    link.href = href;
  });
}

/** Shown regions that interrupt a screen reader (alerts, assertive live regions), by their text. */
export function assertiveRegions(): string[] {
  return [...document.querySelectorAll('[role="alert"], [role="alertdialog"], [aria-live="assertive"]')]
    .filter((element: any) => !element.closest('[hidden]'))
    .map((element: any) => (element.textContent ?? '').trim().slice(0, 60));
}
