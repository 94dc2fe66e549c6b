// Issue 32: signed event webhooks. A receiver on 127.0.0.1 (allowed by WEBHOOK_ALLOWED_HOSTS) verifies
// every delivery with the `standardwebhooks` package, sees every audited change once or more, in
// order, typed `<resource>.<past tense>`, with `data` the audit event as v2 shows it; a receiver that
// is down gets what it missed once it is back, and delays no other; after 24 h of failures a delivery
// is failed and its subscription disabled (audited). URLs are https and public, unless allowed.
import { WEBHOOK_EVENT_TYPES } from '../../src/core/webhook-events';
import { v3Client, type V3Client } from '../support/jsonapi-client';
import { bearer, useTestServer } from '../support/server';
import { startReceiver, type Receiver } from '../support/webhook-receiver';

const t = useTestServer({ webhookAllowedHosts: ['127.0.0.1'], webhookPollMs: 50, webhookTimeoutMs: 2_000, janitorIntervalS: 0 });
let v3: V3Client;
let receiver: Receiver;
let other: Receiver;
const HOUR = 3_600_000;

beforeAll(async () => {
  v3 = v3Client(t, bearer(t.admin.secret));
  receiver = await startReceiver();
  other = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await other?.close();
});

const subscribe = async (url: string, events: readonly string[] = WEBHOOK_EVENT_TYPES) => {
  const res = await t.http.post('/api/v2/webhooks').set(t.adminBearer).send({ url, events, description: 'test receiver' });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; secret: string; url: string; enabled: boolean };
};

const auditIdsSince = async (after: string) =>
  (await t.query<{ id: string; action: string }>(`SELECT id, action FROM audit_events WHERE id > '${after}' ORDER BY id`)).map((r) => r.id);

