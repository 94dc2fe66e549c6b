// The four OpenAPI documents, as the server serves them (found through GET /, like a client would),
// pass Spectral's recommended OpenAPI rules (.spectral.yaml) with no error and no warning.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { useTestServer } from '../support/server';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const SPECTRAL = join(ROOT, 'node_modules', '.bin', 'spectral');

interface SpectralResult {
  code: string;
  message: string;
  path: string[];
  severity: number;
  source?: string;
}
/** Spectral's severities: 0 error, 1 warning, 2 information, 3 hint. */
const WARNING = 1;

const t = useTestServer();
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamgate-openapi-lint-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Every document GET / lists: each dialect's and the platform's, by name. */
async function servedDocuments(): Promise<Map<string, object>> {
  const index = (await t.http.get('/')).body as { dialects: { name: string; openapi: string }[]; platform: { openapi: string } };
  const urls = [...index.dialects.map((d) => [d.name, d.openapi]), ['platform', index.platform.openapi]];
  const out = new Map<string, object>();
  for (const [name, url] of urls) {
    const res = await t.http.get(new URL(url).pathname);
    expect([name, res.status]).toEqual([name, 200]);
    out.set(name, res.body as object);
  }
  return out;
}

test('when GET / is read, then it lists the four documents', async () => {
  expect([...(await servedDocuments()).keys()]).toEqual(['v1', 'v2', 'v3', 'platform']);
});

test('when the served documents are linted with .spectral.yaml, then Spectral finds no error and no warning', async () => {
  const files: string[] = [];
  for (const [name, doc] of await servedDocuments()) {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(doc, null, 2));
    files.push(file);
  }
  const report = join(dir, 'spectral.json');
  // Spectral exits 1 when it finds an error; the report says what, so it is read either way.
  await run(SPECTRAL, ['lint', '--ruleset', join(ROOT, '.spectral.yaml'), '--format', 'json', '--output', report, '--quiet', ...files], {
    cwd: ROOT,
    timeout: 60_000,
  }).catch((err: { code?: number }) => {
    if (err.code !== 1) throw err;
  });
  const results = JSON.parse(readFileSync(report, 'utf8')) as SpectralResult[];
  const serious = results
    .filter((r) => r.severity <= WARNING)
    .map((r) => `${r.source?.replace(`${dir}/`, '')} ${r.code} at ${r.path.join('.')}: ${r.message}`);
  expect(serious).toEqual([]);
}, 90_000);
