// Credential policies, the janitor's marks on keys, and webhook subscriptions with their outbox
// (issue 32), as plain SQL on the caller's manager (plain or transactional).
import type { EntityManager } from 'typeorm';
import type { CredentialPolicy, KeyPolicyMarks, StoredWebhookSubscription, WebhookDelivery } from '../core/hygiene-model';
import type { Repositories } from '../core/ports';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const int = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const toPolicy = (r: Row): CredentialPolicy => ({
  organizationId: String(r.organization_id),
  maxKeyLifetimeDays: int(r.max_key_lifetime_days),
  disableUnusedKeysAfterDays: int(r.disable_unused_keys_after_days),
  warnBeforeExpiryDays: int(r.warn_before_expiry_days),
  updatedAt: str(r.updated_at),
});

const toMarks = (r: Row): KeyPolicyMarks => ({
  keyId: String(r.key_id),
  enabledAt: str(r.enabled_at),
  expiryWarnedFor: str(r.expiry_warned_for),
  overLifetimeReportedAt: str(r.over_lifetime_reported_at),
});

/**
 * The rows an UPDATE or DELETE … RETURNING gave, on both engines (TypeORM's plain result for those
 * is `[rows, count]` on PostgreSQL and the rows on SQLite; its structured one is the same on both).
 */
export async function returning(m: EntityManager, sql: string, params: unknown[]): Promise<Row[]> {
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    return ((await runner.query(sql, params, true)).records ?? []) as Row[];
  } finally {
    if (!m.queryRunner) await runner.release();
  }
}

export const SUBSCRIPTION_COLUMNS =
  'id, organization_id, url, events, description, enabled, secret_sealed, disabled_reason, created_at, updated_at';

export const toSubscription = (r: Row): StoredWebhookSubscription => ({
  id: String(r.id),
  organizationId: String(r.organization_id),
  url: String(r.url),
  events: JSON.parse(String(r.events)) as string[],
  description: str(r.description),
  enabled: Boolean(r.enabled),
  secretSealed: String(r.secret_sealed),
  disabledReason: str(r.disabled_reason),
  createdAt: String(r.created_at),
  updatedAt: String(r.updated_at),
});

export const DELIVERY_COLUMNS =
  'id, subscription_id, organization_id, audit_event_id, event_type, state, attempts, next_attempt_at, first_attempt_at, ' +
  'last_attempt_at, last_status, last_error, created_at, finished_at';

export const toDelivery = (r: Row): WebhookDelivery => ({
  id: String(r.id),
  subscriptionId: String(r.subscription_id),
  organizationId: String(r.organization_id),
  auditEventId: String(r.audit_event_id),
  eventType: String(r.event_type),
  state: String(r.state) as WebhookDelivery['state'],
  attempts: Number(r.attempts),
  nextAttemptAt: String(r.next_attempt_at),
  firstAttemptAt: str(r.first_attempt_at),
  lastAttemptAt: str(r.last_attempt_at),
  lastStatus: int(r.last_status),
  lastError: str(r.last_error),
  createdAt: String(r.created_at),
  finishedAt: str(r.finished_at),
});

