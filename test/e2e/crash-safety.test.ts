// Crash safety: a real server process is SIGKILLed in the middle of a stream of concurrent writes
// through all three dialects, then restarted on the same database. Every write it acknowledged is
// there, nothing it did not acknowledge is half there, and it starts cleanly. Three times over.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/store/data-source';
import { MIGRATIONS } from '../../src/store/migrations';
import { integrityViolations, NO_VIOLATIONS } from '../support/integrity';
import { bearer, freshDatabase } from '../support/server';
import { bootLineOf, startServerProcess, stopServerProcess, type BootLine, type ServerProcess } from '../support/server-process';

jest.setTimeout(120_000);

const JSONAPI = 'application/vnd.api+json';
const WORKERS = 16;
/** Acknowledged writes per round before the kill; the kill lands while the workers still send. */
const ACKS_BEFORE_KILL = 100;
const ROUNDS = 3;

/** What the clients were told: only these must survive a crash. */
interface Acknowledged {
  accounts: Map<string, 'v1' | 'v2' | 'v3'>;
  /** Key id → its account. */
  keys: Map<string, string>;
  revoked: Set<string>;
  /** Revocations sent, acknowledged or not: an unacknowledged one may or may not have landed. */
  revoking: Set<string>;
}

let server: ServerProcess | undefined;
let db: DataSource;
let env: NodeJS.ProcessEnv;
let admin: BootLine;
let drop: () => Promise<void>;
const acked: Acknowledged = { accounts: new Map(), keys: new Map(), revoked: new Set(), revoking: new Set() };