describe('subscriptions', () => {
  test('when a URL is not https, or names a private, loopback or link-local address or localhost, then 400 on url; allowed hosts may be http', async () => {
    for (const url of [
      'http://hooks.example.com/x',
      'https://10.0.0.1/x',
      'https://169.254.169.254/latest',
      'https://[::1]/x',
      'https://localhost/x',
      'ftp://x.example.com/',
      'https://user:pw@hooks.example.com/',
      'not a url',
    ]) {
      const res = await t.http
        .post('/api/v2/webhooks')
        .set(t.adminBearer)
        .send({ url, events: ['key.created'] });
      expect([url, res.status, res.body.target]).toEqual([url, 400, 'url']);
    }
    const doc = await v3.post('/webhooks', {
      data: { type: 'webhooks', attributes: { url: 'http://192.168.1.10/x', events: ['key.created'] } },
    });
    expect(doc.status).toBe(400);
    expect(doc.body.errors[0].source).toEqual({ pointer: '/data/attributes/url' });
    const unknown = await t.http
      .post('/api/v2/webhooks')
      .set(t.adminBearer)
      .send({ url: 'https://hooks.example.com/x', events: ['key.exploded'] });
    expect(unknown.status).toBe(400);
    expect(await t.query('SELECT id FROM webhook_subscriptions')).toEqual([]);
  });

  test('when made, then the secret (whsec_…) is shown once, never read back, and a Member cannot see or make subscriptions', async () => {
    const made = await t.http
      .post('/api/v2/webhooks')
      .set(t.adminBearer)
      .send({ url: 'https://hooks.example.com/iamgate', events: ['key.created'], enabled: false });
    expect(made.status).toBe(201);
    expect(made.headers['cache-control']).toContain('no-store');
    expect(made.body.data.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const read = await t.http.get(`/api/v2/webhooks/${made.body.data.id}`).set(t.adminBearer);
    expect(read.body.data).not.toHaveProperty('secret');
    const stored = await t.query<{ secret_sealed: string }>(
      `SELECT secret_sealed FROM webhook_subscriptions WHERE id = '${made.body.data.id}'`,
    );
    expect(stored[0].secret_sealed).not.toContain(made.body.data.secret.slice(6, 20));
    const v3read = await v3.get(`/webhooks/${made.body.data.id}`);
    expect(v3read.body.data.attributes).not.toHaveProperty('secret');
    const member = await t.http
      .post('/api/v2/service-accounts')
      .set(t.adminBearer)
      .send({ name: 'webhook member', scopes: ['service-accounts:read', 'service-accounts:write'] });
    const auth = bearer(member.body.data.clientSecret);
    expect((await t.http.get('/api/v2/webhooks').set(auth)).status).toBe(403);
    expect(
      (
        await t.http
          .post('/api/v2/webhooks')
          .set(auth)
          .send({ url: 'https://hooks.example.com/x', events: ['key.created'] })
      ).status,
    ).toBe(403);
    expect((await t.http.delete(`/api/v2/webhooks/${made.body.data.id}`).set(t.adminBearer)).status).toBe(204);
  });

  test('when v3 deletes a subscription, then it answers a meta-only document naming the webhook, and the subscription is gone', async () => {
    const made = await v3.post('/webhooks', {
      data: { type: 'webhooks', attributes: { url: 'https://hooks.example.com/gone', events: ['key.created'], enabled: false } },
    });
    expect(made.status).toBe(201);
    const id = made.body.data.id;
    const gone = await v3.delete(`/webhooks/${id}`);
    expect(gone.status).toBe(200);
    expect(gone.body).not.toHaveProperty('data');
    expect(gone.body.meta.deleted).toEqual({ type: 'webhooks', id });
    expect((await v3.get(`/webhooks/${id}`)).status).toBe(404);
  });
});

describe('delivery', () => {
  let sub: { id: string; secret: string };
  let mark: string;

  beforeAll(async () => {
    mark = (await t.query<{ id: string }>('SELECT MAX(id) AS id FROM audit_events'))[0].id;
    // It takes every event, its own creation's too (written in the same transaction).
    sub = await subscribe(receiver.url);
    receiver.secret = sub.secret;
  });

  test('when changes are made through every dialect, then the receiver verifies each event, gets every one once or more, in order', async () => {
    const made = await t.http
      .post('/api/v2/service-accounts')
      .set(t.adminBearer)
      .send({ name: 'hooked', scopes: ['service-accounts:read'] });
    const id = made.body.data.id;
    await t.http.put(`/api/v2/service-accounts/${id}`).set(t.adminBearer).send({ description: 'watched' });
    const cred = await t.http.post(`/api/v2/service-accounts/${id}/credentials`).set(t.adminBearer).send({});
    await v3.patch(`/service-accounts/${id}/keys/${cred.body.data.id}`, {
      data: { type: 'service-account-keys', id: cred.body.data.id, attributes: { enabled: false } },
    });
    await t.http.delete(`/v1/api-keys/${cred.body.data.id}`).set(t.adminBearer);
    const group = await v3.post('/groups', { data: { type: 'groups', attributes: { name: 'hooked group' } } });
    await v3.patch(`/groups/${group.body.data.id}`, { data: { type: 'groups', id: group.body.data.id, attributes: { description: 'x' } } });
    await t.http.put('/api/v2/credential-policy').set(t.adminBearer).send({ warnBeforeExpiryDays: 3 });
    await t.http.post(`/v1/service-accounts/${id}/disable`).set(t.adminBearer);
    const expected = await auditIdsSince(mark);
    expect(expected.length).toBeGreaterThanOrEqual(10);
    await receiver.waitFor(() => receiver.unique().length >= expected.length);
    const got = receiver.unique();
    expect(got.map((r) => r.data.id)).toEqual(expected);
    expect(receiver.unverified).toBe(0);
    expect(got.map((r) => r.type)).toEqual(
      expect.arrayContaining([
        'webhook.created',
        'service-account.created',
        'key.created',
        'service-account.updated',
        'key.disabled',
        'key.revoked',
        'group.created',
        'group.updated',
        'credential-policy.updated',
        'service-account.disabled',
      ]),
    );
    // The payload: {type, timestamp, data} with `data` the audit event as v2 shows it.
    const created = got.find((r) => r.type === 'service-account.created')!;
    const v2Events = await t.http.get(`/api/v2/service-accounts/${id}/audit-events`).set(t.adminBearer);
    expect(created.data).toEqual(v2Events.body.data.find((e: { id: string }) => e.id === created.data.id));
    expect(created.timestamp).toBe(created.data.occurredAt);
    expect(created.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(created.headers['content-type']).toBe('application/json');
    // Each delivery is recorded, with no error.
    const deliveries = await t.http.get(`/api/v2/webhooks/${sub.id}/deliveries?limit=100`).set(t.adminBearer);
    expect(deliveries.status).toBe(200);
    expect(deliveries.body.data.length).toBe(expected.length);
    expect(
      deliveries.body.data.every(
        (d: { state: string; lastError: null; attempts: number }) => d.state === 'delivered' && d.lastError === null,
      ),
    ).toBe(true);
  });

  test('when the receiver is down, then its deliveries wait (errors readable) while another subscription gets its events; back up, it gets what it missed, in order', async () => {
    const second = await subscribe(other.url, ['workspace.created']);
    other.secret = second.secret;
    await receiver.waitFor(() => receiver.unique().some((r) => r.type === 'webhook.created' && r.data.targetId === second.id));
    const before = receiver.unique().length;
    const from = (await t.query<{ id: string }>('SELECT MAX(id) AS id FROM audit_events'))[0].id;
    await receiver.down();
    for (const name of ['ws one', 'ws two', 'ws three'])
      expect((await t.http.post('/api/v2/workspaces').set(t.adminBearer).send({ name })).status).toBe(201);
    // The other receiver is not held up by this one.
    await other.waitFor(() => other.unique().length >= 3);
    const pending = async () => (await t.http.get(`/api/v2/webhooks/${sub.id}/deliveries`).set(t.adminBearer)).body.data;
    const until = Date.now() + 10_000;
    while (!(await pending()).some((d: { attempts: number }) => d.attempts > 0) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    const waiting = (await pending()).filter((d: { state: string }) => d.state === 'pending');
    expect(waiting.length).toBe(3);
    expect(waiting.find((d: { attempts: number }) => d.attempts > 0)).toMatchObject({
      lastStatus: null,
      lastError: expect.stringMatching(/ECONNREFUSED|connect/),
    });
    const v3deliveries = await v3.get(`/webhooks/${sub.id}/deliveries`);
    expect(v3deliveries.status).toBe(200);
    expect(v3deliveries.body.data[0].attributes.state).toBe('pending');

    await receiver.up();
    t.clock.advance(2 * 60_000); // past the backoff
    const missed = await auditIdsSince(from);
    await receiver.waitFor(() => receiver.unique().length >= before + missed.length);
    expect(
      receiver
        .unique()
        .slice(before)
        .map((r) => r.data.id),
    ).toEqual(missed);
    expect(
      receiver
        .unique()
        .slice(before)
        .map((r) => r.type),
    ).toEqual(['workspace.created', 'workspace.created', 'workspace.created']);
  });

  test('when the secret is rotated, then deliveries are signed with the new one only', async () => {
    const rotated = await v3.post(`/webhooks/${sub.id}/rotate-secret`, undefined as never);
    expect(rotated.status).toBe(200);
    const secret = rotated.body.data.attributes.secret;
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(sub.secret);
    const before = receiver.unique().length;
    receiver.secret = sub.secret; // the old one: nothing verifies
    await t.http.post('/api/v2/workspaces').set(t.adminBearer).send({ name: 'ws rotated' });
    const until = Date.now() + 5_000;
    while (receiver.unverified === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    expect(receiver.unverified).toBeGreaterThan(0);
    // Refused (401), they are sent again after the backoff: with the new secret, they verify.
    receiver.secret = secret;
    t.clock.advance(2 * 60_000);
    await receiver.waitFor(() =>
      receiver
        .unique()
        .slice(before)
        .some((r) => r.type === 'workspace.created'),
    );
    expect(
      receiver
        .unique()
        .slice(before)
        .map((r) => r.type),
    ).toEqual(['webhook.rotated', 'workspace.created']);
  });

  test('when deliveries fail for 24 hours, then the delivery is failed and the subscription disabled, audited; enabling it again resumes', async () => {
    receiver.mode = 'failing';
    await t.http.post('/api/v2/workspaces').set(t.adminBearer).send({ name: 'ws failing' });
    const deliveries = async () => (await t.http.get(`/api/v2/webhooks/${sub.id}/deliveries`).set(t.adminBearer)).body.data;
    let until = Date.now() + 10_000;
    while (!(await deliveries())[0].attempts && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect((await deliveries())[0]).toMatchObject({ state: 'pending', lastStatus: 503, lastError: 'HTTP 503' });
    t.clock.advance(25 * HOUR);
    until = Date.now() + 10_000;
    while ((await deliveries())[0].state === 'pending' && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect((await deliveries())[0]).toMatchObject({ state: 'failed', lastStatus: 503 });
    const subNow = await t.http.get(`/api/v2/webhooks/${sub.id}`).set(t.adminBearer);
    expect(subNow.body.data).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('24 hours') });
    const audit = await t.query<{ action: string; actor_id: string | null }>(
      `SELECT action, actor_id FROM audit_events WHERE target_id = '${sub.id}' ORDER BY id`,
    );
    expect(audit.at(-1)).toEqual({ action: 'webhook.disable', actor_id: null });
    // Enabled again (and the receiver fixed), new events flow.
    receiver.mode = 'up';
    const before = receiver.unique().length;
    const enabled = await t.http.put(`/api/v2/webhooks/${sub.id}`).set(t.adminBearer).send({ enabled: true });
    expect(enabled.body.data).toMatchObject({ enabled: true, disabledReason: null });
    await t.http.post('/api/v2/workspaces').set(t.adminBearer).send({ name: 'ws after' });
    await receiver.waitFor(() =>
      receiver
        .unique()
        .slice(before)
        .some((r) => r.type === 'webhook.updated'),
    );
  });
});
