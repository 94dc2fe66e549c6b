// The platform routes are the rows of one table (src/http/platform/table.ts): the served routes and
// /openapi/platform.json are both made from it. Here every row is answered by its own handler (with a
// status its operation lists, never the app's "no route" 404), the document lists exactly the rows,
// and a path a section does not serve is answered as before: the app's 404, or the section's own
// under a prefix it owns (/oauth2).
import { PLATFORM_ROUTES } from '../../src/http/platform/table';
import { useTestServer } from '../support/server';

type Node = Record<string, any>;

const t = useTestServer();

const noRoute = (res: { status: number; body: Node }) => res.status === 404 && /^No route for/.test(res.body?.detail ?? '');

test('when the platform document is fetched, then it lists exactly the rows of the table, each under its section tag', async () => {
  const doc = (await t.http.get('/openapi/platform.json').expect(200)).body as Node;
  const documented = Object.entries(doc.paths as Record<string, Node>).flatMap(([path, item]) =>
    Object.entries(item as Node).map(([method, op]) => [method, path, (op as Node).operationId, (op as Node).tags]),
  );
  expect(documented).toEqual(PLATFORM_ROUTES.map((row) => [row.method, row.path, row.operationId, [row.section.tag.name]]));
  expect((doc.tags as Node[]).map((tag) => tag.name)).toEqual([...new Set(PLATFORM_ROUTES.map((row) => row.section.tag.name))]);
});

test.each(PLATFORM_ROUTES.map((row) => [row.method.toUpperCase(), row.path, row] as const))(
  'when %s %s is called with nothing, then its own handler answers with a status its operation lists',
  async (_method, path, row) => {
    const res = await t.http[row.method](path);
    const listed = [...Object.keys(row.responses).map(Number), ...(row.errors ?? [])];
    expect([noRoute(res), listed.includes(res.status)]).toEqual([false, true]);
  },
);

test('when forward auth is called with another method or a path suffix, then the same row answers', async () => {
  for (const res of [
    await t.http.post('/auth/verify'),
    await t.http.get('/auth/verify/reports/1'),
    await t.http.delete('/auth/verify/x'),
  ]) {
    expect([res.status, res.body.error]).toEqual([401, 'invalid_token']);
  }
});

test('when a path or method no row serves is called, then the app answers 404, or the section that owns the prefix does', async () => {
  for (const res of [await t.http.post('/healthz'), await t.http.get('/credentials/revoke'), await t.http.post('/.well-known/jwks.json')]) {
    expect(noRoute(res)).toBe(true);
  }
  // The leaked-secret section marks everything it sees uncacheable, as it did before the table.
  expect((await t.http.get('/credentials/revoke')).headers['cache-control']).toBe('no-store');
  const unknown = await t.http.get('/oauth2/nothing');
  expect([unknown.status, unknown.body.error, unknown.headers['cache-control']]).toEqual([404, 'invalid_request', 'no-store']);
});
