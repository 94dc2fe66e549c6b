// A client generated from the served documents works: openapi-typescript turns each of the four
// into TypeScript types, a small program typed only by the generated v2 `paths` (bodies, responses,
// path and header parameters, If-Match among them) is checked by `tsc --strict`, then run against
// this server through the whole lifecycle: create, get, update with If-Match (and a stale one: 412),
// rotate a credential, disable, delete.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { useTestServer } from '../support/server';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

const t = useTestServer();
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamgate-generated-client-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Typed by the generated v2 types alone: a wrong field, header or status would not compile. */
const LIFECYCLE = `
import type { paths } from './v2';
import type { paths as V1 } from './v1';
import type { paths as V3 } from './v3';
import type { paths as Platform } from './platform';

type Accounts = paths['/api/v2/service-accounts'];
type Account = paths['/api/v2/service-accounts/{id}'];
type Credentials = paths['/api/v2/service-accounts/{id}/credentials'];
type Disable = paths['/api/v2/service-accounts/{id}/disable'];

type CreateBody = Accounts['post']['requestBody']['content']['application/json'];
type Created = Accounts['post']['responses'][201]['content']['application/json'];
type Read = Account['get']['responses'][200]['content']['application/json'];
type UpdateBody = Account['put']['requestBody']['content']['application/json'];
type UpdateHeaders = NonNullable<Account['put']['parameters']['header']>;
type Updated = Account['put']['responses'][200]['content']['application/json'];
type Stale = Account['put']['responses'][412]['content']['application/problem+json'];
type DeleteHeaders = NonNullable<Account['delete']['parameters']['header']>;
type Gone = Account['get']['responses'][404]['content']['application/problem+json'];
type PathOf = Account['get']['parameters']['path'];
type RotateBody = NonNullable<Credentials['post']['requestBody']>['content']['application/json'];
type Rotated = Credentials['post']['responses'][201]['content']['application/json'];
type DisableHeaders = NonNullable<Disable['post']['parameters']['header']>;
type Disabled = Disable['post']['responses'][200]['content']['application/json'];

// The other documents generate types too; a few of their shapes, as a client would use them.
type V1Key = V1['/v1/api-keys']['post']['responses'][200]['content']['application/json']['data'];
type V3Account = V3['/v3/orgs/{orgId}/iam/service-accounts']['post']['requestBody']['content']['application/vnd.api+json'];
type Token = Platform['/oauth2/token']['post']['responses'][200]['content']['application/json'];
export const shapes: [V1Key['key'], V3Account['data']['type'], Token['token_type']] = ['iamg_x', 'service-accounts', 'Bearer'];

// The types hold: each of these is refused.
// @ts-expect-error name is a string
export const badBody: CreateBody = { name: 5 };
// @ts-expect-error the PUT takes no such header
export const badHeader: UpdateHeaders = { 'If-Match': '"1"', 'If-Nothing': 'x' };
// @ts-expect-error isActive is read-only: not in the update body
export const readOnly: UpdateBody = { isActive: false };

const BASE = process.env.BASE!;
const AUTH = { Authorization: 'Bearer ' + process.env.SECRET! };

interface Answer<T> { status: number; etag: string | null; body: T }

/** fetch, with the body and the answer typed by the caller from the generated types. */
async function call<T>(method: string, path: string, headers: object = {}, body?: unknown): Promise<Answer<T>> {
  const sent: Record<string, string> = { ...AUTH };
  for (const [name, value] of Object.entries(headers)) if (typeof value === 'string') sent[name] = value;
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  const res = await fetch(BASE + path, { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, etag: res.headers.get('etag'), body: (text ? JSON.parse(text) : undefined) as T };
}

const accountPath = ({ id }: PathOf) => '/api/v2/service-accounts/' + encodeURIComponent(id);

async function main(): Promise<void> {
  const steps: [string, number, unknown][] = [];
  const createBody: CreateBody = { name: 'Generated client', description: null, scopes: ['service-accounts:read'] };
  const created = await call<Created>('POST', '/api/v2/service-accounts', {}, createBody);
  steps.push(['create', created.status, created.body.data.clientSecret.startsWith('iamg_')]);
  const path = accountPath({ id: created.body.data.id });

  const read = await call<Read>('GET', path);
  steps.push(['get', read.status, read.body.data.name]);

  const ifMatch: UpdateHeaders = { 'If-Match': read.etag ?? undefined };
  const update: UpdateBody = { description: 'Made by a generated client' };
  const updated = await call<Updated>('PUT', path, ifMatch, update);
  steps.push(['update', updated.status, updated.body.data.description]);
  const stale = await call<Stale>('PUT', path, ifMatch, update);
  steps.push(['stale update', stale.status, stale.body.code]);

  const rotate: RotateBody = { expirationDate: null };
  const rotated = await call<Rotated>('POST', path + '/credentials', {}, rotate);
  steps.push(['rotate', rotated.status, rotated.body.data.status]);

  // A new credential changes the account's version: read its ETag again.
  const current = await call<Read>('GET', path);
  const disableIf: DisableHeaders = { 'If-Match': current.etag ?? undefined };
  const disabled = await call<Disabled>('POST', path + '/disable', disableIf);
  steps.push(['disable', disabled.status, disabled.body.data.isActive]);

  const deleteIf: DeleteHeaders = { 'If-Match': disabled.etag ?? undefined };
  const deleted = await call<undefined>('DELETE', path, deleteIf);
  steps.push(['delete', deleted.status, deleted.body ?? null]);
  const gone = await call<Gone>('GET', path);
  steps.push(['get after delete', gone.status, gone.body.code]);
  process.stdout.write(JSON.stringify(steps));
}

main().catch((err: unknown) => {
  process.stderr.write(String(err));
  process.exitCode = 1;
});
`;

