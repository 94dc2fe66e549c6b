// /console over plain HTTP: the built page and its hashed assets come from the package, under a CSP
// with no inline scripts or styles; every other path under /console is the page (SPA fallback).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_ASSETS } from '../../console/server';
import { useTestServer } from '../support/server';

const ROOT = join(__dirname, '..', '..');
const t = useTestServer();

beforeAll(() => {
  if (existsSync(join(CONSOLE_ASSETS, 'index.html'))) return;
  const r = spawnSync('npx', ['vite', 'build', '--config', 'console/vite.config.mts'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build of the console failed');
}, 60_000);

test('when /console is asked for, then the built page comes with a strict CSP, no inline script or style, and no cache', async () => {
  const res = await t.http
    .get('/console')
    .expect(200)
    .expect('Content-Type', /text\/html/);
  expect(res.headers['cache-control']).toBe('no-cache');
  const csp = res.headers['content-security-policy'];
  expect(csp).toContain("script-src 'self'");
  expect(csp).toMatch(/style-src 'self'(;|$)/);
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script is a file
  expect(res.text).not.toMatch(/<style|\sstyle=/);
  expect(res.text).not.toMatch(/https?:\/\//); // nothing from a CDN
  const assets = [...res.text.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map((m) => m[1]);
  expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
  expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
  for (const a of assets) {
    const asset = await t.http.get(a).expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
  }
});

test('when a console route is loaded directly, then it is the same page; a missing asset or another method is a 404', async () => {
  const page = readFileSync(join(CONSOLE_ASSETS, 'index.html'), 'utf8');
  for (const path of ['/console/', '/console/accounts', `/console/accounts/${t.admin.serviceAccountId}/logs`, '/console/audit?account=x']) {
    expect((await t.http.get(path).expect(200)).text).toBe(page);
  }
  await t.http.get('/console/assets/nope.js').expect(404);
  await t.http.post('/console/accounts').send({}).expect(404);
});

test('when the docs are asked for, then their own CSP is unchanged (only /console is stricter)', async () => {
  const res = await t.http.get('/docs/');
  expect(res.headers['content-security-policy']).toContain("style-src 'self' https: 'unsafe-inline'");
});
