// The deliverer's side of the webhook outbox (issue 32): claiming due deliveries, recording how an
// attempt went, and purging finished ones. A claim takes only the head of each subscription's queue
// (the oldest pending delivery; nothing behind it goes first, so each receiver sees its events in
// order) and leases it: another process (or this one after a crash) takes it again only once the
// lease has run out. On PostgreSQL the claim also skips rows another process is claiming at that
// instant (FOR UPDATE SKIP LOCKED), so each delivery is sent by one process at a time.
import type { AuditEvent } from '../core/model';
import type { Repositories } from '../core/ports';
import type { DeliveryState, StoredWebhookSubscription, WebhookDelivery } from '../core/hygiene-model';
import { AuditEntity } from './entities';
import * as map from './mappers';
import { DELIVERY_COLUMNS, returning, SUBSCRIPTION_COLUMNS, toDelivery, toSubscription } from './hygiene-rows';
import { managerOf } from './repositories';
import type { TypeOrmStore } from './typeorm-store';

export interface ClaimedDelivery {
  delivery: WebhookDelivery;
  subscription: StoredWebhookSubscription;
  event: AuditEvent;
}

export interface AttemptOutcome {
  at: string;
  status: number | null;
  error: string | null;
}

type Row = Record<string, unknown>;

export class WebhookOutbox {
  private readonly pg: boolean;

  constructor(private readonly store: TypeOrmStore) {
    this.pg = store.engine === 'postgres';
  }

  private p = (n: number) => (this.pg ? `$${n}` : '?');

  private query(sql: string, params: unknown[]): Promise<Row[]> {
    return this.store.run((repos) => managerOf(repos).query(sql, params) as Promise<Row[]>);
  }

  private returning(sql: string, params: unknown[]): Promise<Row[]> {
    return this.store.run((repos) => returning(managerOf(repos), sql, params));
  }

  /** SQL with its values in place of `${…}`: one bind parameter each (SQLite's `?` cannot be reused). */
  private sql(strings: TemplateStringsArray, ...values: unknown[]): [string, unknown[]] {
    let text = strings[0];
    values.forEach((_, i) => (text += this.p(i + 1) + strings[i + 1]));
    return [text, values];
  }

  /**
   * Up to `limit` deliveries due at `now`, each the head of its subscription's queue, none of the
   * subscriptions in `busy` (being sent by this process), leased until `leaseUntil`.
   */
  async claim(now: string, leaseUntil: string, limit: number, busy: string[]): Promise<ClaimedDelivery[]> {
    if (limit <= 0) return [];
    // Ids this process made itself (UUIDs): written inline, so the statement's parameters stay in order.
    const notBusy = busy.length
      ? `AND d.subscription_id NOT IN (${busy.map((id) => `'${id.replace(/[^0-9a-f-]/g, '')}'`).join(', ')})`
      : '';
    const lock = this.pg ? 'FOR UPDATE OF d SKIP LOCKED' : '';
    const [text, params] = this.sql`UPDATE webhook_deliveries SET lease_until = ${leaseUntil} WHERE id IN (
         SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
         WHERE d.state = 'pending' AND s.enabled = ${true} AND d.next_attempt_at <= ${now}
           AND (d.lease_until IS NULL OR d.lease_until < ${now}) NOT_BUSY
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.subscription_id = d.subscription_id AND e.state = 'pending' AND e.id < d.id)
         ORDER BY d.next_attempt_at LIMIT ${limit} LOCK
       ) RETURNING COLUMNS`;
    const rows = await this.returning(text.replace('NOT_BUSY', notBusy).replace('LOCK', lock).replace('COLUMNS', DELIVERY_COLUMNS), params);
    if (!rows.length) return [];
    const p = this.p;
    const deliveries = rows.map(toDelivery);
    const subIds = [...new Set(deliveries.map((d) => d.subscriptionId))];
    const eventIds = [...new Set(deliveries.map((d) => d.auditEventId))];
    const subs = new Map(
      (
        await this.query(
          `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE id IN (${subIds.map((_, i) => p(i + 1)).join(', ')})`,
          subIds,
        )
      )
        .map(toSubscription)
        .map((s) => [s.id, s]),
    );
    const events = new Map(
      (
        await this.store.run((repos) =>
          managerOf(repos)
            .getRepository(AuditEntity)
            .findBy(eventIds.map((id) => ({ id }))),
        )
      )
        .map(map.toAuditEvent)
        .map((e) => [e.id, e]),
    );
    return deliveries.flatMap((delivery) => {
      const subscription = subs.get(delivery.subscriptionId);
      const event = events.get(delivery.auditEventId);
      return subscription && event ? [{ delivery, subscription, event }] : [];
    });
  }

  async delivered(id: string, o: AttemptOutcome): Promise<void> {
    await this.store.transaction((repos) => this.record(repos, 'delivered', id, o, null));
  }

  /** Failed; tried again at `nextAt`. */
  async retry(id: string, o: AttemptOutcome, nextAt: string): Promise<void> {
    await this.store.transaction((repos) => this.record(repos, 'pending', id, o, nextAt));
  }

  /** Given up on, inside the caller's transaction (which also disables the subscription). */
  async failed(repos: Repositories, id: string, o: AttemptOutcome): Promise<void> {
    await this.record(repos, 'failed', id, o, null);
  }

  /** One attempt's outcome; the lease is let go. */
  private async record(repos: Repositories, state: DeliveryState, id: string, o: AttemptOutcome, nextAt: string | null): Promise<void> {
    const error = o.error?.slice(0, 500) ?? null;
    const finished = state === 'pending' ? null : o.at;
    const [text, params] = this.sql`UPDATE webhook_deliveries SET state = ${state}, finished_at = ${finished},
        next_attempt_at = COALESCE(${nextAt}, next_attempt_at), attempts = attempts + 1, last_attempt_at = ${o.at},
        first_attempt_at = COALESCE(first_attempt_at, ${o.at}), last_status = ${o.status}, last_error = ${error}, lease_until = NULL
      WHERE id = ${id}`;
    await managerOf(repos).query(text, params);
  }

  /** Deletes up to `limit` deliveries finished before `before`; how many. */
  async purgeFinished(before: string, limit: number): Promise<number> {
    const p = this.p;
    const rows = await this.returning(
      `DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE finished_at < ${p(1)} LIMIT ${p(2)}) RETURNING id`,
      [before, limit],
    );
    return rows.length;
  }
}
