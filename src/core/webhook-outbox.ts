// The webhook outbox (issue 32): one row per subscription that takes the event, written in the
// transaction of the change (recordAudit calls this), so a change and its deliveries commit together
// or not at all. A background deliverer (src/webhooks/) sends them.
import type { CoreDeps } from './deps';
import type { WebhookDelivery } from './hygiene-model';
import type { AuditEvent } from './model';
import type { Repositories } from './ports';
import { eventTypesOf } from './webhook-events';

export async function enqueueWebhooks(deps: CoreDeps, repos: Repositories, events: AuditEvent[]): Promise<void> {
  if (!events.length) return;
  // One organization's events (a use case writes in one): one read of its subscribers for all of them.
  const subscribers = await repos.webhooks.subscribers(events[0].organizationId);
  if (!subscribers.length) return;
  const rows: WebhookDelivery[] = [];
  for (const event of events) {
    const types = eventTypesOf(event);
    for (const sub of subscribers) {
      for (const eventType of types) {
        if (!sub.events.includes(eventType)) continue;
        rows.push({
          id: deps.ids.next(),
          subscriptionId: sub.id,
          organizationId: event.organizationId,
          auditEventId: event.id,
          eventType,
          state: 'pending',
          attempts: 0,
          nextAttemptAt: event.createdAt,
          firstAttemptAt: null,
          lastAttemptAt: null,
          lastStatus: null,
          lastError: null,
          createdAt: event.createdAt,
          finishedAt: null,
        });
      }
    }
  }
  if (rows.length) await repos.webhooks.enqueue(rows);
}
