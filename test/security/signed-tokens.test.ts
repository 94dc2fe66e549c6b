// Issue 19: an access token is a signed, self-describing value. Issuing one writes nothing; a
// changed byte, a foreign signature or an expired token is 401; a revocation is a deny-list row
// kept until the token would have expired; the metadata is found by OpenID discovery too.
import { createHmac } from 'node:crypto';
import { redactShapes } from '../../src/observability/redaction';
import { Sweeper } from '../../src/maintenance';
import { basic, bearer, startTestServer, type TestServer } from '../support/server';

let t: TestServer;
// Request logs record every request in batches, whatever it asks for: off here, so what is counted
// below is what issuing tokens writes (the rate limiter's batches are left out the same way).
beforeAll(async () => {
  t = await startTestServer({ requestLogs: false });
});
afterAll(async () => {
  await t.close();
});

const issue = async (form: Record<string, string> = {}) => {
  const res = await t.http
    .post('/oauth2/token')
    .set(basic(t.admin.clientId, t.admin.secret))
    .type('form')
    .send({ grant_type: 'client_credentials', ...form });
  expect(res.status).toBe(200);
  return res.body.access_token as string;
};
const use = (token: string) => t.http.get(`/api/v2/service-accounts/${t.admin.serviceAccountId}`).set(bearer(token));
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** The JWS payload: `iamgt_<header>.<claims>.<signature>` (issue 28; was `iamgt_<claims>.<signature>`). */
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

