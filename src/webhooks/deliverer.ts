// The webhook deliverer (issue 32): in every server process, off the request path, it claims due
// deliveries from the outbox (src/store/webhook-outbox.ts) and POSTs them, signed per Standard
// Webhooks (the `standardwebhooks` package). At most `concurrency` at a time, one per subscription,
// each subscription's strictly in order: a receiver that is down holds up only its own queue. A
// failed attempt is tried again with exponential backoff and jitter; after 24 h of failures the
// delivery is marked failed and its subscription disabled (audited). Delivery is at least once: a
// process that dies mid-attempt leaves the lease to run out, and another (or itself, restarted) sends again.
import { Webhook } from 'standardwebhooks';
import type { IamCore } from '../core';
import type { AuditEvent } from '../core/model';
import type { Clock } from '../core/ports';
import { disableFailingWebhook } from '../core/webhooks';
import { errorMessage, type Logger } from '../observability/logger';
import type { ClaimedDelivery, WebhookOutbox } from '../store/webhook-outbox';
import type { TypeOrmStore } from '../store/typeorm-store';
import { DeliveryError, postWebhook } from './sender';

export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 3_600_000;
const KEEP_FINISHED_MS = 7 * 86_400_000;
const PURGE_EVERY_MS = 60_000;
const STOP_WAIT_MS = 2_000;

/** The wait before attempt `failures + 1`: 5 s, 10 s, 20 s … up to an hour, each between half and all of it (jitter). */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const full = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1), LONGEST_RETRY_MS);
  return Math.round(full * (0.5 + random() * 0.5));
}

export interface DelivererOptions {
  concurrency: number;
  pollMs: number;
  timeoutMs: number;
  allowedHosts: readonly string[];
}

export interface DelivererDeps {
  outbox: WebhookOutbox;
  store: TypeOrmStore;
  core: IamCore;
  clock: Clock;
  logger: Logger;
  /** The signing secret from its sealed form; null when it cannot be opened (another sealing key). */
  openSecret(sealed: string): string | null;
  /** `data` of the payload: the audit event as the v2 dialect shows it. */
  render(event: AuditEvent): unknown;
}

export class WebhookDeliverer {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private ticking = false;
  private again = false;
  /** Subscription id → the attempt being made for it. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private lastPurge = 0;

  constructor(
    private readonly deps: DelivererDeps,
    private readonly options: DelivererOptions,
  ) {}

  start(): this {
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    this.kick();
    return this;
  }

  /** Looks for due deliveries now (also after each attempt, so a queue drains without waiting for the timer). */
  kick(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    void this.tick()
      .catch((err: unknown) =>
        this.deps.logger.warn({ error: (err as Error)?.name, message: errorMessage(err, 200) }, 'webhook claim failed'),
      )
      .finally(() => {
        this.ticking = false;
        if (this.again) {
          this.again = false;
          setImmediate(() => this.kick());
        }
      });
  }

  private async tick(): Promise<void> {
    const now = this.deps.clock.now();
    const free = this.options.concurrency - this.inFlight.size;
    if (free > 0) {
      // The lease outlasts an attempt's deadline several times over: only a dead process's runs out.
      const leaseUntil = new Date(now.getTime() + this.options.timeoutMs * 3 + 10_000).toISOString();
      const claimed = await this.deps.outbox.claim(now.toISOString(), leaseUntil, free, [...this.inFlight.keys()]);
      for (const c of claimed) {
        const attempt = this.attempt(c).finally(() => {
          this.inFlight.delete(c.subscription.id);
          this.kick();
        });
        this.inFlight.set(c.subscription.id, attempt);
      }
    }
    if (Date.now() - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = Date.now();
      await this.deps.outbox.purgeFinished(new Date(now.getTime() - KEEP_FINISHED_MS).toISOString(), 500);
    }
  }

  private async attempt({ delivery, subscription, event }: ClaimedDelivery): Promise<void> {
    const { outbox, logger } = this.deps;
    let status: number | null;
    let error: string | null = null;
    try {
      const secret = this.deps.openSecret(subscription.secretSealed);
      if (!secret) throw new DeliveryError('the signing secret cannot be opened (IDEMPOTENCY_ENCRYPTION_KEY changed?); rotate it');
      const body = JSON.stringify({ type: delivery.eventType, timestamp: event.createdAt, data: this.deps.render(event) });
      // The signature's timestamp is the sending instant, as receivers check it against their own clocks.
      const sentAt = new Date();
      const headers = {
        'webhook-id': delivery.id,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign(delivery.id, sentAt, body),
      };
      status = (await postWebhook(subscription.url, body, headers, this.options)).status;
    } catch (err) {
      status = err instanceof DeliveryError ? err.status : null;
      error = errorMessage(err, 300);
    }
    const at = this.deps.clock.now();
    const outcome = { at: at.toISOString(), status, error };
    try {
      if (error === null) return await outbox.delivered(delivery.id, outcome);
      const firstAt = Date.parse(delivery.firstAttemptAt ?? outcome.at);
      if (at.getTime() - firstAt < GIVE_UP_AFTER_MS) {
        return await outbox.retry(delivery.id, outcome, new Date(at.getTime() + backoffMs(delivery.attempts + 1)).toISOString());
      }
      const reason = `Deliveries failed for 24 hours (last: ${error})`;
      await this.deps.store.transaction(async (repos) => {
        await outbox.failed(repos, delivery.id, outcome);
        await disableFailingWebhook(this.deps.core.deps, repos, subscription.organizationId, subscription.id, reason);
      });
      logger.warn(
        { subscriptionId: subscription.id, deliveryId: delivery.id },
        'webhook subscription disabled after 24 h of failed deliveries',
      );
    } catch (err) {
      // The outcome could not be stored: the lease runs out and the delivery is tried again.
      logger.warn({ deliveryId: delivery.id, error: (err as Error)?.name, message: errorMessage(err, 200) }, 'webhook outcome not stored');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // Attempts under way get a moment to finish; one that does not is sent again once its lease runs out.
    let timer: NodeJS.Timeout | undefined;
    const moment = new Promise((r) => (timer = setTimeout(r, STOP_WAIT_MS)));
    await Promise.race([Promise.allSettled([...this.inFlight.values()]), moment]);
    clearTimeout(timer);
  }
}
