// Issue 19: signed tokens across two server processes on one database (a shared SQLite file, or
// PostgreSQL in CI's second run) with one sealing key: either process checks what the other
// signed, and a revocation or a disable on one is refused by the other on the very next request.
// Runs dist/ (npm run build first).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basic, bearer, freshDatabase } from '../support/server';
import { bootLineOf, startServerProcess, stopServerProcess, type BootLine, type ServerProcess } from '../support/server-process';

const SEALING_KEY = Buffer.alloc(32, 5).toString('base64');

for (const format of ['opaque', 'jwt'] as const) {
  describe(`TOKEN_FORMAT=${format} on two processes`, () => {
    let a: ServerProcess;
    let b: ServerProcess;
    let admin: BootLine;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const db = await freshDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'iamgate-tok-')), 'db.sqlite')}`);
      drop = db.drop;
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

    test('when both publish their keys, then they publish the same set', async () => {
      const [ka, kb] = await Promise.all([a.http.get('/.well-known/jwks.json'), b.http.get('/.well-known/jwks.json')]);
      expect(ka.body).toEqual(kb.body);
      expect(ka.body.keys.length).toBe(format === 'jwt' ? 1 : 0);
    });
  });
}