beforeAll(async () => {
  const fresh = await freshDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'iamgate-crash-')), 'db.sqlite')}`);
  drop = fresh.drop;
  env = { DATABASE_URL: fresh.url, IDEMPOTENCY_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64') };
  server = await startServerProcess(env);
  admin = bootLineOf(server);
  db = createDataSource(fresh.url).dataSource;
  await db.initialize();
});

afterAll(async () => {
  await stopServerProcess(server, 'SIGKILL');
  if (db?.isInitialized) await db.destroy();
  await drop?.();
});

const pick = <T>(items: T[]): T | undefined => items[Math.floor(Math.random() * items.length)];
let serial = 0;

/** One write through a random dialect; records it only when its success response arrived. */
async function oneWrite(p: ServerProcess): Promise<void> {
  const auth = bearer(admin.clientSecret);
  const base = `/v3/orgs/${admin.organizationId}/iam`;
  const name = `crash ${process.pid} ${serial++}`;
  const account = pick([...acked.accounts.keys()]);
  const liveKeys = [...acked.keys].filter(([id]) => !acked.revoked.has(id));
  const key = pick(liveKeys);
  const ops = [
    async () => {
      const r = await p.http
        .post('/api/v2/service-accounts')
        .set(auth)
        .send({ name, scopes: ['service-accounts:read'] });
      if (r.status === 201) {
        acked.accounts.set(r.body.data.id, 'v2');
        acked.keys.set(r.body.data.credentials[0].id, r.body.data.id);
      }
    },
    async () => {
      const r = await p.http
        .post('/v1/service-accounts')
        .set(auth)
        .send({ name, permissions: ['service-accounts:read'] });
      if (r.status === 200) acked.accounts.set(r.body.data.id, 'v1');
    },
    async () => {
      const r = await p.http
        .post(`${base}/service-accounts`)
        .set(auth)
        .type(JSONAPI)
        .send(JSON.stringify({ data: { type: 'service-accounts', attributes: { name } } }));
      if (r.status === 201) {
        acked.accounts.set(r.body.data.id, 'v3');
        acked.keys.set(r.body.included[0].id, r.body.data.id);
      }
    },
    async () => {
      if (!account) return;
      const r = await p.http.post(`/api/v2/service-accounts/${account}/credentials`).set(auth).send({});
      if (r.status === 201) acked.keys.set(r.body.data.id, account);
    },
    async () => {
      if (!account) return;
      const r = await p.http.post('/v1/api-keys').set(auth).send({ serviceAccountId: account, scope: 'read' });
      if (r.status === 200) acked.keys.set(r.body.data.id, account);
    },
    async () => {
      if (!account) return;
      const r = await p.http
        .post(`${base}/service-accounts/${account}/keys`)
        .set(auth)
        .type(JSONAPI)
        .send(JSON.stringify({ data: { type: 'service-account-keys' } }));
      if (r.status === 201) acked.keys.set(r.body.data.id, account);
    },
    async () => {
      if (!key) return;
      const [keyId, owner] = key;
      acked.revoking.add(keyId);
      const r = await pick([
        () => p.http.post(`/api/v2/service-accounts/${owner}/credentials/${keyId}/revoke`).set(auth),
        () => p.http.delete(`/v1/api-keys/${keyId}`).set(auth),
        () => p.http.delete(`${base}/service-accounts/${owner}/keys/${keyId}`).set(auth),
      ])!();
      if (r.status === 200 || r.status === 204) acked.revoked.add(keyId);
    },
  ];
  await pick(ops)!();
}

/** Workers write until the process dies under them; resolves with how many requests failed in flight. */
async function streamUntilKilled(p: ServerProcess): Promise<number> {
  let inFlightFailures = 0;
  const ackedAtStart = acked.accounts.size + acked.keys.size + acked.revoked.size;
  let killed = false;
  const worker = async () => {
    while (!killed) {
      try {
        await oneWrite(p);
      } catch {
        inFlightFailures++; // the connection died with the process: the outcome is unknown
      }
      const ackedNow = acked.accounts.size + acked.keys.size + acked.revoked.size;
      if (!killed && ackedNow - ackedAtStart >= ACKS_BEFORE_KILL) {
        killed = true;
        await stopServerProcess(p, 'SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  return inFlightFailures;
}

async function checkAfterRestart(p: ServerProcess): Promise<void> {
  // It started cleanly: every migration is recorded once, the database answers, no second bootstrap.
  const migrations = (await db.query('SELECT name FROM migrations')) as { name: string }[];
  expect(migrations.map((m) => m.name).sort()).toEqual(MIGRATIONS.map((m) => m.name).sort());
  expect((await p.http.get('/readyz')).status).toBe(200);
  expect(p.stdout()).not.toContain('clientSecret');

  // Every acknowledged write is there, as the clients were told.
  const auth = bearer(admin.clientSecret);
  for (const [id] of acked.accounts) expect([id, (await p.http.get(`/api/v2/service-accounts/${id}`).set(auth)).status]).toEqual([id, 200]);
  const byAccount = new Map<string, { id: string; status: string }[]>();
  for (const owner of new Set(acked.keys.values())) {
    const res = await p.http.get(`/api/v2/service-accounts/${owner}/credentials`).set(auth);
    byAccount.set(owner, res.body.data);
  }
  for (const [keyId, owner] of acked.keys) {
    const stored = byAccount.get(owner)!.find((k) => k.id === keyId);
    const expected = acked.revoked.has(keyId) ? ['Revoked'] : acked.revoking.has(keyId) ? ['Active', 'Revoked'] : ['Active'];
    expect([keyId, expected.includes(stored?.status ?? 'missing')]).toEqual([keyId, true]);
  }

  // Nothing unacknowledged is half there.
  expect(await integrityViolations((sql) => db.query(sql))).toEqual(NO_VIOLATIONS);

  // And it takes writes again.
  expect(
    (
      await p.http
        .post('/api/v2/service-accounts')
        .set(auth)
        .send({ name: `after crash ${serial++}` })
    ).status,
  ).toBe(201);
}

test('when the process is SIGKILLed during concurrent creates, key creations and revocations, then a restart has every acknowledged write and no half-made one', async () => {
  let lost = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const failures = await streamUntilKilled(server!);
    // Some requests were in flight when the process died (otherwise the kill proved nothing).
    expect(failures).toBeGreaterThan(0);
    lost += failures;
    server = await startServerProcess(env);
    await checkAfterRestart(server);
  }
  process.stderr.write(
    `crash safety: ${serial} writes attempted over ${ROUNDS} kills, ${lost} in flight at a kill; acknowledged: ` +
      `${acked.accounts.size} accounts, ${acked.keys.size} keys, ${acked.revoked.size} revocations\n`,
  );
  expect(acked.accounts.size).toBeGreaterThan(10);
  expect(acked.revoked.size).toBeGreaterThan(0);
});
