// Building blocks of the credential policy and webhook schemas (issue 32), shared by v2 and v3.
import { POLICY_LIMITS } from '../../src/core/credential-policy';
import { WEBHOOK_EVENT_TYPES } from '../../src/core/webhook-events';
import { MAX_URL_LENGTH } from '../../src/core/webhook-url';
import type { Tag } from '../../src/http/openapi/api-description';
import { Type } from '@sinclair/typebox';
import { about, enumOf, nullable } from './fields';

const days = (max: number) => nullable(Type.Integer({ minimum: 1, maximum: max }));

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
  Type.String({ minLength: 1, maxLength: MAX_URL_LENGTH }),
);
export const webhookEvents = about(
  'The event types it receives (at least one; see docs/operations.md for what each means).',
  Type.Array(enumOf(WEBHOOK_EVENT_TYPES), { minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length }),
);
export const webhookSecret = about(
  'The signing secret (`whsec_…`, Standard Webhooks): verify `webhook-signature` with it. Shown only in this response.',
  Type.String({ pattern: '^whsec_' }),
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
