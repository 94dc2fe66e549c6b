// The console's preview of the janitor (console/web/src/policy-preview.ts) is worked out from what v2
// lists; the janitor (src/core/janitor.ts) plans from the store. They must agree: for keys in every
// state (never used, used, disabled, revoked, expiring, expired, an organization's only Admin keys)
// and rule sets, at several instants, the preview lists exactly what the janitor's dry run plans.
// (The preview cannot know what the janitor remembers — a key enabled again, a warning already
// sent — so this holds before the janitor's first real run, which is all the console claims.)
import { previewJanitor, previewKeysOf, type ListedAccount, type PolicyRules } from '../../console/web/src/policy-preview';
import { v3Client } from '../support/jsonapi-client';
import { basic, useTestServer } from '../support/server';

const t = useTestServer({ janitorIntervalS: 0 });
const DAY = 86_400_000;

async function listed(): Promise<ListedAccount[]> {
  const out: ListedAccount[] = [];
  let token: string | null = null;
  do {
    const res: { body: { data: ListedAccount[]; pagination: { continuationToken: string | null; hasMore: boolean } } } = await t.http
      .get('/api/v2/service-accounts')
      .query({ limit: 100, ...(token ? { continuationToken: token } : {}) })
      .set(t.adminBearer)
      .expect(200);
    out.push(...res.body.data);
    token = res.body.pagination.hasMore ? res.body.pagination.continuationToken : null;
  } while (token);
  return out;
}

async function account(name: string, role = 'Member') {
  const res = await t.http.post('/api/v2/service-accounts').set(t.adminBearer).send({ name, organizationalRole: role }).expect(201);
  return res.body.data as { id: string; clientId: string; clientSecret: string; credentials: { id: string }[] };
}

async function key(accountId: string, expiresInDays: number | null) {
  const expirationDate = expiresInDays === null ? null : new Date(Date.now() + expiresInDays * DAY).toISOString();
  const res = await t.http
    .post(`/api/v2/service-accounts/${accountId}/credentials`)
    .set(t.adminBearer)
    .send({ expirationDate })
    .expect(201);
  return res.body.data as { id: string; clientId: string; clientSecret: string };
}

const used = async (clientId: string, secret: string) =>
  t.http.post('/oauth2/token').set(basic(clientId, secret)).type('form').send({ grant_type: 'client_credentials' }).expect(200);

beforeAll(async () => {
  const v3 = v3Client(t, t.adminBearer);
  // Never used, and used.
  await account('idle member');
  const busy = await account('busy member');
  await used(busy.clientId, busy.clientSecret);
  // Keys expiring soon (expired at the later instants), later, and never; one disabled, one revoked.
  const keys = await account('many keys');
  await key(keys.id, 3);
  await key(keys.id, 45);
  const disabled = await key(keys.id, 50);
  expect(
    (
      await v3.patch(`/service-accounts/${keys.id}/keys/${disabled.id}`, {
        data: { type: 'service-account-keys', id: disabled.id, attributes: { enabled: false } },
      })
    ).status,
  ).toBe(200);
  const revoked = await key(keys.id, null);
  expect((await v3.delete(`/service-accounts/${keys.id}/keys/${revoked.id}`)).status).toBe(200);
  // A second Admin: with the bootstrap Admin, every Admin key idle at once, so one is spared.
  const admin = await account('second admin', 'Admin');
  await key(admin.id, 400);
  // A disabled account's key is still the janitor's to plan.
  const off = await account('disabled account');
  await t.http.post(`/api/v2/service-accounts/${off.id}/disable`).set(t.adminBearer).expect(200);
});

const RULE_SETS: PolicyRules[] = [
  { maxKeyLifetimeDays: null, disableUnusedKeysAfterDays: null, warnBeforeExpiryDays: null },
  { maxKeyLifetimeDays: null, disableUnusedKeysAfterDays: 30, warnBeforeExpiryDays: null },
  { maxKeyLifetimeDays: null, disableUnusedKeysAfterDays: null, warnBeforeExpiryDays: 7 },
  { maxKeyLifetimeDays: 90, disableUnusedKeysAfterDays: null, warnBeforeExpiryDays: null },
  { maxKeyLifetimeDays: 90, disableUnusedKeysAfterDays: 30, warnBeforeExpiryDays: 7 },
  { maxKeyLifetimeDays: 1, disableUnusedKeysAfterDays: 1, warnBeforeExpiryDays: 365 },
];
const OFFSETS_DAYS = [0, 2, 40, 400];

test.each(RULE_SETS.map((r) => [JSON.stringify(r), r] as const))(
  'when the policy is %s, then the preview lists what the janitor plans, at every instant',
  async (_, rules) => {
    await t.http.put('/api/v2/credential-policy').set(t.adminBearer).send(rules).expect(200);
    const keys = previewKeysOf(await listed());
    const kinds = new Set<string>();
    for (const days of OFFSETS_DAYS) {
      const at = new Date(Date.now() + days * DAY);
      const planned = (await t.running.runtime.core.planJanitor(at))
        .filter((a) => a.organizationId === t.admin.organizationId)
        .map((a) => `${a.action} ${a.keyId}`)
        .sort();
      const previewed = previewJanitor(keys, rules, at.getTime())
        .map((a) => `${a.action} ${a.key.keyId}`)
        .sort();
      expect({ days, previewed }).toEqual({ days, previewed: planned });
      for (const p of previewed) kinds.add(p.split(' ')[0]);
    }
    // Not vacuous: every rule that is on finds keys to act on at some instant.
    const on = [
      rules.disableUnusedKeysAfterDays && 'disable',
      rules.warnBeforeExpiryDays && 'warn-expiry',
      rules.maxKeyLifetimeDays && 'over-lifetime',
    ].filter(Boolean);
    expect([...kinds].sort()).toEqual(on.sort());
  },
);
