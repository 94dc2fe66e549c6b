// v2 bodies of the credential policy and webhooks (issue 32; docs/reference/v2.md). TypeBox schemas:
// the bindings read their static types, and the renderers (adapters/v2/hygiene-mapper.ts) return them.
import { Type, type Static } from '@sinclair/typebox';
import { webhookEvents, webhookSecret, webhookUrl, policyRules, DELIVERY_STATES } from '../common/hygiene';
import {
  about,
  closedObject,
  description,
  enumOf,
  nullable,
  optionalText,
  optionalTimestamp,
  strings,
  text,
  timestamp,
  uuid,
} from '../common/fields';
import { pageLimit, pageToken } from './requests';

const { Optional } = Type;

export const credentialPolicy = about(
  "The organization's credential policy: each rule a number of days, or null when off.",
  closedObject({
    ...policyRules,
    updatedAt: about('When it was last set; null while it never was.', optionalTimestamp),
  }),
);

export const putCredentialPolicy = about(
  'The whole policy: a rule that is absent or null is off.',
  Type.Object(
    {
      maxKeyLifetimeDays: Optional(policyRules.maxKeyLifetimeDays),
      disableUnusedKeysAfterDays: Optional(policyRules.disableUnusedKeysAfterDays),
      warnBeforeExpiryDays: Optional(policyRules.warnBeforeExpiryDays),
    },
    { additionalProperties: false },
  ),
);

const webhookFields = {
  id: about("The subscription's id.", uuid),
  url: about('Where events are POSTed.', text),
  events: about('The event types it receives.', strings),
  description: about('What it is for; null for none.', optionalText),
  enabled: about('false: nothing is sent (events are not queued for it); true sends what is queued, in order.', Type.Boolean()),
  disabledReason: about('Why iamgate disabled it (its deliveries failed for 24 hours); null otherwise.', optionalText),
  createdAt: about('When it was made.', timestamp),
  updatedAt: about('When it last changed.', timestamp),
};
export const webhook = about("A webhook subscription: where the organization's events go, signed.", closedObject(webhookFields));
export const issuedWebhook = about(
  'A webhook subscription with its signing secret (shown only here).',
  closedObject({ ...webhookFields, secret: webhookSecret }),
);

export const createWebhook = about(
  'A new webhook subscription.',
  Type.Object(
    {
      url: webhookUrl,
      events: webhookEvents,
      description: Optional(about('What it is for; null for none.', nullable(description))),
      enabled: Optional(about('false to make it without sending yet (default true).', Type.Boolean())),
    },
    { additionalProperties: false },
  ),
);

export const updateWebhook = about(
  'What to change; a field that is absent or null stays as it is.',
  Type.Object(
    {
      url: Optional(about('A new URL; absent or null leaves it.', nullable(webhookUrl))),
      events: Optional(about('The event types from now on; absent or null leaves them.', nullable(webhookEvents))),
      description: Optional(about('A new description; absent or null leaves it.', nullable(description))),
      enabled: Optional(
        about('false stops sending; true sends again, from where its queue stopped (absent or null leaves it).', nullable(Type.Boolean())),
      ),
    },
    { additionalProperties: false },
  ),
);

export const webhookDelivery = about(
  'One event sent (or being sent) to a subscription.',
  closedObject({
    id: about("The delivery's id: the `webhook-id` header, the same on every attempt.", uuid),
    eventType: about('The event type (`type` in the payload).', text),
    auditEventId: about('The audit event it tells of (`data.id` in the payload).', uuid),
    state: about('`pending` (being tried), `delivered`, or `failed` (given up after 24 hours).', enumOf(DELIVERY_STATES)),
    attempts: about('How many attempts were made.', Type.Integer({ minimum: 0 })),
    nextAttemptAt: about('When it is tried next, while pending.', timestamp),
    lastAttemptAt: about('When it was last tried; null before the first attempt.', optionalTimestamp),
    lastStatus: about("The receiver's HTTP status at the last attempt; null when it did not answer.", nullable(Type.Integer())),
    lastError: about('What went wrong at the last attempt; null when it succeeded or was not tried yet.', optionalText),
    createdAt: about('When the change it tells of was made.', timestamp),
    finishedAt: about('When it was delivered or given up on; null while pending.', optionalTimestamp),
  }),
);

export const deliveriesQuery = Type.Object(
  {
    limit: Optional(pageLimit('deliveries')),
    continuationToken: Optional(pageToken("The previous page's `pagination.continuationToken`, for the next page.")),
  },
  { additionalProperties: false },
);

export type PutCredentialPolicy = Static<typeof putCredentialPolicy>;
export type CreateWebhook = Static<typeof createWebhook>;
export type UpdateWebhook = Static<typeof updateWebhook>;
export type V2CredentialPolicy = Static<typeof credentialPolicy>;
export type V2Webhook = Static<typeof webhook>;
export type V2WebhookDelivery = Static<typeof webhookDelivery>;
