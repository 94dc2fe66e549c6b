// Core ⇄ v2 shapes of the credential policy and webhooks (issue 32). Every response field is listed by
// name, and each renderer returns its response schema's type (schemas/v2/hygiene.ts).
import type { CredentialPolicy, CredentialPolicyRules, WebhookDelivery, WebhookSubscription } from '../../src/core/hygiene-model';
import type { WebhookRequest } from '../../src/core/webhooks';
import type * as wire from '../../schemas/v2/hygiene';

/** v2's PUT replaces the whole policy: a rule that is absent is off. */
export function toPolicyRules(body: wire.PutCredentialPolicy): CredentialPolicyRules {
  return {
    maxKeyLifetimeDays: body.maxKeyLifetimeDays ?? null,
    disableUnusedKeysAfterDays: body.disableUnusedKeysAfterDays ?? null,
    warnBeforeExpiryDays: body.warnBeforeExpiryDays ?? null,
  };
}

export function renderPolicy(p: CredentialPolicy): wire.V2CredentialPolicy {
  return {
    maxKeyLifetimeDays: p.maxKeyLifetimeDays,
    disableUnusedKeysAfterDays: p.disableUnusedKeysAfterDays,
    warnBeforeExpiryDays: p.warnBeforeExpiryDays,
    updatedAt: p.updatedAt,
  };
}

/** Absent and null both leave a field as it is (v2's PUT, like its service accounts'). */
export function toWebhookRequest(body: wire.UpdateWebhook): WebhookRequest {
  const out: WebhookRequest = {};
  if (body.url != null) out.url = body.url;
  if (body.events != null) out.events = body.events;
  if (body.description != null) out.description = body.description;
  if (body.enabled != null) out.enabled = body.enabled;
  return out;
}

export function renderWebhook(w: WebhookSubscription): wire.V2Webhook {
  return {
    id: w.id,
    url: w.url,
    events: w.events,
    description: w.description,
    enabled: w.enabled,
    disabledReason: w.disabledReason,
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
  };
}

export function renderDelivery(d: WebhookDelivery): wire.V2WebhookDelivery {
  return {
    id: d.id,
    eventType: d.eventType,
    auditEventId: d.auditEventId,
    state: d.state,
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt,
    lastAttemptAt: d.lastAttemptAt,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    createdAt: d.createdAt,
    finishedAt: d.finishedAt,
  };
}
