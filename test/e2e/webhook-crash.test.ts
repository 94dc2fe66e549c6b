// Issue 32: webhooks survive a crash. A server process (dist/, so `npm run build` first) acknowledges
// changes while the receiver is failing, so their deliveries are still in the outbox, and is
// SIGKILLed; restarted on the same database, it delivers every one of them, signed, in order. Then
// two processes share the outbox: nothing is sent twice, and the order holds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { WEBHOOK_EVENT_TYPES } from '../../src/core/webhook-events';
import { createDataSource } from '../../src/store/data-source';
import { bearer, freshDatabase } from '../support/server';
import { bootLineOf, startServerProcess, stopServerProcess, type ServerProcess } from '../support/server-process';
import { startReceiver, type Receiver } from '../support/webhook-receiver';

jest.setTimeout(90_000);

let server: ServerProcess | undefined;
let second: ServerProcess | undefined;
let receiver: Receiver;
let db: DataSource;
let drop: () => Promise<void>;

afterAll(async () => {
  await stopServerProcess(server, 'SIGKILL');
  await stopServerProcess(second, 'SIGKILL');
  await receiver?.close();
  if (db?.isInitialized) await db.destroy();
  await drop?.();
});

test('when the process is killed between the changes and their delivery, then after a restart every event is delivered, in order', async () => {
  const fresh = await freshDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'iamgate-hooks-')), 'db.sqlite')}`);
  drop = fresh.drop;
  const env = {
    DATABASE_URL: fresh.url,
    IDEMPOTENCY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_POLL_MS: '100',
    JANITOR_INTERVAL_S: '0',
  };
  receiver = await startReceiver();
  receiver.mode = 'failing';
  server = await startServerProcess(env);
  const admin = bootLineOf(server);
  const auth = bearer(admin.clientSecret);
  const sub = await server.http.post('/api/v2/webhooks').set(auth).send({ url: receiver.url, events: WEBHOOK_EVENT_TYPES });
  expect(sub.status).toBe(201);
  receiver.secret = sub.body.data.secret;
  for (let i = 0; i < 5; i++) {
    const res = await server.http
      .post('/api/v2/service-accounts')
      .set(auth)
      .send({ name: `crash hook ${i}`, scopes: ['service-accounts:read'] });
    expect(res.status).toBe(201);
  }
  await stopServerProcess(server, 'SIGKILL');

  db = createDataSource(fresh.url).dataSource;
  await db.initialize();
  const events = (await db.query(
    `SELECT id FROM audit_events WHERE id >= (SELECT audit_event_id FROM webhook_deliveries ORDER BY id LIMIT 1) ORDER BY id`,
  )) as { id: string }[];
  // The subscription's own creation, then an account and its first key five times.
  expect(events.length).toBe(11);
  const pending = (await db.query(`SELECT COUNT(*) AS n FROM webhook_deliveries WHERE state = 'pending'`)) as { n: number }[];
  expect(Number(pending[0].n)).toBe(11);
  expect(receiver.unique()).toEqual([]);

  receiver.mode = 'up';
  server = await startServerProcess(env);
  await receiver.waitFor(() => receiver.unique().length >= events.length, 30_000);
  expect(receiver.unique().map((r) => r.data.id)).toEqual(events.map((e) => e.id));
  expect(receiver.unverified).toBe(0);

  // Two processes on the same database: each delivery is claimed by one of them (a lease, and
  // FOR UPDATE SKIP LOCKED on PostgreSQL), so none is sent twice, and the order holds.
  second = await startServerProcess(env);
  const sent = receiver.received.length;
  for (let i = 0; i < 10; i++) {
    const via = i % 2 ? second : server;
    expect(
      (
        await via.http
          .post('/api/v2/workspaces')
          .set(auth)
          .send({ name: `two processes ${i}` })
      ).status,
    ).toBe(201);
  }
  const all = ((await db.query(`SELECT id FROM audit_events WHERE action = 'workspace.create' ORDER BY id`)) as { id: string }[]).map(
    (e) => e.id,
  );
  expect(all.length).toBe(10);
  await receiver.waitFor(() => receiver.received.length >= sent + 10, 30_000);
  await new Promise((r) => setTimeout(r, 500)); // a duplicate would have arrived by now
  expect(receiver.received.slice(sent).map((r) => r.data.id)).toEqual(all);
});
