// Issue 19: signed tokens across two server processes on one database (a shared SQLite file, or
// PostgreSQL in CI's second run) with one sealing key: either process checks what the other
// signed, and a revocation or a disable on one is refused by the other on the very next request.
// Runs dist/ (npm run build first).
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sealer } from '../../src/http/idempotency/sealer';
import { createDataSource } from '../../src/store/data-source';
import { legacyOpaque } from '../support/legacy-token';
import { basic, bearer, freshDatabase } from '../support/server';
import { bootLineOf, startServerProcess, stopServerProcess, type BootLine, type ServerProcess } from '../support/server-process';

const SEALING_KEY = Buffer.alloc(32, 5).toString('base64');

for (const format of ['opaque', 'jwt'] as const) {
  describe(`TOKEN_FORMAT=${format} on two processes`, () => {
    let a: ServerProcess;
    let b: ServerProcess;
    let admin: BootLine;
    let drop: () => Promise<void>;
    let url: string;

    beforeAll(async () => {
      const db = await freshDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'iamgate-tok-')), 'db.sqlite')}`);
      drop = db.drop;
      url = db.url;
      const env = { DATABASE_URL: db.url, IDEMPOTENCY_ENCRYPTION_KEY: SEALING_KEY, TOKEN_FORMAT: format };
      a = await startServerProcess(env);
      admin = bootLineOf(a);
      b = await startServerProcess(env);
    });
    afterAll(async () => {
      await Promise.all([stopServerProcess(a), stopServerProcess(b)]);
      await drop();
    });

    const tokenFrom = async (p: ServerProcess, clientId: string, secret: string) => {
      const res = await p.http.post('/oauth2/token').set(basic(clientId, secret)).type('form').send({ grant_type: 'client_credentials' });
      expect(res.status).toBe(200);
      return res.body.access_token as string;
    };

    test('when a token is revoked on one process, then the other refuses it on the very next request', async () => {
      const token = await tokenFrom(a, admin.clientId, admin.clientSecret);
      expect((await b.http.get('/auth/verify').set(bearer(token))).status).toBe(200);
      const rev = await b.http.post('/oauth2/revoke').set(basic(admin.clientId, admin.clientSecret)).type('form').send({ token });
      expect(rev.status).toBe(200);
      expect((await a.http.get('/auth/verify').set(bearer(token))).status).toBe(401);
      expect((await b.http.get('/auth/verify').set(bearer(token))).status).toBe(401);
      expect((await a.http.get('/auth/verify').set(bearer(await tokenFrom(b, admin.clientId, admin.clientSecret)))).status).toBe(200);
    });

    test('when an account is disabled on one process, then its token is refused by the other at once, and works again after enable', async () => {
      const made = await a.http
        .post('/api/v2/service-accounts')
        .set(bearer(admin.clientSecret))
        .send({ name: `Disabled across ${format}`, scopes: ['service-accounts:read'] });
      const token = await tokenFrom(b, made.body.data.clientId, made.body.data.clientSecret);
      expect((await a.http.get('/auth/verify').set(bearer(token))).status).toBe(200);
      await b.http.post(`/api/v2/service-accounts/${made.body.data.id}/disable`).set(bearer(admin.clientSecret));
      expect((await a.http.get('/auth/verify').set(bearer(token))).status).toBe(401);
      await a.http.post(`/api/v2/service-accounts/${made.body.data.id}/enable`).set(bearer(admin.clientSecret));
      expect((await b.http.get('/auth/verify').set(bearer(token))).status).toBe(200);
    });

    // Issue 28: an opaque token of the format before (no JWS header) keeps working on every process
    // sharing the database until it expires. Signed here as that release signed it, with the key
    // both processes share (read from signing_keys and opened with the sealing key).
    if (format === 'opaque')
      test('when a token of the earlier opaque format is used, then both processes accept it until it expires, and neither after', async () => {
        await tokenFrom(a, admin.clientId, admin.clientSecret); // the signing key exists
        const { dataSource } = createDataSource(url);
        await dataSource.initialize();
        let kid: string;
        let secret: Buffer;
        let keyId: string;
        try {
          const [row] = (await dataSource.query("SELECT id, sealed_secret FROM signing_keys WHERE alg = 'HS256'")) as {
            id: string;
            sealed_secret: string;
          }[];
          kid = row.id;
          secret = Buffer.from(new Sealer(Buffer.from(SEALING_KEY, 'base64')).open(row.sealed_secret)!, 'base64');
          [{ id: keyId }] = (await dataSource.query(`SELECT id FROM keys WHERE service_account_id = '${admin.serviceAccountId}'`)) as {
            id: string;
          }[];
        } finally {
          await dataSource.destroy();
        }
        const now = Math.floor(Date.now() / 1000);
        const legacy = (iat: number) =>
          legacyOpaque(
            {
              jti: randomUUID(),
              keyId,
              accountId: admin.serviceAccountId,
              orgId: admin.organizationId,
              scopes: ['service-accounts:read'],
              narrowed: false,
              iat,
              exp: iat + 3600,
            },
            kid,
            secret,
          );
        const valid = legacy(now);
        const expired = legacy(now - 3600);
        for (const p of [a, b]) {
          expect((await p.http.get('/auth/verify').set(bearer(valid))).status).toBe(200);
          expect((await p.http.get('/auth/verify').set(bearer(expired))).status).toBe(401);
        }
      });

    test('when both publish their keys, then they publish the same set', async () => {
      const [ka, kb] = await Promise.all([a.http.get('/.well-known/jwks.json'), b.http.get('/.well-known/jwks.json')]);
      expect(ka.body).toEqual(kb.body);
      expect(ka.body.keys.length).toBe(format === 'jwt' ? 1 : 0);
    });
  });
}