export function hygieneRows(m: EntityManager, p: (n: number) => string): Pick<Repositories, 'policies' | 'keyMarks' | 'webhooks'> {
  const query = (sql: string, params: unknown[] = []) => m.query(sql, params) as Promise<Row[]>;
  const list = (n: number, from = 1) => Array.from({ length: n }, (_, i) => p(from + i)).join(', ');

  /** Upserts one column of a key's marks. */
  const mark = async (
    orgId: string,
    keyId: string,
    column: 'enabled_at' | 'expiry_warned_for' | 'over_lifetime_reported_at',
    value: string,
  ) =>
    query(
      `INSERT INTO key_policy_marks (key_id, organization_id, ${column}) VALUES (${list(3)})
       ON CONFLICT (key_id) DO UPDATE SET ${column} = excluded.${column}`,
      [keyId, orgId, value],
    );
  const marksOf = async (orgId: string, keyId: string) =>
    (await query(`SELECT * FROM key_policy_marks WHERE organization_id = ${p(1)} AND key_id = ${p(2)}`, [orgId, keyId])).map(toMarks)[0];

  return {
    policies: {
      get: async (orgId) => {
        const [r] = await query(`SELECT * FROM credential_policies WHERE organization_id = ${p(1)}`, [orgId]);
        return r ? toPolicy(r) : null;
      },
      put: async (c) =>
        void (await query(
          `INSERT INTO credential_policies (organization_id, max_key_lifetime_days, disable_unused_keys_after_days, warn_before_expiry_days, updated_at)
           VALUES (${list(5)})
           ON CONFLICT (organization_id) DO UPDATE SET max_key_lifetime_days = excluded.max_key_lifetime_days,
             disable_unused_keys_after_days = excluded.disable_unused_keys_after_days,
             warn_before_expiry_days = excluded.warn_before_expiry_days, updated_at = excluded.updated_at`,
          [c.organizationId, c.maxKeyLifetimeDays, c.disableUnusedKeysAfterDays, c.warnBeforeExpiryDays, c.updatedAt],
        )),
      active: async () =>
        (
          await query(
            `SELECT * FROM credential_policies WHERE max_key_lifetime_days IS NOT NULL OR disable_unused_keys_after_days IS NOT NULL
             OR warn_before_expiry_days IS NOT NULL ORDER BY organization_id`,
          )
        ).map(toPolicy),
    },
    keyMarks: {
      forKeys: async (orgId, keyIds) => {
        const out = new Map<string, KeyPolicyMarks>();
        for (let i = 0; i < keyIds.length; i += 500) {
          const ids = keyIds.slice(i, i + 500);
          const rows = await query(
            `SELECT * FROM key_policy_marks WHERE organization_id = ${p(1)} AND key_id IN (${list(ids.length, 2)})`,
            [orgId, ...ids],
          );
          for (const r of rows) out.set(String(r.key_id), toMarks(r));
        }
        return out;
      },
      enabled: async (orgId, keyId, at) => void (await mark(orgId, keyId, 'enabled_at', at)),
      // Read then written: the janitor runs in one process at a time, and the key row is the unit.
      warned: async (orgId, keyId, expiresAt) => {
        if ((await marksOf(orgId, keyId))?.expiryWarnedFor === expiresAt) return false;
        await mark(orgId, keyId, 'expiry_warned_for', expiresAt);
        return true;
      },
      overLifetime: async (orgId, keyId, at) => {
        if ((await marksOf(orgId, keyId))?.overLifetimeReportedAt) return false;
        await mark(orgId, keyId, 'over_lifetime_reported_at', at);
        return true;
      },
    },
    webhooks: {
      insert: async (s) =>
        void (await query(`INSERT INTO webhook_subscriptions (${SUBSCRIPTION_COLUMNS}) VALUES (${list(10)})`, [
          s.id,
          s.organizationId,
          s.url,
          JSON.stringify(s.events),
          s.description,
          s.enabled,
          s.secretSealed,
          s.disabledReason,
          s.createdAt,
          s.updatedAt,
        ])),
      update: async (s) =>
        void (await query(
          `UPDATE webhook_subscriptions SET url = ${p(1)}, events = ${p(2)}, description = ${p(3)}, enabled = ${p(4)},
             secret_sealed = ${p(5)}, disabled_reason = ${p(6)}, updated_at = ${p(7)} WHERE organization_id = ${p(8)} AND id = ${p(9)}`,
          [
            s.url,
            JSON.stringify(s.events),
            s.description,
            s.enabled,
            s.secretSealed,
            s.disabledReason,
            s.updatedAt,
            s.organizationId,
            s.id,
          ],
        )),
      delete: async (orgId, id) => {
        const runner = m.queryRunner ?? m.connection.createQueryRunner();
        try {
          const result = await runner.query(
            `DELETE FROM webhook_subscriptions WHERE organization_id = ${p(1)} AND id = ${p(2)}`,
            [orgId, id],
            true,
          );
          return (result.affected ?? 0) > 0;
        } finally {
          if (!m.queryRunner) await runner.release();
        }
      },
      get: async (orgId, id) => {
        const [r] = await query(
          `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE organization_id = ${p(1)} AND id = ${p(2)}`,
          [orgId, id],
        );
        return r ? toSubscription(r) : null;
      },
      list: async (orgId) =>
        (await query(`SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE organization_id = ${p(1)} ORDER BY id`, [orgId])).map(
          toSubscription,
        ),
      subscribers: async (orgId) =>
        (
          await query(`SELECT id, events FROM webhook_subscriptions WHERE organization_id = ${p(1)} AND enabled = ${p(2)}`, [orgId, true])
        ).map((r) => ({ id: String(r.id), events: JSON.parse(String(r.events)) as string[] })),
      enqueue: async (rows) => {
        for (const d of rows) {
          await query(`INSERT INTO webhook_deliveries (${DELIVERY_COLUMNS}) VALUES (${list(14)})`, [
            d.id,
            d.subscriptionId,
            d.organizationId,
            d.auditEventId,
            d.eventType,
            d.state,
            d.attempts,
            d.nextAttemptAt,
            d.firstAttemptAt,
            d.lastAttemptAt,
            d.lastStatus,
            d.lastError,
            d.createdAt,
            d.finishedAt,
          ]);
        }
      },
      deliveries: async (orgId, subscriptionId, page) =>
        (
          await query(
            `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE organization_id = ${p(1)} AND subscription_id = ${p(2)}
             ORDER BY id DESC LIMIT ${p(3)} OFFSET ${p(4)}`,
            [orgId, subscriptionId, page.limit, page.offset],
          )
        ).map(toDelivery),
    },
  };
}
