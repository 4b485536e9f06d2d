// A small loopback HTTP service through which the integration suite, running inside VS Code's
// extension host, asks for what only the browser can do: open the command palette, type, press
// keys, read or click inside a webview, take a screenshot. The suite reaches it through the
// CONSENSUS_UI_DRIVER environment variable; without it (test:electron) those tests are skipped.
import http from 'node:http';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { axeViolations } from './axe.mjs';

/** Finds the frame that renders our webview page for `view` ('panel' or 'sidebar'). */
async function findWebviewFrame(page, view, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        if (await frame.evaluate((name) => Boolean(document.querySelector(`[data-view="${name}"]`)), view)) return frame;
      } catch {
        /* frame navigating or detached */
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no ${view} webview is showing`);
}

async function runCommand(page, title) {
  await page
    .locator('.monaco-workbench')
    .first()
    .click({ position: { x: 5, y: 5 }, force: true })
    .catch(() => {});
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  // Wait until the palette lists the command, so Enter picks it rather than nothing.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

const handlers = {
  async command(page, { title }) {
    await runCommand(page, title);
    return {};
  },
  async type(page, { text }) {
    await page.keyboard.type(text, { delay: 5 });
    return {};
  },
  async press(page, { key }) {
    await page.keyboard.press(key);
    return {};
  },
  async quickInput(page, { text, submit = true }) {
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(text);
    if (submit) await page.keyboard.press('Enter');
    return {};
  },
  async webviewText(page, { view, selector }) {
    const frame = await findWebviewFrame(page, view);
    const text = await frame.evaluate((sel) => {
      const element = sel ? document.querySelector(sel) : document.body;
      return element ? element.innerText : null;
    }, selector ?? null);
    return { text };
  },
  async webviewHtml(page, { view, selector }) {
    const frame = await findWebviewFrame(page, view);
    const html = await frame.evaluate((sel) => document.querySelector(sel)?.innerHTML ?? null, selector);
    return { html };
  },
  async webviewCount(page, { view, selector }) {
    const frame = await findWebviewFrame(page, view);
    return { count: await frame.evaluate((sel) => document.querySelectorAll(sel).length, selector) };
  },
  async webviewAttribute(page, { view, selector, name }) {
    const frame = await findWebviewFrame(page, view);
    return { value: await frame.evaluate(([sel, attr]) => document.querySelector(sel)?.getAttribute(attr) ?? null, [selector, name]) };
  },
  // axe-core's violations on the webview page as it is now, one line each (see axe.mjs).
  async webviewAxe(page, { view }) {
    const frame = await findWebviewFrame(page, view);
    return { violations: await axeViolations(frame) };
  },
  async webviewClick(page, { view, selector, text }) {
    const frame = await findWebviewFrame(page, view);
    const locator = text ? frame.locator(selector ?? 'button', { hasText: text }) : frame.locator(selector);
    await locator.first().click({ timeout: 10_000 });
    return {};
  },
  async webviewWaitFor(page, { view, selector, text, timeoutMs = 30_000 }) {
    const frame = await findWebviewFrame(page, view, timeoutMs);
    const locator = text ? frame.locator(selector ?? 'body', { hasText: text }) : frame.locator(selector);
    await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
    return {};
  },
  async screenshot(page, { name }, outputDir) {
    const dir = path.join(outputDir, 'screenshots');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name.replace(/[^a-z0-9-_]/gi, '_')}.png`);
    await page.screenshot({ path: file });
    return { file };
  },
  // The open quick pick as a person reads it (title, placeholder, choices); with `choice`, the
  // choice whose label ends with exactly that text is picked.
  async quickPick(page, { choice, timeoutMs = 15_000 }) {
    const widget = page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: timeoutMs });
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: timeoutMs });
    const title = await widget
      .locator('.quick-input-title')
      .innerText()
      .catch(() => '');
    const placeholder = (await widget.locator('input').getAttribute('placeholder')) ?? '';
    const text = [title, placeholder, ...(await rows.allInnerTexts())].join('\n');
    if (choice) {
      await widget.locator('input').fill(choice);
      await widget.locator('.quick-input-list .monaco-list-row', { hasText: choice }).first().waitFor({ timeout: timeoutMs });
      await page.keyboard.press('Enter');
      await widget.waitFor({ state: 'hidden', timeout: timeoutMs });
    }
    return { text };
  },
  async windowText(page, { selector, timeoutMs = 10_000 }) {
    return { text: await page.locator(selector).first().innerText({ timeout: timeoutMs }) };
  },
  async windowClick(page, { selector, text, timeoutMs = 10_000 }) {
    const locator = text ? page.locator(selector, { hasText: text }) : page.locator(selector);
    await locator.first().click({ timeout: timeoutMs });
    return {};
  },
  async windowScreenshot(page, { selector, clip, name }, outputDir) {
    const dir = path.join(outputDir, 'screenshots');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name.replace(/[^a-z0-9-_]/gi, '_')}.png`);
    if (clip) await page.screenshot({ path: file, clip });
    else await page.locator(selector).first().screenshot({ path: file });
    return { file };
  },
};

/** Starts the driver for `page`; resolves to { url, close }. */
export function startUiDriver(page, outputDir) {
  const server = http.createServer((request, response) => {
    const name = (request.url ?? '').replace(/^\//, '');
    const handler = handlers[name];
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', async () => {
      const reply = (status, value) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (!handler || request.method !== 'POST') return reply(404, { error: `unknown driver call ${name}` });
      try {
        reply(200, await handler(page, body ? JSON.parse(body) : {}, outputDir));
      } catch (error) {
        reply(500, { error: error instanceof Error ? error.message : String(error) });
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}
