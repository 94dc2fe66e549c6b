'use strict';
// The soak's mixed load, as one autocannon request sequence that every connection walks through
// over and over: a v2 creation, reads of it in v1, v2 and v3, a v3 list, a key rotation (v3 new
// key, v2 revoke of the old one), a token for the rotated key, forward auth with that token and
// with a key, v1 and v2 lists, and a v3 delete, so the database stays the same size. Every answer
// is expected to be 2xx; the per-connection context carries the ids from one step to the next.
const JSONAPI = 'application/vnd.api+json';

let serial = 0;

function sequence(boot) {
  const admin = { authorization: `Bearer ${boot.clientSecret}` };
  const v3 = `/v3/orgs/${boot.organizationId}/iam`;
  const json = { ...admin, 'content-type': 'application/json' };
  const parse = (body) => {
    try {
      return JSON.parse(body);
    } catch {
      return {};
    }
  };
  const basic = (ctx) => `Basic ${Buffer.from(`${ctx.clientId}:${ctx.secret}`).toString('base64')}`;
  return [
    {
      method: 'POST',
      path: '/api/v2/service-accounts',
      headers: json,
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({ name: `soak ${process.pid} ${serial++}`, scopes: ['service-accounts:read'] }),
      }),
      onResponse: (status, body, ctx) => {
        const d = parse(body).data ?? {};
        Object.assign(ctx, { id: d.id, clientId: d.clientId, secret: d.clientSecret, key: d.credentials?.[0]?.id });
      },
    },
    { method: 'GET', headers: admin, setupRequest: (req, ctx) => ({ ...req, path: `/api/v2/service-accounts/${ctx.id}` }) },
    { method: 'GET', headers: admin, setupRequest: (req, ctx) => ({ ...req, path: `/v1/service-accounts/${ctx.id}` }) },
    { method: 'GET', headers: admin, setupRequest: (req, ctx) => ({ ...req, path: `${v3}/service-accounts/${ctx.id}` }) },
    { method: 'GET', headers: admin, path: `${v3}/service-accounts?page[limit]=20` },
    {
      method: 'POST',
      headers: { ...admin, 'content-type': JSONAPI },
      body: JSON.stringify({ data: { type: 'service-account-keys' } }),
      setupRequest: (req, ctx) => ({ ...req, path: `${v3}/service-accounts/${ctx.id}/keys` }),
      onResponse: (status, body, ctx) => {
        const d = parse(body).data ?? {};
        Object.assign(ctx, { newKey: d.id, newSecret: d.attributes?.client_secret });
      },
    },
    {
      method: 'POST',
      headers: admin,
      setupRequest: (req, ctx) => ({ ...req, path: `/api/v2/service-accounts/${ctx.id}/credentials/${ctx.key}/revoke` }),
      onResponse: (status, body, ctx) => Object.assign(ctx, { key: ctx.newKey, secret: ctx.newSecret }),
    },
    {
      method: 'POST',
      path: '/oauth2/token',
      body: 'grant_type=client_credentials',
      setupRequest: (req, ctx) => ({ ...req, headers: { authorization: basic(ctx), 'content-type': 'application/x-www-form-urlencoded' } }),
      onResponse: (status, body, ctx) => {
        ctx.token = parse(body).access_token;
      },
    },
    { method: 'GET', path: '/auth/verify', setupRequest: (req, ctx) => ({ ...req, headers: { authorization: `Bearer ${ctx.token}` } }) },
    { method: 'GET', path: '/auth/verify?scope=service-accounts:read', headers: admin },
    { method: 'GET', path: '/v1/service-accounts', headers: admin },
    { method: 'GET', path: '/api/v2/service-accounts?limit=20', headers: admin },
    { method: 'DELETE', headers: admin, setupRequest: (req, ctx) => ({ ...req, path: `${v3}/service-accounts/${ctx.id}` }) },
  ];
}

/** What the sequence sends, for the report. */
const DESCRIPTION =
  'per connection, in turn: v2 create; v2, v1, v3 get; v3 list; v3 new key + v2 revoke of the old (rotation); ' +
  'token for the new key; forward auth with it and with a key; v1 and v2 lists; v3 delete';

module.exports = { sequence, DESCRIPTION };
