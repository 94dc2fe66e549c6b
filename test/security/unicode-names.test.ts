// Issue 12: names are well-formed Unicode, free of zero-width and bidi controls, stored NFKC and
// unique after NFKC and case folding, so two names that look the same cannot both exist. Lone
// surrogates (JSON.parse takes "\ud800") are refused in every text field. Refusals change nothing.
import { NfkcNameKeys1732810000000 } from '../../src/store/migrations/1732810000000-nfkc-name-keys';
import { expectErrors } from '../support/jsonapi';
import { accountDocument, v3Client, type V3Client } from '../support/jsonapi-client';
import { useTestServer } from '../support/server';
import { changesNothing } from '../support/stored-state';

const t = useTestServer();
const auth = t.adminBearer;
let api: V3Client;
beforeAll(async () => {
  api = v3Client(t, auth);
});

const LONE = ['\ud800', 'a\udfffb', 'x\ud83d'];
const INVISIBLE = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u061c',
];
const hex = (s: string) => [...s].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`).join(' ');

/** Each dialect's create, and where its 400 names the field. */
const creators = {
  v1: {
    create: (attrs: Record<string, unknown>) =>
      t.http
        .post('/v1/service-accounts')
        .set(auth)
        .send({ permissions: [], ...attrs }),
    fields: (res: { body: { errors: { field: string }[] } }) => res.body.errors.map((e) => e.field),
  },
  v2: {
    create: (attrs: Record<string, unknown>) => t.http.post('/api/v2/service-accounts').set(auth).send(attrs),
    fields: (res: { body: { errors: Record<string, string[]> } }) => Object.keys(res.body.errors),
  },
  v3: {
    create: (attrs: Record<string, unknown>) => api.post('/service-accounts', accountDocument(attrs)),
    fields: (res: { body: { errors: { source: { pointer: string } }[] } }) =>
      res.body.errors.map((e) => e.source.pointer.replace('/data/attributes/', '')),
  },
};
type DialectName = keyof typeof creators;
const DIALECTS = Object.keys(creators) as DialectName[];

async function refused(dialect: DialectName, attrs: Record<string, unknown>, field: string) {
  const { create, fields } = creators[dialect];
  const res = await changesNothing(t, () => create(attrs));
  expect(res.status).toBe(400);
  if (dialect === 'v3') expectErrors(res, 400, 'VALIDATION_ERROR');
  expect(fields(res as never)).toContain(field);
}

describe.each(DIALECTS)('%s', (dialect) => {
  test.each(LONE)('when the name or the description holds a lone surrogate (%j), then 400 naming it', async (lone) => {
    await refused(dialect, { name: `Lone ${lone}` }, 'name');
    await refused(dialect, { name: 'Fine', description: `Lone ${lone}` }, 'description');
  });

  test('when a name holds a zero-width or bidi control character, then 400 naming the field', async () => {
    for (const c of INVISIBLE) {
      try {
        for (const name of [`Acme${c}Corp`, `${c}Acme`, `Acme${c}`]) await refused(dialect, { name }, 'name');
      } catch (err) {
        throw new Error(`${hex(c)}: ${(err as Error).message}`, { cause: err });
      }
    }
  });

  test('when a name is the NFKC or case-folded twin of an existing one, then 409 and only the first exists', async () => {
    const { create } = creators[dialect];
    const base = `Ｔｗｉｎ ${dialect} Straße`;
    const first = await create({ name: base });
    expect(first.status).toBe(dialect === 'v1' ? 200 : 201);
    const stored = dialect === 'v3' ? first.body.data.attributes.name : first.body.data.name;
    expect(stored).toBe(`Twin ${dialect} Straße`);
    for (const twin of [`Twin ${dialect} Straße`, `TWIN ${dialect} STRASSE`, ` twin ${dialect} strasse `, `Ｔwin ${dialect} Ｓtraße`]) {
      const res = await changesNothing(t, () => create({ name: twin }));
      expect(res.status).toBe(409);
    }
  });
});

test('a rename to a look-alike of another name is 409 in every dialect, and nothing changes', async () => {
  await t.http.post('/api/v2/service-accounts').set(auth).send({ name: 'ACME' });
  const other = (await t.http.post('/api/v2/service-accounts').set(auth).send({ name: 'Other' })).body.data.id as string;
  const renames = [
    () => t.http.patch(`/v1/service-accounts/${other}`).set(auth).send({ name: 'ＡＣＭＥ' }),
    () => t.http.put(`/api/v2/service-accounts/${other}`).set(auth).send({ name: 'ａｃｍｅ' }),
    () => api.patch(`/service-accounts/${other}`, { data: { type: 'service-accounts', id: other, attributes: { name: 'Acme' } } }),
  ];
  for (const rename of renames) expect((await changesNothing(t, rename)).status).toBe(409);
  const zeroWidth = await changesNothing(t, () => t.http.put(`/api/v2/service-accounts/${other}`).set(auth).send({ name: 'AC\u200bME' }));
  expect(zeroWidth.status).toBe(400);
});

test('workspace names follow the same rules', async () => {
  const made = await t.http.post('/api/v2/workspaces').set(auth).send({ name: 'Ｂｌｕｅ team' });
  expect(made.status).toBe(201);
  expect(made.body.data.name).toBe('Blue team');
  expect((await changesNothing(t, () => t.http.post('/api/v2/workspaces').set(auth).send({ name: 'BLUE TEAM' }))).status).toBe(409);
  expect((await changesNothing(t, () => t.http.post('/api/v2/workspaces').set(auth).send({ name: 'Blue\u202eteam' }))).status).toBe(400);
  expect((await changesNothing(t, () => t.http.post('/api/v2/workspaces').set(auth).send({ name: 'Blue \ud800' }))).status).toBe(400);
});

test('v1 key names and descriptions with a lone surrogate are refused', async () => {
  for (const field of ['name', 'description']) {
    const res = await changesNothing(t, () =>
      t.http
        .post('/v1/api-keys')
        .set(auth)
        .send({ serviceAccountId: t.admin.serviceAccountId, [field]: 'k\udc00' }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  }
});

test('a search is folded like the names: a full-width query finds the plain name', async () => {
  await t.http.post('/api/v2/service-accounts').set(auth).send({ name: 'Searchable Gmbh' });
  const res = await t.http.get(`/api/v2/service-accounts?search=${encodeURIComponent('ＳＥＡＲＣＨＡＢＬＥ')}`).set(auth);
  expect(res.body.data.map((a: { name: string }) => a.name)).toEqual(['Searchable Gmbh']);
});

test('the migration re-keys names stored before, so their look-alikes are refused from then on', async () => {
  const make = async (name: string) => (await t.http.post('/api/v2/service-accounts').set(auth).send({ name })).body.data.id as string;
  // As the code before stored them: the name as written, the key only lower-cased.
  const asBefore = (id: string, name: string) =>
    t.query(`UPDATE service_accounts SET name = '${name}', name_key = '${name.toLowerCase()}' WHERE id = '${id}'`);
  const keyOf = async (id: string) =>
    (await t.query<{ name_key: string }>(`SELECT name_key FROM service_accounts WHERE id = '${id}'`))[0].name_key;
  const old = await make('Legacy one');
  await asBefore(old, 'ＬＥＧＡＣＹ Ｏｎｅ');
  // The hole before: a stored look-alike already has its twin.
  const twinned = await make('Legacy two');
  await asBefore(twinned, 'ＬＥＧＡＣＹ Ｔｗｏ');
  expect((await t.http.post('/api/v2/service-accounts').set(auth).send({ name: 'Legacy Two' })).status).toBe(201);
  const runner = t.running.runtime.store.dataSource.createQueryRunner();
  try {
    await new NfkcNameKeys1732810000000().up(runner);
  } finally {
    await runner.release();
  }
  expect(await keyOf(old)).toBe('legacy one');
  // Its new key is taken by the twin that already exists: it keeps the old one (both stay).
  expect(await keyOf(twinned)).toBe('ｌｅｇａｃｙ ｔｗｏ');
  expect((await changesNothing(t, () => t.http.post('/api/v2/service-accounts').set(auth).send({ name: 'legacy ONE' }))).status).toBe(409);
});
