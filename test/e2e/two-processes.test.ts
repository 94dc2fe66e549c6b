// Two separate server processes on one database (PostgreSQL in CI's second run; a shared SQLite
// file otherwise): nothing that one process needs lives only in the other.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awayFromMinuteBoundary, basic, bearer, freshDatabase } from '../support/server';
import { startServerProcess as start, stopServerProcess, type ServerProcess as Proc } from '../support/server-process';

const stop = async (p: Proc | undefined): Promise<void> => {
  await stopServerProcess(p);
};

describe('two processes on one database', () => {
  let a: Proc;
  let b: Proc;
  let admin: { clientId: string; clientSecret: string; organizationId: string };
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await freshDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'iamgate-2p-')), 'db.sqlite')}`);
    drop = db.drop;
    const env = { DATABASE_URL: db.url, IDEMPOTENCY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') };
    a = await start(env);
    admin = JSON.parse(
      a
        .stdout()
        .split('\n')
        .find((l) => l.includes('clientSecret'))!,
    );
    b = await start(env);
  });

  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
    await drop();
  });

  test('when an account is written on one, then the other reads it', async () => {
    const made = await a.http.post('/api/v2/service-accounts').set(bearer(admin.clientSecret)).send({ name: 'Shared' });
    expect(made.status).toBe(201);
    const read = await b.http.get(`/api/v2/service-accounts/${made.body.data.id}`).set(bearer(admin.clientSecret));
    expect(read.status).toBe(200);
    expect(read.body.data.name).toBe('Shared');
  });

  test('when a key is revoked on one, then the other refuses it on the very next request', async () => {
    const made = await a.http
      .post('/api/v2/service-accounts')
      .set(bearer(admin.clientSecret))
      .send({ name: 'Revoked across', organizationalRole: 'Admin' });
    const secret = made.body.data.clientSecret;
    expect((await b.http.get('/api/v2/service-accounts').set(bearer(secret))).status).toBe(200);
    const token = (
      await b.http.post('/oauth2/token').set(basic(made.body.data.clientId, secret)).type('form').send({ grant_type: 'client_credentials' })
    ).body.access_token;
    expect((await a.http.get('/api/v2/service-accounts').set(bearer(token))).status).toBe(200);
    await a.http
      .post(`/api/v2/service-accounts/${made.body.data.id}/credentials/${made.body.data.credentials[0].id}/revoke`)
      .set(bearer(admin.clientSecret));
    expect((await b.http.get('/api/v2/service-accounts').set(bearer(secret))).status).toBe(401);
    expect((await b.http.get('/api/v2/service-accounts').set(bearer(token))).status).toBe(401);
  });

  test('when a key is rolled on one, then the other refuses the old secret and its token once the overlap ends (issue 30)', async () => {
    const made = await a.http
      .post('/api/v2/service-accounts')
      .set(bearer(admin.clientSecret))
      .send({ name: 'Rolled across', organizationalRole: 'Admin' });
    const { clientId, clientSecret: old } = made.body.data;
    // Verified on b first: b remembers the old secret, and holds a token minted from it.
    expect((await b.http.get('/api/v2/service-accounts').set(bearer(old))).status).toBe(200);
    const token = (await b.http.post('/oauth2/token').set(basic(clientId, old)).type('form').send({ grant_type: 'client_credentials' }))
      .body.access_token;
    const rolled = await a.http
      .post(`/api/v2/service-accounts/${made.body.data.id}/credentials/${made.body.data.credentials[0].id}/roll`)
      .set(bearer(admin.clientSecret))
      .send({ overlapSeconds: 2 });
    expect(rolled.status).toBe(201);
    expect((await b.http.get('/api/v2/service-accounts').set(bearer(old))).status).toBe(200);
    await new Promise((r) => setTimeout(r, Date.parse(rolled.body.data.previousCredential.expirationDate) - Date.now() + 50));
    expect((await b.http.get('/api/v2/service-accounts').set(bearer(old))).status).toBe(401);
    expect((await b.http.get('/api/v2/service-accounts').set(bearer(token))).status).toBe(401);
    expect((await b.http.get('/api/v2/service-accounts').set(bearer(rolled.body.data.clientSecret))).status).toBe(200);
  });

  test('when an idempotent create is retried on the other process, then it replays and makes nothing new', async () => {
    const first = await a.http
      .post('/api/v2/service-accounts')
      .set(bearer(admin.clientSecret))
      .set('Idempotency-Key', 'cross-1')
      .send({ name: 'Once across' });
    const retry = await b.http
      .post('/api/v2/service-accounts')
      .set(bearer(admin.clientSecret))
      .set('Idempotency-Key', 'cross-1')
      .send({ name: 'Once across' });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const list = await b.http.get('/api/v2/service-accounts?search=once%20across').set(bearer(admin.clientSecret));
    expect(list.body.data).toHaveLength(1);
  });
});

describe('rate limits across two processes', () => {
  test('when failures are spread over both processes, then they count against one limit', async () => {
    const db = await freshDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'iamgate-rl-')), 'db.sqlite')}`);
    const env = { DATABASE_URL: db.url, RATE_LIMIT_AUTH_FAILURES: '4' };
    const a = await start(env);
    const b = await start(env);
    try {
      const wrong = bearer(`iamg_${'B'.repeat(43)}${'1'.repeat(32)}`);
      await awayFromMinuteBoundary();
      const statuses = [];
      for (const p of [a, b, a, b, a]) statuses.push((await p.http.get('/api/v2/service-accounts').set(wrong)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
    } finally {
      await Promise.all([stop(a), stop(b)]);
      await db.drop();
    }
  });
});

