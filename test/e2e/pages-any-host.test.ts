// /docs and /console over plain HTTP on a host name that is not localhost (a LAN name, a container's
// name): Chromium resolves iam.internal to this machine and opens both pages there. Browsers exempt
// only localhost from `upgrade-insecure-requests`; elsewhere it sent every script and style to https,
// which nothing answers, and both pages stayed blank.
import type { Browser, Page } from 'playwright-core';
import { describeWithChromium, ensureConsoleBuilt, launchChromium } from '../support/chromium';
import { useTestServer } from '../support/server';

const HOST = 'iam.internal';

/** Every request the page made that failed or left plain HTTP on the page's own host. */
function watchRequests(page: Page): string[] {
  const bad: string[] = [];
  page.on('requestfailed', (r) => bad.push(`failed ${r.url()} (${r.failure()?.errorText})`));
  page.on('request', (r) => {
    if (r.url().startsWith('https:')) bad.push(`https ${r.url()}`);
  });
  page.on('pageerror', (e) => bad.push(`error ${e.message}`));
  return bad;
}

describeWithChromium(`/docs and /console at http://${HOST}`, () => {
  const t = useTestServer();
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ensureConsoleBuilt();
    browser = await launchChromium([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`]);
    base = `http://${HOST}:${t.running.port}`;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  test('when /docs is opened, then Swagger UI renders the operations', async () => {
    const page = await browser.newPage();
    const bad = watchRequests(page);
    await page.goto(`${base}/docs?urls.primaryName=v2`);
    await page.locator('[data-path="/api/v2/service-accounts"]').first().waitFor({ timeout: 20_000 });
    expect(page.url()).toBe(`${base}/docs?urls.primaryName=v2`);
    expect(bad).toEqual([]);
    await page.close();
  }, 60_000);

  test('when /console is opened, then its sign-in form renders and signs in', async () => {
    const page = await browser.newPage();
    const bad = watchRequests(page);
    await page.goto(`${base}/console`);
    await page.getByRole('heading', { name: 'Sign in to the iamgate console' }).waitFor({ timeout: 20_000 });
    expect(page.url()).toBe(`${base}/console`);
    await page.getByLabel('Client id').fill(t.admin.clientId);
    await page.getByLabel('Client secret or key secret').fill(t.admin.secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Default admin' }).waitFor({ timeout: 20_000 });
    expect(page.url().startsWith(`${base}/console`)).toBe(true);
    expect(bad).toEqual([]);
    await page.close();
  }, 60_000);
});