test('when a client is generated from the documents, then its types check and it runs the v2 lifecycle', async () => {
  const index = (await t.http.get('/')).body as { dialects: { name: string; openapi: string }[]; platform: { openapi: string } };
  for (const [name, url] of [...index.dialects.map((d) => [d.name, d.openapi]), ['platform', index.platform.openapi]]) {
    const document = join(dir, `${name}.json`);
    writeFileSync(document, JSON.stringify((await t.http.get(new URL(url).pathname)).body));
    await run(bin('openapi-typescript'), [document, '--output', join(dir, `${name}.ts`)], { cwd: dir, timeout: 60_000 });
  }
  writeFileSync(join(dir, 'lifecycle.ts'), LIFECYCLE);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'commonjs',
        lib: ['ES2022'],
        strict: true,
        exactOptionalPropertyTypes: false,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
        outDir: join(dir, 'out'),
      },
      files: ['lifecycle.ts'],
    }),
  );
  // tsc prints its errors on stdout; show them when it fails.
  await run(bin('tsc'), ['-p', join(dir, 'tsconfig.json')], { cwd: dir, timeout: 60_000 }).catch((err: { stdout?: string }) => {
    throw new Error(`tsc refused the generated client:\n${err.stdout}`);
  });

  const { stdout } = await run(process.execPath, [join(dir, 'out', 'lifecycle.js')], {
    cwd: dir,
    timeout: 30_000,
    env: { ...process.env, BASE: `http://127.0.0.1:${t.running.port}`, SECRET: t.admin.secret },
  });
  expect(JSON.parse(stdout)).toEqual([
    ['create', 201, true],
    ['get', 200, 'Generated client'],
    ['update', 200, 'Made by a generated client'],
    ['stale update', 412, 'PRECONDITION_FAILED'],
    ['rotate', 201, 'Active'],
    ['disable', 200, false],
    ['delete', 204, null],
    ['get after delete', 404, 'NOT_FOUND'],
  ]);
}, 90_000);
