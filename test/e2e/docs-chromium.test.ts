// /docs in a real headless Chromium: Swagger UI (served from swagger-ui-dist, no CDN) renders the
// operations of every dialect's OpenAPI document, and the platform's.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CHROMIUM, CHROMIUM_FLAGS, describeWithChromium } from '../support/chromium';
import { startTestServer, type TestServer } from '../support/server';

const run = promisify(execFile);

/** The page's DOM after its scripts ran; the flags keep Chromium off the (closed) network. */
async function renderedDom(url: string): Promise<string> {
  if (!CHROMIUM) throw new Error('chromium is not installed (CI installs it in .ci/run)');
  const { stdout } = await run(
    CHROMIUM,
    [
      ...CHROMIUM_FLAGS,
      `--user-data-dir=${mkdtempSync(join(tmpdir(), 'iamgate-chromium-'))}`,
      '--virtual-time-budget=10000',
      '--dump-dom',
      url,
    ],
    { maxBuffer: 20 * 1024 * 1024, timeout: 60_000 },
  );
  return stdout;
}

describeWithChromium('/docs in headless Chromium', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  test.each([
    ['v1', '/v1/service-accounts', '/v1/api-keys'],
    ['v2', '/api/v2/service-accounts', '/api/v2/workspaces'],
    ['v3', '/v3/orgs/{orgId}/iam/service-accounts', '/v3/orgs/{orgId}/iam/service-accounts/{id}/keys'],
    ['platform', '/oauth2/token', '/auth/verify'],
  ])('when the %s document is chosen, then its operations are rendered', async (name, first, second) => {
    const dom = await renderedDom(`http://127.0.0.1:${t.running.port}/docs?urls.primaryName=${name}`);
    const paths = new Set([...dom.matchAll(/data-path="([^"]+)"/g)].map((m) => m[1]));
    expect(paths).toContain(first);
    expect(paths).toContain(second);
    expect(dom).toContain('swagger-ui');
  });
});