describe('IAMGATE_WORKERS=2', () => {
  test('when started with two workers, then it serves, and SIGTERM stops every process cleanly', async () => {
    const db = await freshDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'iamgate-w-')), 'db.sqlite')}`);
    const p = await start({ DATABASE_URL: db.url, IAMGATE_WORKERS: '2' });
    try {
      const boot = JSON.parse(
        p
          .stdout()
          .split('\n')
          .find((l) => l.includes('clientSecret'))!,
      );
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          p.http
            .post('/api/v2/service-accounts')
            .set(bearer(boot.clientSecret))
            .send({ name: `worker ${i}` }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
      p.child.removeAllListeners('exit');
      const exit = new Promise<number | null>((resolve) => p.child.on('exit', (code) => resolve(code)));
      p.child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      await stop(p);
      await db.drop();
    }
  });
});

describe('graceful shutdown', () => {
  test('when SIGTERM arrives during a request, then the request still completes and the process exits 0', async () => {
    const db = await freshDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'iamgate-gs-')), 'db.sqlite')}`);
    // A slow bcrypt cost makes the create take long enough to be in flight when the signal lands.
    const p = await start({ DATABASE_URL: db.url, BCRYPT_COST: '13' });
    try {
      const boot = JSON.parse(
        p
          .stdout()
          .split('\n')
          .find((l) => l.includes('clientSecret'))!,
      );
      await p.http.get('/api/v2/service-accounts').set(bearer(boot.clientSecret)); // verify once (slow), outside the timing
      p.child.removeAllListeners('exit');
      const exit = new Promise<number | null>((resolve) => p.child.on('exit', (code) => resolve(code)));
      const inFlight = p.http
        .post('/api/v2/service-accounts')
        .set(bearer(boot.clientSecret))
        .send({ name: 'In flight' })
        .then((r) => r);
      await new Promise((r) => setTimeout(r, 150));
      p.child.kill('SIGTERM');
      expect((await inFlight).status).toBe(201);
      expect(await exit).toBe(0);
    } finally {
      await stop(p);
      await db.drop();
    }
  });
});
