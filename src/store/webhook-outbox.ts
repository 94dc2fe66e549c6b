// The deliverer's side of the webhook outbox (issue 32): claiming due deliveries, recording how an
// attempt went, and purging finished ones. A claim takes only the head of each subscription's queue
// (the oldest pending delivery; nothing behind it goes first, so each receiver sees its events in
// order) and leases it: another process (or this one after a crash) takes it again only once the
// lease has run out. On PostgreSQL the claim also skips rows another process is claiming at that
// instant (FOR UPDATE SKIP LOCKED), so each delivery is sent by one process at a time.
import type { AuditEvent } from '../core/model';
import type { Repositories } from '../core/ports';
import type { StoredWebhookSubscription, WebhookDelivery } from '../core/hygiene-model';
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

  /**
   * Up to `limit` deliveries due at `now`, each the head of its subscription's queue, none of the
   * subscriptions in `busy` (being sent by this process), leased until `leaseUntil`.
   */
  async claim(now: string, leaseUntil: string, limit: number, busy: string[]): Promise<ClaimedDelivery[]> {
    if (limit <= 0) return [];
    const p = this.p;
    const params: unknown[] = [leaseUntil, now, true, limit];
    const notBusy = busy.length ? `AND d.subscription_id NOT IN (${busy.map((id) => (params.push(id), p(params.length))).join(', ')})` : '';
    const rows = await this.returning(
      `UPDATE webhook_deliveries SET lease_until = ${p(1)} WHERE id IN (
         SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
         WHERE d.state = 'pending' AND s.enabled = ${p(3)} AND d.next_attempt_at <= ${p(2)}
           AND (d.lease_until IS NULL OR d.lease_until < ${p(2)}) ${notBusy}
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.subscription_id = d.subscription_id AND e.state = 'pending' AND e.id < d.id)
         ORDER BY d.next_attempt_at LIMIT ${p(4)}${this.pg ? ' FOR UPDATE OF d SKIP LOCKED' : ''}
       ) RETURNING ${DELIVERY_COLUMNS}`,
      params,
    );
    if (!rows.length) return [];
    const deliveries = rows.map(toDelivery);
    const subIds = [...new Set(deliveries.map((d) => d.subscriptionId))];
    const eventIds = [...new Set(deliveries.map((d) => d.auditEventId))];
    const subs = new Map(
      (await this.query(`SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE id IN (${subIds.map((_, i) => p(i + 1)).join(', ')})`, subIds))
        .map(toSubscription)
        .map((s) => [s.id, s]),
    );
    const events = new Map(
      (await this.store.run((repos) => managerOf(repos).getRepository(AuditEntity).findBy(eventIds.map((id) => ({ id })))))
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
    await this.finishAttempt(id, o, `state = 'delivered', finished_at = ${this.p(4)}`, [o.at]);
  }

  /** Failed; tried again at `nextAt`. */
  async retry(id: string, o: AttemptOutcome, nextAt: string): Promise<void> {
    await this.finishAttempt(id, o, `next_attempt_at = ${this.p(4)}`, [nextAt]);
  }

  /** Given up on, inside the caller's transaction (which also disables the subscription). */
  async failed(repos: Repositories, id: string, o: AttemptOutcome): Promise<void> {
    const p = this.p;
    await managerOf(repos).query(
      `UPDATE webhook_deliveries SET state = 'failed', finished_at = ${p(1)}, attempts = attempts + 1, last_attempt_at = ${p(1)},
         first_attempt_at = COALESCE(first_attempt_at, ${p(1)}), last_status = ${p(2)}, last_error = ${p(3)}, lease_until = NULL
       WHERE id = ${p(4)}`,
      [o.at, o.status, o.error?.slice(0, 500) ?? null, id],
    );
  }

  private async finishAttempt(id: string, o: AttemptOutcome, set: string, extra: unknown[]): Promise<void> {
    const p = this.p;
    await this.store.transaction((repos) =>
      managerOf(repos).query(
        `UPDATE webhook_deliveries SET ${set}, attempts = attempts + 1, last_attempt_at = ${p(1)},
           first_attempt_at = COALESCE(first_attempt_at, ${p(1)}), last_status = ${p(2)}, last_error = ${p(3)}, lease_until = NULL
         WHERE id = ${p(5)}`,
        [o.at, o.status, o.error?.slice(0, 500) ?? null, ...extra, id],
      ),
    );
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
