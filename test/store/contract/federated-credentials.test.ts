// The federated credentials repository of the core's Store port (issue 31), on every store
// (support/engines.ts).
import { UniqueViolation } from '../../../src/core/ports';
import { expectRefusedNotAsUnique, onEveryStore } from './support/engines';
import { federatedCredentialRow, insertAccount, newId, newOrganization } from '../../support/model-rows';
import type { FederatedCredential } from '../../../src/core/federation-rules';

onEveryStore((store) => {
  const insert = (c: FederatedCredential) => store().run((r) => r.federatedCredentials.insert(c));
  const get = (orgId: string, id: string) => store().run((r) => r.federatedCredentials.get(orgId, id));

  test('when a rule is inserted, then it reads back field for field, in its organization only', async () => {
    const [org, other] = [await newOrganization(store()), await newOrganization(store())];
    const account = await insertAccount(store(), org.id);
    const rule = federatedCredentialRow(account, {
      subject: 'system:serviceaccount:ci:*',
      audiences: ['iamgate', 'https://iam.example'],
      claims: { 'kubernetes.io.namespace': 'ci', repository: 'acme/app' },
      jwks: { keys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'k1' }] },
      allowTokenReuse: true,
      version: 4,
    });
    await insert(rule);
    expect(await get(org.id, rule.id)).toEqual(rule);
    expect(await get(other.id, rule.id)).toBeNull();
    expect(await store().run((r) => r.federatedCredentials.listForAccount(other.id, account.id))).toEqual([]);
  });

  test("when a second rule of the account has a name that folds to the same key, then it is a UniqueViolation on name; another account's may", async () => {
    const org = await newOrganization(store());
    const [account, neighbour] = [await insertAccount(store(), org.id), await insertAccount(store(), org.id)];
    await insert(federatedCredentialRow(account, { name: 'Deploy' }));
    const again = federatedCredentialRow(account, { name: ' ＤＥＰＬＯＹ ' });
    await expect(insert(again)).rejects.toEqual(new UniqueViolation('name'));
    expect(await get(org.id, again.id)).toBeNull();
    await expect(insert(federatedCredentialRow(neighbour, { name: 'deploy' }))).resolves.toBeUndefined();
  });

  test('when a second rule takes a token key id, in any organization, then the insert is a UniqueViolation', async () => {
    const first = federatedCredentialRow(await insertAccount(store(), (await newOrganization(store())).id));
    await insert(first);
    const elsewhere = await insertAccount(store(), (await newOrganization(store())).id);
    await expect(insert(federatedCredentialRow(elsewhere, { tokenKeyId: first.tokenKeyId }))).rejects.toBeInstanceOf(UniqueViolation);
  });

  test('when a rule names an account that does not exist, then the insert is refused, and not as a unique violation', async () => {
    const org = await newOrganization(store());
    await expectRefusedNotAsUnique(insert(federatedCredentialRow({ id: newId(), organizationId: org.id })));
  });

  test('when a rule is updated or deleted, then only over the stored version, in its organization', async () => {
    const [org, other] = [await newOrganization(store()), await newOrganization(store())];
    const rule = federatedCredentialRow(await insertAccount(store(), org.id));
    await insert(rule);
    const changed = {
      ...rule,
      name: 'renamed',
      subject: 'repo:acme/app:*',
      audiences: ['other'],
      claims: { ref: 'refs/heads/main' },
      allowTokenReuse: true,
      tokenKeyId: newId(),
      updatedAt: '2030-01-02T00:00:00.000Z',
      version: 2,
    };
    const update = (c: FederatedCredential, expected: number) => store().run((r) => r.federatedCredentials.update(c, expected));
    expect(await update({ ...changed, name: 'stale' }, 7)).toBe(false);
    expect(await update({ ...changed, organizationId: other.id }, 1)).toBe(false);
    expect(await get(org.id, rule.id)).toEqual(rule);
    expect(await update(changed, 1)).toBe(true);
    expect(await get(org.id, rule.id)).toEqual(changed);
    const remove = (orgId: string, expected: number) => store().run((r) => r.federatedCredentials.delete(orgId, rule.id, expected));
    expect(await remove(org.id, 1)).toBe(false);
    expect(await remove(other.id, 2)).toBe(false);
    expect(await remove(org.id, 2)).toBe(true);
    expect(await get(org.id, rule.id)).toBeNull();
    expect(await remove(org.id, 2)).toBe(false);
  });

  test('when an update takes the name of another rule of the account, then it is a UniqueViolation on name and nothing changes', async () => {
    const org = await newOrganization(store());
    const account = await insertAccount(store(), org.id);
    const [a, b] = [federatedCredentialRow(account, { name: 'alpha' }), federatedCredentialRow(account, { name: 'beta' })];
    await insert(a);
    await insert(b);
    await expect(store().run((r) => r.federatedCredentials.update({ ...b, name: 'ALPHA', version: 2 }, 1))).rejects.toEqual(
      new UniqueViolation('name'),
    );
    expect(await get(org.id, b.id)).toEqual(b);
  });

  test("when an account's rules are listed, counted or asked for by account, then they come oldest first, its own only", async () => {
    const org = await newOrganization(store());
    const [a, b, none] = [await insertAccount(store(), org.id), await insertAccount(store(), org.id), await insertAccount(store(), org.id)];
    const rules = [federatedCredentialRow(b), federatedCredentialRow(a), federatedCredentialRow(b)];
    for (const rule of rules) await insert(rule);
    const listed = await store().run((r) => r.federatedCredentials.listForAccount(org.id, b.id));
    expect(listed).toEqual([rules[0], rules[2]]);
    expect(await store().run((r) => r.federatedCredentials.countForAccount(org.id, b.id))).toBe(2);
    expect(await store().run((r) => r.federatedCredentials.countForAccount(org.id, none.id))).toBe(0);
    const ids = await store().run((r) => r.federatedCredentials.idsForAccounts(org.id, [a.id, b.id, none.id]));
    expect(Object.fromEntries(ids)).toEqual({ [a.id]: [rules[1].id], [b.id]: [rules[0].id, rules[2].id], [none.id]: [] });
    expect(await store().run((r) => r.federatedCredentials.idsForAccounts(org.id, []))).toEqual(new Map());
  });

  test('when a rule is read with its account, then both come from any organization; an unknown id is null', async () => {
    const org = await newOrganization(store());
    const account = await insertAccount(store(), org.id);
    const rule = federatedCredentialRow(account);
    await insert(rule);
    expect(await store().run((r) => r.federatedCredentials.getWithAccount(rule.id))).toEqual({ credential: rule, account });
    expect(await store().run((r) => r.federatedCredentials.getWithAccount(newId()))).toBeNull();
  });

  test('when its account is deleted, then its rules go with it', async () => {
    const org = await newOrganization(store());
    const account = await insertAccount(store(), org.id);
    const rule = federatedCredentialRow(account);
    await insert(rule);
    expect(await store().run((r) => r.accounts.delete(org.id, account.id))).toBe(true);
    expect(await get(org.id, rule.id)).toBeNull();
    expect(await store().run((r) => r.federatedCredentials.getWithAccount(rule.id))).toBeNull();
  });
});
