// What every console test in Chromium shares: axe-core on the page, screenshots, a watch on what the
// page printed and asked for (no secret may go there), storage and layout checks, and signing in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

export const ROOT = join(__dirname, '..', '..');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'console');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the page as it is now: no serious or critical violation (WCAG 2.1 A/AA and best practices). */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE);
  const violations = (await page.evaluate(`axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`)) as Violation[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    throw new Error(
      `axe on ${name}: ${bad.map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('; ')}`,
    );
  }
}

export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

/** Everything the page printed and asked for, to check that no secret ever went there. */
export interface Watch {
  console: string[];
  urls: string[];
  errors: string[];
}

function watch(page: Page): Watch {
  const w: Watch = { console: [], urls: [], errors: [] };
  page.on('console', (m) => w.console.push(m.text()));
  page.on('pageerror', (e) => w.errors.push(e.message));
  page.on('request', (r) => w.urls.push(r.url()));
  page.on('framenavigated', (f) => w.urls.push(f.url()));
  return w;
}

export async function newPage(context: BrowserContext): Promise<{ page: Page; seen: Watch }> {
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  return { page, seen: watch(page) };
}

/** No secret in what the page printed or the URLs it asked for, and no page error. */
export function expectNoLeaks(seen: Watch, secrets: string[]): void {
  for (const s of secrets) {
    for (const line of seen.console) expect(line).not.toContain(s);
    for (const url of seen.urls) expect(url).not.toContain(s);
  }
  expect(seen.errors).toEqual([]);
}

export async function storageOf(page: Page): Promise<string> {
  return page.evaluate(
    'JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie })',
  ) as Promise<string>;
}

export async function noHorizontalScroll(page: Page): Promise<void> {
  const [scrollWidth, width] = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as number[];
  if (scrollWidth > width) {
    const wide =
      await page.evaluate(`[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 1)
      .map((e) => e.tagName + '.' + e.className).slice(0, 5).join(', ')`);
    throw new Error(`the page is ${scrollWidth}px wide on a ${width}px screen: ${wide}`);
  }
}

/** Signs in on the sign-in page (a client id and secret, or a key secret with an empty client id). */
export async function signIn(page: Page, clientId: string, secret: string): Promise<void> {
  await page.getByLabel('Client id').fill(clientId);
  await page.getByLabel('Client secret or key secret').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Service accounts' }).waitFor();
}
