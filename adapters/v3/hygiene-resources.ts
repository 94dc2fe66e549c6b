// Core → v3 resources of the credential policy and webhooks (issue 32), every member listed by name.
import type { CredentialPolicy, WebhookDelivery, WebhookSubscription } from '../../src/core/hygiene-model';
import type { V3Urls } from './links';
import type { Fieldsets } from './query';
import { sparse, type ResourceObject } from './resources';
import { DELIVERY_TYPE, POLICY_TYPE, WEBHOOK_TYPE } from './resource-types';

export const policyUrl = (urls: V3Urls) => `${urls.base}/credential-policy`;
export const webhookUrl = (urls: V3Urls, id: string) => `${urls.base}/webhooks/${id}`;

export function policyResource(p: CredentialPolicy, urls: V3Urls, fields: Fieldsets = {}): ResourceObject {
  return {
    type: POLICY_TYPE,
    id: p.organizationId,
    attributes: sparse(
      {
        max_key_lifetime_days: p.maxKeyLifetimeDays,
        disable_unused_keys_after_days: p.disableUnusedKeysAfterDays,
        warn_before_expiry_days: p.warnBeforeExpiryDays,
      },
      fields[POLICY_TYPE],
    ),
    meta: { updated_at: p.updatedAt },
    relationships: {},
    links: { self: policyUrl(urls) },
  };
}

/** `secret`: only in the responses that make or rotate it. */
export function webhookResource(w: WebhookSubscription, urls: V3Urls, fields: Fieldsets = {}, secret?: string): ResourceObject {
  const attributes: Record<string, string | boolean | string[] | null> = {
    url: w.url,
    events: w.events,
    description: w.description,
    enabled: w.enabled,
    disabled_reason: w.disabledReason,
  };
  if (secret !== undefined) attributes.secret = secret;
  return {
    type: WEBHOOK_TYPE,
    id: w.id,
    attributes: sparse(attributes, fields[WEBHOOK_TYPE]),
    meta: { created_at: w.createdAt, updated_at: w.updatedAt },
    relationships: {},
    links: { self: webhookUrl(urls, w.id) },
  };
}

export function deliveryResource(d: WebhookDelivery, fields: Fieldsets = {}): ResourceObject {
  return {
    type: DELIVERY_TYPE,
    id: d.id,
    attributes: sparse(
      {
        event_type: d.eventType,
        audit_event_id: d.auditEventId,
        state: d.state,
        attempts: d.attempts,
        next_attempt_at: d.nextAttemptAt,
        last_attempt_at: d.lastAttemptAt,
        last_status: d.lastStatus,
        last_error: d.lastError,
        finished_at: d.finishedAt,
      },
      fields[DELIVERY_TYPE],
    ),
    meta: { created_at: d.createdAt },
    relationships: {},
  };
}
