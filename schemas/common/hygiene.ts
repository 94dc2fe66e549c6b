// Building blocks of the credential policy and webhook schemas (issue 32), shared by v2 and v3.
import { POLICY_LIMITS } from '../../src/core/credential-policy';
import { WEBHOOK_EVENT_TYPES } from '../../src/core/webhook-events';
import { MAX_URL_LENGTH } from '../../src/core/webhook-url';
import type { Tag } from '../../src/http/openapi/api-description';
import { about } from './fields';

const days = (max: number) => ({ type: ['integer', 'null'], minimum: 1, maximum: max }) as const;

/** The three rules, each a number of days or null (off); words for the wire's own field names. */
export const policyRules = {
  maxKeyLifetimeDays: about(
    'New keys expire at most this many days after they are made: one made without an expiry gets this one, one asking for a later ' +
      'one is refused (400). Existing keys are not shortened: the janitor reports them (`key.over-lifetime`). Null: off.',
    days(POLICY_LIMITS.maxKeyLifetimeDays),
  ),
  disableUnusedKeysAfterDays: about(
    'The janitor disables keys not used for this many days (counted from their last use, or their creation when never used, or ' +
      'their being enabled again). Disabled, not revoked: they can be enabled again. Null: off.',
    days(POLICY_LIMITS.disableUnusedKeysAfterDays),
  ),
  warnBeforeExpiryDays: about(
    'The janitor sends `key.expiring` once for each key that expires within this many days. Null: off.',
    days(POLICY_LIMITS.warnBeforeExpiryDays),
  ),
};

export const webhookUrl = about(
  'Where events are POSTed: https, at a public address (a host in WEBHOOK_ALLOWED_HOSTS may be plain http and private).',
  { type: 'string', minLength: 1, maxLength: MAX_URL_LENGTH },
);
export const webhookEvents = about('The event types it receives (at least one; see docs/operations.md for what each means).', {
  type: 'array',
  minItems: 1,
  maxItems: WEBHOOK_EVENT_TYPES.length,
  items: { type: 'string', enum: [...WEBHOOK_EVENT_TYPES] },
});
export const webhookSecret = about(
  'The signing secret (`whsec_…`, Standard Webhooks): verify `webhook-signature` with it. Shown only in this response.',
  { type: 'string', pattern: '^whsec_' },
);
export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;

/** The tags of the v2 and v3 documents (the same resources in both). */
export const HYGIENE_TAGS = {
  policy: {
    name: 'Credential policy',
    description: "The organization's key lifetime, idle and expiry-warning rules, which new keys and the janitor follow.",
  },
  webhooks: {
    name: 'Webhooks',
    description: "Where the organization's events are sent, signed per Standard Webhooks, and how each delivery went.",
  },
} satisfies Record<string, Tag>;

/** What the v2 and v3 webhook operations say alike. */
export const WEBHOOK_WORDS = {
  only: ' Only an Admin or a UserAdmin may (403 otherwise).',
  list: 'Every subscription, oldest first (never their secrets).',
  create:
    'Events are POSTed to `url` as Standard Webhooks: `{type, timestamp, data}` (`data` is the audit event as v2 shows it), signed ' +
    'in `webhook-signature` with the `secret` of this response (`Cache-Control: no-store`). The URL must be https and must not ' +
    'resolve to a private, loopback or link-local address (400), unless its host is in WEBHOOK_ALLOWED_HOSTS. At most 20 per ' +
    'organization (409). Audited (`webhook.create`).',
  resumes: 'on a subscription iamgate disabled sends its queue again, in order, from where it stopped. Audited (`webhook.update`).',
  delete: 'Nothing more is sent to it; deliveries still queued are dropped. Audited (`webhook.delete`).',
  rotate:
    'A new `secret` signs every delivery from now on, including those still queued; the old one stops at once. Audited (`webhook.rotate`).',
  deliveries:
    'Each event sent or being sent: its state, attempts, the last status and error, and when it is tried next. Finished ' +
    'deliveries are kept 7 days.',
};
