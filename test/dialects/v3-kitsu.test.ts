// A JSON:API client we did not write (kitsu 10, on axios) drives v3: create, list with include,
// read, update, make a key, delete — so we know a real client understands our documents.
import Kitsu from 'kitsu';
import { assertV3Exchange } from '../support/jsonapi';
import { useTestServer } from '../support/server';

const t = useTestServer();
let api: Kitsu;
/** Every response kitsu receives, checked before kitsu sees it. */
const statuses: number[] = [];

interface AxiosLikeResponse {
  status: number;
  data: unknown;
  headers: Record<string, string>;
  /** Node's ClientRequest: the method and path as sent. */
  request: { method: string; path: string };
}

function checkResponse(res: AxiosLikeResponse): void {
  statuses.push(res.status);
  const text = res.data === '' || res.data === undefined ? '' : JSON.stringify(res.data);
  assertV3Exchange({ method: res.request.method, url: res.request.path, status: res.status, headers: res.headers, body: res.data, text });
}

beforeAll(async () => {
  api = new Kitsu({
    baseURL: `http://127.0.0.1:${t.running.port}/v3/orgs/${t.admin.organizationId}/iam`,
    headers: { Authorization: `Bearer ${t.admin.secret}` },
    // Our types are already the plural kebab-case names; kitsu must not rewrite them.
    camelCaseTypes: false,
    pluralize: false,
    resourceCase: 'none',
  });
  api.interceptors.response.use(
    (res) => {
      checkResponse(res as unknown as AxiosLikeResponse);
      return res;
    },
    (err) => {
      if (err.response) checkResponse(err.response);
      return Promise.reject(err);
    },
  );
});

interface KitsuKey {
  id: string;
  type: string;
  client_id: string;
  client_secret?: string;
  enabled: boolean;
}
interface KitsuAccount {
  id: string;
  type: string;
  name: string;
  description: string | null;
  enabled: boolean;
  email: string;
  keys: { data: KitsuKey[] };
}

test('when kitsu creates, lists with include, reads, updates, adds a key and deletes, then every step round-trips', async () => {
  const created = await api.create('service-accounts', { name: 'Kitsu Client', description: 'made by kitsu', enabled: true });
  const account = created.data as KitsuAccount;
  expect(created.status).toBe(201);
  expect(account).toMatchObject({
    type: 'service-accounts',
    name: 'Kitsu Client',
    description: 'made by kitsu',
    enabled: true,
    email: `kitsuclient@${t.admin.organizationId}.iam.ctrl-hub.com`,
  });
  // kitsu links `included` into the relationship: the first key arrives with its secret.
  expect(account.keys.data).toHaveLength(1);
  expect(account.keys.data[0]).toMatchObject({
    type: 'service-account-keys',
    enabled: true,
    client_secret: expect.stringMatching(/^iamg_/),
  });
  const firstKeyId = account.keys.data[0].id;

  const list = await api.get('service-accounts', {
    params: { include: 'keys', filter: { name: 'kitsu' }, sort: '-created_at', page: { limit: 5, offset: 0 } },
  });
  expect(list.data.map((a: KitsuAccount) => a.id)).toEqual([account.id]);
  const listed = list.data[0] as KitsuAccount;
  expect(listed.keys.data.map((k) => k.id)).toEqual([firstKeyId]);
  expect(listed.keys.data[0].client_id).toEqual(expect.any(String));
  expect(listed.keys.data[0].client_secret).toBeUndefined();
  expect(list.meta.pagination).toMatchObject({ current_page: 1, counts: { resources: 1, pages: 1 } });
  expect(list.links.next).toBeNull();

  const sparse = await api.get('service-accounts', { params: { fields: { 'service-accounts': 'name' }, page: { limit: 1 } } });
  expect(Object.keys(sparse.data[0]).sort()).toEqual(['id', 'links', 'meta', 'name', 'type']);

  const updated = await api.update('service-accounts', { id: account.id, description: 'changed by kitsu', enabled: false });
  expect(updated.data).toMatchObject({ id: account.id, description: 'changed by kitsu', enabled: false, name: 'Kitsu Client' });
  const read = await api.get(`service-accounts/${account.id}`, { params: { include: 'keys' } });
  expect(read.data).toMatchObject({ description: 'changed by kitsu', enabled: false });

  const key = await api.request({
    method: 'POST',
    url: `service-accounts/${account.id}/keys`,
    type: 'service-account-keys',
    body: { expires_at: '2031-01-01T00:00:00Z' },
  });
  expect(key.status).toBe(201);
  expect(key.data).toMatchObject({ type: 'service-account-keys', client_secret: expect.stringMatching(/^iamg_/) });
  expect(key.data.meta).toMatchObject({ expires_at: '2031-01-01T00:00:00.000Z' });
  const keys = await api.get(`service-accounts/${account.id}/keys`);
  expect(keys.data.map((k: KitsuKey) => k.id).sort()).toEqual([firstKeyId, key.data.id].sort());

  await api.remove('service-accounts', account.id);
  const gone = await api.get(`service-accounts/${account.id}`).catch((e: unknown) => e);
  expect(gone).toMatchObject({ errors: [expect.objectContaining({ status: '404', code: 'NOT_FOUND' })] });

  // The delete answers 200 with a meta-only document (issue 26; was 204), which kitsu reads.
  expect(statuses).toEqual([201, 200, 200, 200, 200, 201, 200, 200, 404]);
});

test('when kitsu posts to an unknown collection or with a foreign type, then it reads the 404 and the 409 as JSON:API errors', async () => {
  const unknown = await api.create('widgets', { name: 'Not an account' }).catch((e: unknown) => e);
  expect(unknown).toMatchObject({ errors: [expect.objectContaining({ status: '404', code: 'NOT_FOUND' })] });
  const conflict = await api
    .request({ method: 'POST', url: 'service-accounts', type: 'widgets', body: { name: 'Wrong' } })
    .catch((e: unknown) => e);
  expect(conflict).toMatchObject({
    errors: [expect.objectContaining({ status: '409', code: 'CONFLICT', source: { pointer: '/data/type' } })],
  });
});
