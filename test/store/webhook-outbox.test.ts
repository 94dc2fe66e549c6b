// The deliverer's side of the webhook outbox (issue 32, src/store/webhook-outbox.ts): what only the
// TypeORM store does (the in-memory store has no outbox), on SQLite and PostgreSQL
// (contract/support/engines.ts). A claim takes the head of each enabled subscription's queue that is
// due and not leased, and leases it; an attempt's outcome lets the lease go; finished deliveries are purged.
import { WebhookOutbox } from '../../src/store/webhook-outbox';
import type { StoredWebhookSubscription, WebhookDelivery } from '../../src/core/hygiene-model';
import { onEveryDatabase } from './contract/support/engines';
import { AT, auditRow, deliveryRow, newOrganization, webhookRow } from '../support/model-rows';

const NOW = '2030-01-01T00:00:01.000Z';
const LEASED_UNTIL = '2030-01-01T00:01:00.000Z';
const AFTER_LEASE = '2030-01-01T00:02:00.000Z';
const LATER = '2030-01-02T00:00:00.000Z';

onEveryDatabase((store) => {
  /** Subscriptions with their deliveries, each telling of an audit event that exists. */
  async function queues(...subs: [Partial<StoredWebhookSubscription>, Partial<WebhookDelivery>[]][]) {
    const org = await newOrganization(store());
    const made: { sub: StoredWebhookSubscription; deliveries: WebhookDelivery[] }[] = [];
    for (const [fields, deliveries] of subs) {
      const sub = webhookRow(org.id, fields);
      await store().run((r) => r.webhooks.insert(sub));
      const rows: WebhookDelivery[] = [];
      for (const d of deliveries) {
        const event = auditRow(org.id);
        await store().run((r) => r.audit.insert(event));
        rows.push(deliveryRow(sub, { auditEventId: event.id, ...d }));
      }
      await store().run((r) => r.webhooks.enqueue(rows));
      made.push({ sub, deliveries: rows });
    }
    return { org, made };
  }
  const ids = (claimed: { delivery: WebhookDelivery }[]) => claimed.map((c) => c.delivery.id).sort();
  const read = async (orgId: string, d: WebhookDelivery) =>
    (await store().run((r) => r.webhooks.deliveries(orgId, d.subscriptionId, { limit: 100, offset: 0 }))).find((x) => x.id === d.id);

  test("when due deliveries are claimed, then the head of each enabled subscription's queue comes, with its subscription and event; none that is not due", async () => {
    const { made } = await queues([{}, [{}, {}]], [{}, [{}]], [{ enabled: false }, [{}]], [{}, [{ nextAttemptAt: LATER }]]);
    const outbox = new WebhookOutbox(store());
    const claimed = await outbox.claim(NOW, LEASED_UNTIL, 10, []);
    expect(ids(claimed)).toEqual([made[0].deliveries[0].id, made[1].deliveries[0].id].sort());
    const first = claimed.find((c) => c.delivery.id === made[0].deliveries[0].id)!;
    expect(first.subscription).toEqual(made[0].sub);
    expect(first.event.id).toBe(made[0].deliveries[0].auditEventId);
    expect(first.delivery).toEqual(made[0].deliveries[0]);
  });

  test('when a claimed delivery is still leased, then no other claim takes it; once the lease has run out, one does', async () => {
    const { made } = await queues([{}, [{}]]);
    const outbox = new WebhookOutbox(store());
    expect(ids(await outbox.claim(NOW, LEASED_UNTIL, 10, []))).toEqual([made[0].deliveries[0].id]);
    expect(await outbox.claim(NOW, LEASED_UNTIL, 10, [])).toEqual([]);
    expect(ids(await outbox.claim(AFTER_LEASE, LATER, 10, []))).toEqual([made[0].deliveries[0].id]);
  });

  test('when subscriptions are busy in this process, or the limit is reached, then their deliveries wait; the earliest due comes first', async () => {
    const { made } = await queues([{}, [{ nextAttemptAt: AT }]], [{}, [{ nextAttemptAt: NOW }]]);
    const outbox = new WebhookOutbox(store());
    expect(ids(await outbox.claim(NOW, LEASED_UNTIL, 10, [made[0].sub.id]))).toEqual([made[1].deliveries[0].id]);
    expect(ids(await outbox.claim(AFTER_LEASE, LATER, 1, []))).toEqual([made[0].deliveries[0].id]);
    expect(await outbox.claim(NOW, LEASED_UNTIL, 0, [])).toEqual([]);
  });

  test('when an attempt fails, then it is recorded and the delivery waits for its next time; delivered, the next in its queue becomes the head', async () => {
    const { org, made } = await queues([{}, [{}, {}]]);
    const [head, next] = made[0].deliveries;
    const outbox = new WebhookOutbox(store());
    await outbox.claim(NOW, LEASED_UNTIL, 10, []);
    await outbox.retry(head.id, { at: NOW, status: 503, error: 'Service Unavailable' }, AFTER_LEASE);
    expect(await read(org.id, head)).toEqual({
      ...head,
      attempts: 1,
      firstAttemptAt: NOW,
      lastAttemptAt: NOW,
      lastStatus: 503,
      lastError: 'Service Unavailable',
      nextAttemptAt: AFTER_LEASE,
    });
    // The lease went with the outcome: not due yet, then due at its next time (the next in queue waits behind it).
    expect(await outbox.claim(NOW, LEASED_UNTIL, 10, [])).toEqual([]);
    expect(ids(await outbox.claim(AFTER_LEASE, LATER, 10, []))).toEqual([head.id]);
    await outbox.delivered(head.id, { at: AFTER_LEASE, status: 204, error: null });
    expect(await read(org.id, head)).toMatchObject({
      state: 'delivered',
      attempts: 2,
      finishedAt: AFTER_LEASE,
      lastStatus: 204,
      lastError: null,
    });
    expect(ids(await outbox.claim(AFTER_LEASE, LATER, 10, []))).toEqual([next.id]);
  });

  test('when a delivery is given up on inside a transaction, then it is failed and finished; finished deliveries are purged before a time, a limit at a time', async () => {
    const { org, made } = await queues([{}, [{}, { state: 'delivered', finishedAt: AT }, { state: 'delivered', finishedAt: LATER }]]);
    const [pending, old, recent] = made[0].deliveries;
    const outbox = new WebhookOutbox(store());
    await store().transaction((r) => outbox.failed(r, pending.id, { at: NOW, status: null, error: 'connection refused' }));
    expect(await read(org.id, pending)).toMatchObject({
      state: 'failed',
      finishedAt: NOW,
      attempts: 1,
      lastStatus: null,
      lastError: 'connection refused',
    });
    expect(await outbox.purgeFinished(AFTER_LEASE, 1)).toBe(1);
    expect(await outbox.purgeFinished(AFTER_LEASE, 10)).toBe(1);
    expect(await read(org.id, pending)).toBeUndefined();
    expect(await read(org.id, old)).toBeUndefined();
    expect(await read(org.id, recent)).toEqual(recent);
  });
});
