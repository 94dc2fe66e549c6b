// Webhook subscriptions and their deliveries (issue 32) of the core's Store port, on every store
// (support/engines.ts). The deliverer's side of the outbox is the TypeORM store's own: ../webhook-outbox.test.ts.
import type { WebhookDelivery } from '../../../src/core/hygiene-model';
import { expectRefusedNotAsUnique, onEveryStore } from './support/engines';
import { AT, deliveryRow, newId, newOrganization, webhookRow } from '../../support/model-rows';

const LATER = '2030-02-01T00:00:00.000Z';
const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

onEveryStore((store) => {
  test('when subscriptions are inserted, then each reads back field for field, listed oldest first, in its organization only', async () => {
    const [org, other] = [await newOrganization(store()), await newOrganization(store())];
    const [a, b] = [webhookRow(org.id, { description: 'CI', events: ['key.created'] }), webhookRow(org.id, { enabled: false })];
    for (const sub of [a, b, webhookRow(other.id)]) await store().run((r) => r.webhooks.insert(sub));
    expect(await store().run((r) => r.webhooks.get(org.id, a.id))).toEqual(a);
    expect(await store().run((r) => r.webhooks.get(other.id, a.id))).toBeNull();
    expect(await store().run((r) => r.webhooks.list(org.id))).toEqual([a, b]);
  });

  test('when a subscription names an organization that does not exist, then it is refused, and not as a unique violation', async () => {
    await expectRefusedNotAsUnique(store().run((r) => r.webhooks.insert(webhookRow(newId()))));
  });

  test('when a subscription is updated, then every field it holds is written; under another organization, nothing is', async () => {
    const [org, other] = [await newOrganization(store()), await newOrganization(store())];
    const sub = webhookRow(org.id);
    await store().run((r) => r.webhooks.insert(sub));
    const changed = {
      ...sub,
      url: 'https://hooks.example.com/moved',
      events: ['key.expiring'],
      description: 'moved',
      enabled: false,
      secretSealed: 'sealed-again',
      disabledReason: 'deliveries failed for 24 hours',
      updatedAt: LATER,
    };
    await store().run((r) => r.webhooks.update({ ...changed, organizationId: other.id, url: 'https://elsewhere.example.com' }));
    expect(await store().run((r) => r.webhooks.get(org.id, sub.id))).toEqual(sub);
    await store().run((r) => r.webhooks.update(changed));
    expect(await store().run((r) => r.webhooks.get(org.id, sub.id))).toEqual(changed);
  });

  test('when subscribers are read, then the enabled subscriptions of the organization come with their events', async () => {
    const [org, other] = [await newOrganization(store()), await newOrganization(store())];
    const [on, off, alsoOn] = [
      webhookRow(org.id, { events: ['key.created'] }),
      webhookRow(org.id, { enabled: false }),
      webhookRow(org.id, { events: ['key.revoked', 'key.expiring'] }),
    ];
    for (const sub of [on, off, alsoOn, webhookRow(other.id)]) await store().run((r) => r.webhooks.insert(sub));
    expect(byId(await store().run((r) => r.webhooks.subscribers(org.id)))).toEqual([
      { id: on.id, events: ['key.created'] },
      { id: alsoOn.id, events: ['key.revoked', 'key.expiring'] },
    ]);
  });

  test("when deliveries are enqueued, then a subscription's read back newest first, field for field, a page at a time; no other's", async () => {
    const org = await newOrganization(store());
    const [sub, neighbour] = [webhookRow(org.id), webhookRow(org.id)];
    for (const s of [sub, neighbour]) await store().run((r) => r.webhooks.insert(s));
    const done: Partial<WebhookDelivery> = {
      state: 'failed',
      attempts: 7,
      firstAttemptAt: AT,
      lastAttemptAt: LATER,
      lastStatus: 502,
      lastError: 'Bad Gateway',
      finishedAt: LATER,
    };
    const rows = [deliveryRow(sub, done), deliveryRow(sub, { eventType: 'key.revoked' }), deliveryRow(sub), deliveryRow(neighbour)];
    await store().run((r) => r.webhooks.enqueue(rows));
    expect(await store().run((r) => r.webhooks.deliveries(org.id, sub.id, { limit: 10, offset: 0 }))).toEqual([rows[2], rows[1], rows[0]]);
    expect(await store().run((r) => r.webhooks.deliveries(org.id, sub.id, { limit: 1, offset: 1 }))).toEqual([rows[1]]);
    expect(await store().run((r) => r.webhooks.deliveries(newId(), sub.id, { limit: 10, offset: 0 }))).toEqual([]);
  });

  test('when a delivery names a subscription that does not exist, then it is refused, and not as a unique violation', async () => {
    const org = await newOrganization(store());
    await expectRefusedNotAsUnique(store().run((r) => r.webhooks.enqueue([deliveryRow({ id: newId(), organizationId: org.id })])));
  });

  test('when deliveries are enqueued in a transaction that fails, then none of them is kept', async () => {
    const org = await newOrganization(store());
    const sub = webhookRow(org.id);
    await store().run((r) => r.webhooks.insert(sub));
    await expect(
      store().transaction(async (r) => {
        await r.webhooks.enqueue([deliveryRow(sub), deliveryRow(sub)]);
        throw new Error('the change they tell of failed');
      }),
    ).rejects.toThrow('the change they tell of failed');
    expect(await store().run((r) => r.webhooks.deliveries(org.id, sub.id, { limit: 10, offset: 0 }))).toEqual([]);
  });

  test('when a subscription is deleted, then it and its deliveries are gone; deleting it again, or under another organization, finds nothing', async () => {
    const [org, other] = [await newOrganization(store()), await newOrganization(store())];
    const [sub, kept] = [webhookRow(org.id), webhookRow(org.id)];
    for (const s of [sub, kept]) await store().run((r) => r.webhooks.insert(s));
    const keptDelivery = deliveryRow(kept);
    await store().run((r) => r.webhooks.enqueue([deliveryRow(sub), keptDelivery]));
    expect(await store().run((r) => r.webhooks.delete(other.id, sub.id))).toBe(false);
    expect(await store().run((r) => r.webhooks.delete(org.id, sub.id))).toBe(true);
    expect(await store().run((r) => r.webhooks.delete(org.id, sub.id))).toBe(false);
    expect(await store().run((r) => r.webhooks.get(org.id, sub.id))).toBeNull();
    expect(await store().run((r) => r.webhooks.deliveries(org.id, sub.id, { limit: 10, offset: 0 }))).toEqual([]);
    expect(await store().run((r) => r.webhooks.deliveries(org.id, kept.id, { limit: 10, offset: 0 }))).toEqual([keptDelivery]);
  });
});
