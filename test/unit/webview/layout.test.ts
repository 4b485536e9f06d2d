import { strict as assert } from 'node:assert';
import type { Page } from 'playwright-core';
import { assertiveRegions, laneScroll, measureHeader, measureOverflow, measurePollTables, scrollToEnd, scrollY, twoFrames } from './inPage';
import { post, THEMES, WebviewPages } from './pages';

/** The panel beside an editor in a 1400 px VS Code window with the side bar open. */
const SPLIT = { width: 520, height: 700 };
/** A 640 px panel at 200% zoom (WCAG 1.4.10 reflow), 900 px high at that zoom. */
const NARROW = { width: 320, height: 450 };

const STATES = [
  'panel empty',
  'panel running',
  'panel final',
  'panel tie',
  'panel failed',
  'panel review',
  'panel setup',
  'panel setup-problem',
  'sidebar empty',
  'sidebar runs',
];

describe('webview pages in headless Chromium: reflow and accessibility', function () {
  this.timeout(120_000);
  let pages: WebviewPages;
  const open: Page[] = [];

  before(async () => {
    pages = await WebviewPages.start();
  });

  afterEach(async () => {
    for (const page of open.splice(0)) await page.close();
  });

  after(async () => {
    await pages?.stop();
  });

  async function show(name: string, options: Parameters<WebviewPages['show']>[1]): Promise<Page> {
    const page = await pages.show(pages.state(name), options);
    open.push(page);
    return page;
  }

  /** What a person sees at one size: nothing sideways or cut, a readable title, a header that leaves room, a whole poll. */
  async function checkLayout(page: Page, name: string, size: { width: number; height: number }): Promise<void> {
    const at = `${name} at ${size.width} px`;
    const overflow = await page.evaluate(measureOverflow);
    assert.ok(
      overflow.page.scrollWidth <= overflow.page.clientWidth,
      `${at}: the page scrolls sideways, ${overflow.page.scrollWidth} px in a ${overflow.page.clientWidth} px view`,
    );
    assert.deepEqual(overflow.cut, [], `${at}: something is cut`);
    const header = await page.evaluate(measureHeader);
    if (header && header.header.height > 0) {
      // Beside the buttons a title wrapped one word (or letter) a line; it keeps the header's width.
      assert.ok(
        header.title.width >= header.header.width * 0.6,
        `${at}: the title is ${Math.round(header.title.width)} px wide in a ${Math.round(header.header.width)} px header`,
      );
      if (size === NARROW)
        assert.ok(
          header.position !== 'sticky' && header.position !== 'fixed',
          `${at}: the ${Math.round(header.header.height)} px header stays on screen (${header.position}) in a ${header.viewHeight} px view`,
        );
    }
    for (const table of await page.evaluate(measurePollTables)) {
      if (size === SPLIT)
        assert.ok(
          table.scrollWidth <= table.clientWidth,
          `${at}: a poll table needs ${table.scrollWidth} px and has ${table.clientWidth} px: Confidence and Luminance are out of view`,
        );
      else
        assert.ok(
          table.scrollWidth <= table.clientWidth || table.focusable,
          `${at}: a poll table scrolls in its box but the keyboard cannot focus it`,
        );
    }
  }

  for (const name of STATES) {
    it(`${name}: reflows at the split width and at 320 px, and axe-core finds nothing in light, dark and high contrast`, async () => {
      const page = await show(name, SPLIT);
      await checkLayout(page, name, SPLIT);
      await page.setViewportSize(NARROW);
      await page.evaluate(twoFrames);
      await checkLayout(page, name, NARROW);
      await page.setViewportSize(SPLIT);
      // A failed run or a run that cannot start is said politely, as every outcome is: never as an alert.
      assert.deepEqual(await page.evaluate(assertiveRegions), [], `${name} interrupts a screen reader`);
      for (const theme of THEMES) {
        await pages.setTheme(page, theme);
        assert.deepEqual(await pages.violations(page), [], `axe-core on ${name}, ${theme} theme`);
      }
    });
  }

  it('a new run opens scrolled to the top, not where the last one was', async () => {
    const page = await show('panel final', { width: SPLIT.width, height: 500 });
    assert.ok((await page.evaluate(scrollToEnd)) > 500, 'the run is long enough to scroll');
    await post(page, pages.state('panel review').messages);
    assert.equal(await page.evaluate(scrollY), 0);
  });

  it('with prefers-reduced-motion, a streaming lane does not scroll by itself; without it, it follows the newest text', async () => {
    // In "panel running", C (llama) is still writing its round 1 answer: sixty more paragraphs overflow its lane.
    const lane = '[data-round="1"] [data-agent="llama"] .lane-body';
    const stream = (page: Page) =>
      post(
        page,
        Array.from({ length: 60 }, (_, index) => ({
          type: 'event',
          runId: 'run-demo',
          event: { type: 'agent-text', round: 1, phase: 'refine', participant: 'llama', delta: `Line ${index} of a long refinement.\n\n` },
        })),
      );
    const moving = await show('panel running', SPLIT);
    await stream(moving);
    const following = await moving.evaluate(laneScroll, lane);
    assert.ok(following.scrollTop > 0 && following.below < 40, `without the preference the lane follows (${JSON.stringify(following)})`);
    const still = await show('panel running', { ...SPLIT, reducedMotion: true });
    await stream(still);
    const kept = await still.evaluate(laneScroll, lane);
    assert.equal(kept.scrollTop, 0, `the lane scrolled by itself to ${kept.scrollTop} px`);
    assert.ok(kept.below > 0, 'the streamed text is there to scroll to');
  });
});
