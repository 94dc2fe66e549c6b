// The credential policies and the janitor's marks on keys (issue 32) of the core's Store port, on
// every store (support/engines.ts).
import { expectRefusedNotAsUnique, onEveryStore } from './support/engines';
import { AT, insertAccount, insertKey, newId, newOrganization, policyRow } from '../../support/model-rows';

const LATER = '2030-02-01T00:00:00.000Z';

onEveryStore((store) => {
  describe('credential policies', () => {
    test('when no policy was put, then none is read; one put reads back field for field; a second put replaces it', async () => {
      const org = await newOrganization(store());
      expect(await store().run((r) => r.policies.get(org.id))).toBeNull();
      const first = policyRow(org.id);
      await store().run((r) => r.policies.put(first));
      expect(await store().run((r) => r.policies.get(org.id))).toEqual(first);
      const second = policyRow(org.id, {
        maxKeyLifetimeDays: null,
        disableUnusedKeysAfterDays: 3650,
        warnBeforeExpiryDays: null,
        updatedAt: LATER,
      });
      await store().run((r) => r.policies.put(second));
      expect(await store().run((r) => r.policies.get(org.id))).toEqual(second);
    });

    test('when policies are listed as active, then those with a rule on come, in organization id order; all-off ones do not', async () => {
      const orgs = [await newOrganization(store()), await newOrganization(store()), await newOrganization(store())];
      const [lifetime, off, warning] = [
        policyRow(orgs[0].id, { disableUnusedKeysAfterDays: null, warnBeforeExpiryDays: null }),
        policyRow(orgs[1].id, { maxKeyLifetimeDays: null, disableUnusedKeysAfterDays: null, warnBeforeExpiryDays: null }),
        policyRow(orgs[2].id, { maxKeyLifetimeDays: null, disableUnusedKeysAfterDays: null }),
      ];
      // Put out of order: the order read is the organizations' ids'.
      for (const p of [warning, off, lifetime]) await store().run((r) => r.policies.put(p));
      const mine = new Set(orgs.map((o) => o.id));
      const active = (await store().run((r) => r.policies.active())).filter((p) => mine.has(p.organizationId));
      expect(active).toEqual([lifetime, warning]);
    });

    test('when a policy names an organization that does not exist, then it is refused, and not as a unique violation', async () => {
      await expectRefusedNotAsUnique(store().run((r) => r.policies.put(policyRow(newId()))));
    });
  });

  describe("the janitor's marks on keys", () => {
    test('when a key has no marks, then none is read; enabled records when, the other marks stay unset', async () => {
      const org = await newOrganization(store());
      const key = await insertKey(store(), await insertAccount(store(), org.id));
      expect(await store().run((r) => r.keyMarks.forKeys(org.id, [key.id]))).toEqual(new Map());
      await store().run((r) => r.keyMarks.enabled(org.id, key.id, AT));
      await store().run((r) => r.keyMarks.enabled(org.id, key.id, LATER));
      expect(await store().run((r) => r.keyMarks.forKeys(org.id, [key.id, newId()]))).toEqual(
        new Map([[key.id, { keyId: key.id, enabledAt: LATER, expiryWarnedFor: null, overLifetimeReportedAt: null }]]),
      );
    });

    test('when a warning is recorded for an expiry, then the same expiry again is refused (nothing is sent twice); another expiry is recorded', async () => {
      const org = await newOrganization(store());
      const key = await insertKey(store(), await insertAccount(store(), org.id));
      await store().run((r) => r.keyMarks.enabled(org.id, key.id, AT));
      expect(await store().run((r) => r.keyMarks.warned(org.id, key.id, LATER))).toBe(true);
      expect(await store().run((r) => r.keyMarks.warned(org.id, key.id, LATER))).toBe(false);
      expect(await store().run((r) => r.keyMarks.warned(org.id, key.id, AT))).toBe(true);
      expect((await store().run((r) => r.keyMarks.forKeys(org.id, [key.id]))).get(key.id)).toEqual({
        keyId: key.id,
        enabledAt: AT,
        expiryWarnedFor: AT,
        overLifetimeReportedAt: null,
      });
    });

    test('when an over-lifetime report is recorded, then any later one is refused and the first time stays', async () => {
      const org = await newOrganization(store());
      const key = await insertKey(store(), await insertAccount(store(), org.id));
      expect(await store().run((r) => r.keyMarks.overLifetime(org.id, key.id, AT))).toBe(true);
      expect(await store().run((r) => r.keyMarks.overLifetime(org.id, key.id, LATER))).toBe(false);
      expect((await store().run((r) => r.keyMarks.forKeys(org.id, [key.id]))).get(key.id)?.overLifetimeReportedAt).toBe(AT);
    });

    test('when marks are read under another organization, then none are found', async () => {
      const [org, other] = [await newOrganization(store()), await newOrganization(store())];
      const key = await insertKey(store(), await insertAccount(store(), org.id));
      await store().run((r) => r.keyMarks.overLifetime(org.id, key.id, AT));
      expect(await store().run((r) => r.keyMarks.forKeys(other.id, [key.id]))).toEqual(new Map());
    });

    test("when a key's account is deleted, then the key's marks go with it", async () => {
      const org = await newOrganization(store());
      const account = await insertAccount(store(), org.id);
      const key = await insertKey(store(), account);
      await store().run((r) => r.keyMarks.warned(org.id, key.id, LATER));
      expect(await store().run((r) => r.accounts.delete(org.id, account.id))).toBe(true);
      expect(await store().run((r) => r.keyMarks.forKeys(org.id, [key.id]))).toEqual(new Map());
    });

    test('when a mark names a key that does not exist, then it is refused, and not as a unique violation', async () => {
      const org = await newOrganization(store());
      await expectRefusedNotAsUnique(store().run((r) => r.keyMarks.enabled(org.id, newId(), AT)));
    });
  });
});
