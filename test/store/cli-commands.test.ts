// The `iamgate` bin's commands (dist/, so `npm run build` first) on the server's database: usage and
// exit codes, stdout exactly one JSON line per record, and recovering an organization whose admin
// keys are all revoked.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TypeOrmStore } from '../../src/store/typeorm-store';
import { bearer, freshDatabase, startTestServer } from '../support/server';
import { startServerProcess, stopServerProcess, type BootLine } from '../support/server-process';

const root = join(__dirname, '..', '..');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], url?: string): Promise<Ran> {
  const env = { ...process.env, BCRYPT_COST: '4', LOG_LEVEL: 'info', ...(url ? { DATABASE_URL: url } : {}) };
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/iamgate.js', ...args], { cwd: root, env }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr });
    });
  });
}

/** stdout as records: every line must be one JSON object. */
const records = (stdout: string) => {
  expect(stdout.endsWith('\n')).toBe(true);
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
};

const sqliteFile = () => `sqlite:${join(mkdtempSync(join(tmpdir(), 'iamgate-cli-')), 'db.sqlite')}`;

describe('usage', () => {
  test.each([[['--help']], [['-h']], [['help']], [['org', 'list', '--help']]])(
    'when called with %j, then usage is on stdout and it exits 0',
    async (args) => {
      const ran = await cli(args);
      expect(ran).toMatchObject({ code: 0, stderr: '' });
      expect(ran.stdout).toMatch(/^usage: iamgate/);
      for (const command of ['org create --name', 'org list', 'admin create --org']) expect(ran.stdout).toContain(command);
    },
  );

  test.each([
    [['bogus']],
    [['org', 'delete']],
    [['org', 'create']],
    [['admin', 'create']],
    [['org', 'list', '--org', 'x']],
    [['org', 'create', '--nmae', 'x']],
    [[]],
  ])('when called with %j, then usage is on stderr and it exits 2', async (args) => {
    const ran = await cli(args);
    expect(ran).toMatchObject({ code: 2, stdout: '' });
    expect(ran.stderr).toMatch(/^usage: iamgate/);
  });
});

describe('on one database', () => {
  let url: string;
  let drop: () => Promise<void>;
  let acme: BootLine;
  beforeAll(async () => {
    const db = await freshDatabase(sqliteFile());
    url = db.url;
    drop = db.drop;
  });
  afterAll(async () => {
    await drop();
  });

  test('when `org create` runs, then stdout is exactly one JSON line', async () => {
    const ran = await cli(['org', 'create', '--name', 'Acme'], url);
    expect(ran.code).toBe(0);
    const lines = records(ran.stdout);
    expect(lines).toHaveLength(1);
    acme = lines[0] as unknown as BootLine;
    expect(Object.keys(acme)).toEqual(['organizationId', 'serviceAccountId', 'clientId', 'clientSecret']);
    expect(acme.clientSecret).toMatch(/^iamg_/);
  });

  test.each(['Acme', 'ACME', '  acme  '])(
    'when `org create` gets the existing name %j, then it refuses on stderr and exits 1',
    async (name) => {
      const ran = await cli(['org', 'create', '--name', name], url);
      expect(ran).toMatchObject({ code: 1, stdout: '' });
      expect(ran.stderr).toMatch(/already exists/);
    },
  );

  test('when `org list` runs, then one JSON line per organization, oldest first, with its number of accounts', async () => {
    expect((await cli(['org', 'create', '--name', 'Beta'], url)).code).toBe(0);
    expect((await cli(['admin', 'create', '--org', 'acme'], url)).code).toBe(0);
    const ran = await cli(['org', 'list'], url);
    expect(ran.code).toBe(0);
    const orgs = records(ran.stdout);
    expect(orgs).toEqual([
      { id: acme.organizationId, name: 'Acme', createdAt: expect.any(String), accounts: 2 },
      { id: expect.any(String), name: 'Beta', createdAt: expect.any(String), accounts: 1 },
    ]);
    expect(Object.keys(orgs[0])).toEqual(['id', 'name', 'createdAt', 'accounts']);
  });

  test('when `admin create` names an unknown organization, then it says so on stderr and exits 1', async () => {
    for (const org of ['Nobody', '01a230c4-0000-7000-8000-000000000000']) {
      const ran = await cli(['admin', 'create', '--org', org], url);
      expect(ran).toMatchObject({ code: 1, stdout: '' });
      expect(ran.stderr).toMatch(/Organization not found/);
    }
  });
});

test('the CLI recovers an organization whose admin keys are all revoked', async () => {
  const db = await freshDatabase(sqliteFile());
  try {
    const made = records((await cli(['org', 'create', '--name', 'Locked out'], db.url)).stdout)[0] as unknown as BootLine;
    const store = await TypeOrmStore.open(db.url);
    try {
      await store.dataSource.query(
        `UPDATE keys SET revoked_at = '2026-01-01T00:00:00.000Z' WHERE organization_id = '${made.organizationId}'`,
      );
    } finally {
      await store.close();
    }
    const server = await startServerProcess({ DATABASE_URL: db.url });
    try {
      expect((await server.http.get('/api/v2/service-accounts').set(bearer(made.clientSecret))).status).toBe(401);

      const ran = await cli(['admin', 'create', '--org', made.organizationId], db.url);
      expect(ran.code).toBe(0);
      const lines = records(ran.stdout);
      expect(lines).toHaveLength(1);
      const rescue = lines[0] as unknown as BootLine;
      expect(rescue.organizationId).toBe(made.organizationId);

      const list = await server.http.get('/api/v2/service-accounts').set(bearer(rescue.clientSecret));
      expect(list.status).toBe(200);
      expect(list.body.data.map((a: { id: string }) => a.id).sort()).toEqual([made.serviceAccountId, rescue.serviceAccountId].sort());
      const me = list.body.data.find((a: { id: string }) => a.id === rescue.serviceAccountId);
      expect(me.organizationalRole).toBe('Admin');
      // The rescuer can act as an admin: it makes a key for the old admin account.
      const key = await server.http
        .post(`/api/v2/service-accounts/${made.serviceAccountId}/credentials`)
        .set(bearer(rescue.clientSecret))
        .send({});
      expect(key.status).toBe(201);
      // Audited as the system.
      const audit = await server.http
        .get(`/api/v2/service-accounts/${rescue.serviceAccountId}/audit-events`)
        .set(bearer(rescue.clientSecret));
      expect(audit.status).toBe(200);
      expect(
        audit.body.data.map((e: { action: string; dialect: string; actorId: string | null }) => [e.action, e.dialect, e.actorId]),
      ).toEqual([
        ['service-account.create', 'system', null],
        ['key.create', 'system', null],
      ]);
    } finally {
      await stopServerProcess(server);
    }
  } finally {
    await db.drop();
  }
});

test('when organizations of one name are created at once, then exactly one is made (the name is checked inside the writing transaction)', async () => {
  const t = await startTestServer();
  try {
    // All three look before any of them writes (bcrypt runs in between), so only the check in the
    // transaction can tell.
    const results = await Promise.allSettled(['Race', 'RACE', 'race '].map((name) => t.running.runtime.core.createOrganization(name)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual([
      'CONFLICT',
      'CONFLICT',
    ]);
    const names = (await t.running.runtime.core.listOrganizations()).map((o) => o.name.toLowerCase());
    expect(names.filter((n) => n.trim() === 'race')).toHaveLength(1);
  } finally {
    await t.close();
  }
});
