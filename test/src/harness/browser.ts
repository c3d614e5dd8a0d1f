import fs from 'node:fs';
import path from 'node:path';
import {
  Browser,
  BrowserContext,
  chromium,
  Locator,
  Page,
} from 'playwright-core';
import { eventually } from './eventually';
import { REPO_ROOT, RESULTS_DIR } from './paths';

/** Debian's Chromium; CHROMIUM_BIN points at another build. */
const CHROMIUM_BIN = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

export const VIEWPORT = { width: 1280, height: 800 };

/**
 * Screenshots go to docs/screenshots with UPDATE_SCREENSHOTS=1 (`yarn
 * screenshots`), else beside the run's logs, so that a plain test run never
 * changes tracked files.
 */
export const SCREENSHOT_DIR =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.join(REPO_ROOT, 'docs/screenshots')
    : path.join(RESULTS_DIR, 'screenshots');

export interface AppSession {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A headless Chromium on the demo app, signed in through the app's guest
 * sign-in page, allowed to use the clipboard.
 */
export async function openApp(baseUrl: string): Promise<AppSession> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_BIN,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: VIEWPORT,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await context.newPage();
    await page.goto('/');
    // The guest provider's sign-in page; the app remembers the choice.
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByRole('link', { name: 'Prometheus', exact: true }).waitFor();
    return { page, context, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** A Backstage InfoCard or table by its title: the innermost paper holding it. */
export function card(page: Page, title: string | RegExp): Locator {
  return page
    .locator('.MuiPaper-root', {
      has: page.getByText(title, { exact: true }),
    })
    .last();
}

/**
 * Reloads the page until `check` passes: the app fetches fleet data once per
 * page load, while the backend updates it at each poll.
 */
export async function reloadUntil(
  page: Page,
  check: () => Promise<void>,
  timeoutMs = 60_000,
): Promise<void> {
  let first = true;
  await eventually(
    async () => {
      if (!first) await page.reload();
      first = false;
      await check();
    },
    { timeoutMs, intervalMs: 1_000 },
  );
}

/** Scrolls at once, not smoothly, so that a screenshot right after shows it at the top. */
export async function scrollToTop(locator: Locator): Promise<void> {
  await locator.evaluate(element => element.scrollIntoView({ block: 'start' }));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, name);
  await page.screenshot({ path: file });
  return file;
}