describe('the token', () => {
  test('when issued, then it names the key, account, organization, scopes, expiry and its own id, and is signed', async () => {
    const token = await issue({ scope: 'service-accounts:read' });
    expect(token).toMatch(/^iamgt_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const claims = claimsOf(token);
    const [key] = await t.query<{ id: string }>(`SELECT id FROM keys WHERE service_account_id = '${t.admin.serviceAccountId}'`);
    expect(claims).toMatchObject({
      key: key.id,
      sub: t.admin.serviceAccountId,
      org: t.admin.organizationId,
      scope: 'service-accounts:read',
      nrw: 1,
    });
    expect(claims.jti).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    expect((await use(token)).status).toBe(200);
  });

  test('when any part is changed, then 401', async () => {
    const token = await issue({ scope: 'service-accounts:read' });
    const dot = token.lastIndexOf('.');
    const signature = token.slice(dot + 1);
    const header = token.slice(0, token.indexOf('.'));
    const widened = `${header}.${b64({ ...claimsOf(token), scope: 'service-accounts:read service-accounts:write', nrw: undefined })}.${signature}`;
    const longer = `${header}.${b64({ ...claimsOf(token), exp: Number(claimsOf(token).exp) + 86_400 })}.${signature}`;
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    // The same signature bytes spelled another way: the last character's padding bits changed.
    const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = token.slice(0, -1) + B64URL[B64URL.indexOf(token.at(-1)!) ^ 1];
    expect(Buffer.from(respelled.slice(dot + 1), 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    const unsigned = token.slice(0, dot);
    for (const forged of [widened, longer, flipped, respelled, unsigned, `${token}x`]) {
      const res = await use(forged);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBeDefined();
    }
  });

  test('when signed with a key iamgate does not hold, then 401', async () => {
    const token = await issue();
    const input = token.slice(0, token.lastIndexOf('.'));
    const foreign = `${input}.${createHmac('sha256', Buffer.alloc(32, 9)).update(input).digest('base64url')}`;
    expect((await use(foreign)).status).toBe(401);
  });

  test('when it has expired, then 401, however well signed', async () => {
    const short = await startTestServer({ tokenTtlSeconds: 1 });
    try {
      const res = await short.http
        .post('/oauth2/token')
        .set(basic(short.admin.clientId, short.admin.secret))
        .type('form')
        .send({ grant_type: 'client_credentials' });
      const path = `/api/v2/service-accounts/${short.admin.serviceAccountId}`;
      expect((await short.http.get(path).set(bearer(res.body.access_token))).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      const late = await short.http.get(path).set(bearer(res.body.access_token));
      expect(late.status).toBe(401);
      expect(
        (await short.http.post('/oauth2/introspect').set(bearer(short.admin.secret)).type('form').send({ token: res.body.access_token }))
          .body,
      ).toEqual({ active: false });
    } finally {
      await short.close();
    }
  });
});

describe('issuing a token writes nothing', () => {
  const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE|BEGIN|COMMIT|SAVEPOINT|RELEASE|CREATE|ALTER|DROP)\b/i;

  /** Every statement the server runs through its driver while `work` runs. */
  async function statementsDuring(work: () => Promise<void>): Promise<string[]> {
    const seen: string[] = [];
    const spies: jest.SpyInstance[] = [];
    if (t.engine === 'sqlite') {
      const Database = require('better-sqlite3') as new (f: string) => { prepare(s: string): object; close(): void };
      const probe = new Database(':memory:');
      const Statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...a: unknown[]) => unknown>;
      probe.close();
      for (const method of ['run', 'all', 'get', 'iterate']) {
        const original = Statement[method];
        spies.push(
          jest.spyOn(Statement, method as never).mockImplementation(function (this: { source: string }, ...args: unknown[]) {
            seen.push(this.source);
            return original.apply(this, args);
          } as never),
        );
      }
    } else {
      const { Client } = require('pg') as { Client: { prototype: Record<string, (...a: unknown[]) => unknown> } };
      const original = Client.prototype.query;
      spies.push(
        jest.spyOn(Client.prototype, 'query' as never).mockImplementation(function (this: unknown, ...args: unknown[]) {
          const q = args[0] as string | { text: string };
          seen.push(typeof q === 'string' ? q : q.text);
          return original.apply(this, args);
        } as never),
      );
    }
    // The rate limiter's counts go out in batches on a timer, not per token: kept out of the count.
    const flush = jest.spyOn(t.running.runtime.limiter, 'flush').mockResolvedValue();
    try {
      await work();
    } finally {
      flush.mockRestore();
      for (const s of spies) s.mockRestore();
    }
    return seen;
  }

  const rowCounts = async () => {
    const tables = ['service_accounts', 'keys', 'access_tokens', 'signing_keys', 'revoked_tokens', 'audit_events', 'idempotency_records'];
    return Promise.all(
      tables.map(async (table) => `${table}=${(await t.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n}`),
    );
  };

  test('when 20 tokens are issued, then no statement writes and no table gains a row, and each token works', async () => {
    await issue(); // the first makes the signing key and touches the key's lastUsedAt: not what is counted
    const before = await rowCounts();
    const tokens: string[] = [];
    const statements = await statementsDuring(async () => {
      for (let i = 0; i < 20; i++) tokens.push(await issue(i % 2 ? { scope: 'service-accounts:read' } : {}));
    });
    expect(statements.length).toBeGreaterThanOrEqual(20); // the client's key is read each time
    expect(statements.filter((sql) => WRITE.test(sql))).toEqual([]);
    expect(await rowCounts()).toEqual(before);
    expect(new Set(tokens).size).toBe(20);
    for (const token of tokens.slice(0, 3)) expect((await use(token)).status).toBe(200);
  });
});

describe('revocation (RFC 7009)', () => {
  test('when a token is revoked, then one deny-list row holds its id until its expiry, and the token is refused at once', async () => {
    const token = await issue();
    const { jti, exp } = claimsOf(token);
    expect((await use(token)).status).toBe(200);
    const rev = await t.http.post('/oauth2/revoke').set(basic(t.admin.clientId, t.admin.secret)).type('form').send({ token });
    expect(rev.status).toBe(200);
    const rows = await t.query<{ id: string; expires_at: string }>(`SELECT id, expires_at FROM revoked_tokens WHERE id = '${jti}'`);
    expect(rows).toEqual([{ id: jti, expires_at: new Date(Number(exp) * 1000).toISOString() }]);
    expect((await use(token)).status).toBe(401);
    // Revoking again changes nothing; other tokens of the same key keep working.
    await t.http.post('/oauth2/revoke').set(basic(t.admin.clientId, t.admin.secret)).type('form').send({ token });
    expect(await t.query(`SELECT id FROM revoked_tokens WHERE id = '${jti}'`)).toHaveLength(1);
    expect((await use(await issue())).status).toBe(200);
  });

  test('when the sweeper runs, then deny-list rows of tokens that have expired are dropped and the others kept', async () => {
    await t.query(
      "INSERT INTO revoked_tokens (id, expires_at) VALUES ('0198f0a0-0000-7000-8000-00000000dead', '2001-01-01T00:00:00.000Z')",
    );
    const token = await issue();
    await t.http.post('/oauth2/revoke').set(basic(t.admin.clientId, t.admin.secret)).type('form').send({ token });
    const logger = { warn: () => undefined } as unknown as ConstructorParameters<typeof Sweeper>[2];
    expect((await new Sweeper(t.running.runtime.store, t.running.runtime.clock, logger).sweep()).accessTokens).toBe(1);
    expect(await t.query("SELECT id FROM revoked_tokens WHERE id = '0198f0a0-0000-7000-8000-00000000dead'")).toEqual([]);
    expect(await t.query(`SELECT id FROM revoked_tokens WHERE id = '${claimsOf(token).jti}'`)).toHaveLength(1);
    expect((await use(token)).status).toBe(401);
  });
});

describe('request logs', () => {
  test('when a token appears anywhere in what is logged, then all of it is redacted, its signature too', async () => {
    const token = await issue();
    const text = redactShapes(`seen ${token} and ${token.slice(0, -5)} in a header`);
    expect(text).toBe('seen redacted and redacted in a header');
    expect(text).not.toContain(token.slice(token.lastIndexOf('.') + 1, -5));
  });
});

describe('discovery', () => {
  test('when a client looks at the OpenID Connect discovery path, then it finds the same metadata, with jwks_uri', async () => {
    const oauth = await t.http.get('/.well-known/oauth-authorization-server');
    const oidc = await t.http.get('/.well-known/openid-configuration');
    expect(oidc.status).toBe(200);
    expect(oidc.body).toEqual(oauth.body);
    expect(oidc.body.jwks_uri).toBe(`http://127.0.0.1:${t.running.port}/.well-known/jwks.json`);
    const jwks = await t.http.get('/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.body).toEqual({ keys: [] }); // opaque tokens: HMAC keys are never published
  });

  test('when /auth/verify accepts a credential, then the 200 has the identity headers and no body', async () => {
    const res = await t.http.get('/auth/verify').set(bearer(await issue()));
    expect(res.status).toBe(200);
    expect(res.headers['x-auth-account-id']).toBe(t.admin.serviceAccountId);
    expect(res.headers['content-length']).toBe('0');
    expect(res.text).toBe('');
  });
});
