/**
 * The integration suite's handle on what a person sees: calls the runner's UI driver (a loopback
 * service that drives the browser showing VS Code). Absent under test:electron, where the tests
 * that need it are skipped rather than faked.
 */
const driverUrl = process.env.CONSENSUS_UI_DRIVER;

/** True when a browser-side driver is available. */
export function hasUiDriver(): boolean {
  return Boolean(driverUrl);
}

async function call<T>(name: string, body: Record<string, unknown>): Promise<T> {
  if (!driverUrl) throw new Error('no UI driver: run the suite with `npm run test:integration`');
  const response = await fetch(`${driverUrl}/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const value = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`UI driver ${name}: ${value.error ?? response.status}`);
  return value;
}

export type WebviewName = 'panel' | 'sidebar';

/** Runs a command through the command palette, as a person would. */
export async function runFromPalette(title: string): Promise<void> {
  await call('command', { title });
}

/** Types into whatever has focus. */
export async function typeText(text: string): Promise<void> {
  await call('type', { text });
}

/** Presses a key (Playwright names: Enter, Escape, Control+Enter …). */
export async function pressKey(key: string): Promise<void> {
  await call('press', { key });
}

/** Fills the open quick input (input box or quick pick filter) and submits it. */
export async function answerQuickInput(text: string, submit = true): Promise<void> {
  await call('quickInput', { text, submit });
}

/** The visible text of a webview page, or of one element in it. */
export async function webviewText(view: WebviewName, selector?: string): Promise<string> {
  const { text } = await call<{ text: string | null }>('webviewText', { view, selector });
  return text ?? '';
}

/** The inner HTML of one element of a webview page. */
export async function webviewHtml(view: WebviewName, selector: string): Promise<string> {
  const { html } = await call<{ html: string | null }>('webviewHtml', { view, selector });
  return html ?? '';
}

/**
 * What axe-core finds wrong with a webview page as it is now (WCAG 2.x A/AA and best practices),
 * one line per element and rule; empty when nothing.
 */
export async function webviewViolations(view: WebviewName): Promise<string[]> {
  const { violations } = await call<{ violations: string[] }>('webviewAxe', { view });
  return violations;
}

/** Clicks an element of a webview page (a button with `text`, or `selector`). */
export async function webviewClick(view: WebviewName, target: { selector?: string; text?: string }): Promise<void> {
  await call('webviewClick', { view, ...target });
}

/** Waits until an element (with `text`, if given) is visible in a webview page. */
export async function webviewWaitFor(view: WebviewName, target: { selector?: string; text?: string; timeoutMs?: number }): Promise<void> {
  await call('webviewWaitFor', { view, ...target });
}

/** Saves a screenshot of the whole window into test-output/screenshots/NAME.png. */
export async function screenshot(name: string): Promise<string> {
  const { file } = await call<{ file: string }>('screenshot', { name });
  return file;
}

/** How many elements match `selector` in a webview page. */
export async function webviewCount(view: WebviewName, selector: string): Promise<number> {
  const { count } = await call<{ count: number }>('webviewCount', { view, selector });
  return count;
}

/** An attribute of the first element matching `selector` in a webview page. */
export async function webviewAttribute(view: WebviewName, selector: string, name: string): Promise<string | null> {
  const { value } = await call<{ value: string | null }>('webviewAttribute', { view, selector, name });
  return value;
}

/** The text of the first element of VS Code's own window matching `selector` (e.g. notifications). */
export async function windowText(selector: string, timeoutMs = 10_000): Promise<string> {
  const { text } = await call<{ text: string }>('windowText', { selector, timeoutMs });
  return text;
}

/** Clicks the first element of VS Code's own window matching `selector` (holding `text`, if given). */
export async function windowClick(selector: string, text?: string, timeoutMs = 10_000): Promise<void> {
  await call('windowClick', { selector, ...(text ? { text } : {}), timeoutMs });
}

/**
 * Saves a screenshot of part of VS Code's window into test-output/screenshots/NAME.png: the first
 * element matching a selector, or a rectangle of the page.
 */
export async function windowScreenshot(
  target: string | { x: number; y: number; width: number; height: number },
  name: string,
): Promise<string> {
  const { file } = await call<{ file: string }>('windowScreenshot', {
    ...(typeof target === 'string' ? { selector: target } : { clip: target }),
    name,
  });
  return file;
}

/** Reads the open quick pick (title, placeholder, choices) and, if `choice` is given, picks it. */
export async function answerQuickPick(choice?: string, timeoutMs = 15_000): Promise<string> {
  const { text } = await call<{ text: string }>('quickPick', { ...(choice ? { choice } : {}), timeoutMs });
  return text;
}
