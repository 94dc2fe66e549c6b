// v2 bodies of the credential policy and webhooks (issue 32; docs/reference/v2.md).
import { webhookEvents, webhookSecret, webhookUrl, policyRules, DELIVERY_STATES } from '../common/hygiene';
import { about, closed, description, nullable, optionalText, optionalTimestamp, text, timestamp, uuid } from '../common/fields';

export const credentialPolicy = about(
  "The organization's credential policy: each rule a number of days, or null when off.",
  closed({
    ...policyRules,
    updatedAt: about('When it was last set; null while it never was.', optionalTimestamp),
  }),
);

export const putCredentialPolicy = {
  type: 'object',
  description: 'The whole policy: a rule that is absent or null is off.',
  additionalProperties: false,
  properties: policyRules,
};

const webhookFields = {
  id: about("The subscription's id.", uuid),
  url: about('Where events are POSTed.', text),
  events: about('The event types it receives.', { type: 'array', items: text }),
  description: about('What it is for; null for none.', optionalText),
  enabled: about('false: nothing is sent (events are not queued for it); true sends what is queued, in order.', { type: 'boolean' }),
  disabledReason: about('Why iamgate disabled it (its deliveries failed for 24 hours); null otherwise.', optionalText),
  createdAt: about('When it was made.', timestamp),
  updatedAt: about('When it last changed.', timestamp),
};
export const webhook = about("A webhook subscription: where the organization's events go, signed.", closed(webhookFields));
export const issuedWebhook = about(
  'A webhook subscription with its signing secret (shown only here).',
  closed({ ...webhookFields, secret: webhookSecret }),
);

export const createWebhook = {
  type: 'object',
  description: 'A new webhook subscription.',
  additionalProperties: false,
  required: ['url', 'events'],
  properties: {
    url: webhookUrl,
    events: webhookEvents,
    description: about('What it is for; null for none.', nullable(description)),
    enabled: about('false to make it without sending yet (default true).', { type: 'boolean' }),
  },
};

export const updateWebhook = {
  type: 'object',
  description: 'What to change; a field that is absent or null stays as it is.',
  additionalProperties: false,
  properties: {
    url: about('A new URL; absent or null leaves it.', nullable(webhookUrl as { type: string })),
    events: about('The event types from now on; absent or null leaves them.', nullable(webhookEvents as { type: string })),
    description: about('A new description; absent or null leaves it.', nullable(description)),
    enabled: about(
      'false stops sending; true sends again, from where its queue stopped (absent or null leaves it).',
      nullable({ type: 'boolean' }),
    ),
  },
};

export const webhookDelivery = about(
  'One event sent (or being sent) to a subscription.',
  closed({
    id: about("The delivery's id: the `webhook-id` header, the same on every attempt.", uuid),
    eventType: about('The event type (`type` in the payload).', text),
    auditEventId: about('The audit event it tells of (`data.id` in the payload).', uuid),
    state: about('`pending` (being tried), `delivered`, or `failed` (given up after 24 hours).', {
      type: 'string',
      enum: [...DELIVERY_STATES],
    }),
    attempts: about('How many attempts were made.', { type: 'integer', minimum: 0 }),
    nextAttemptAt: about('When it is tried next, while pending.', timestamp),
    lastAttemptAt: about('When it was last tried; null before the first attempt.', optionalTimestamp),
    lastStatus: about("The receiver's HTTP status at the last attempt; null when it did not answer.", { type: ['integer', 'null'] }),
    lastError: about('What went wrong at the last attempt; null when it succeeded or was not tried yet.', optionalText),
    createdAt: about('When the change it tells of was made.', timestamp),
    finishedAt: about('When it was delivered or given up on; null while pending.', optionalTimestamp),
  }),
);

export const deliveriesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: about('How many deliveries a page holds (default 50).', { type: 'integer', minimum: 1, maximum: 100 }),
    continuationToken: about("The previous page's `pagination.continuationToken`, for the next page.", {
      type: 'string',
      minLength: 1,
      maxLength: 512,
    }),
  },
};
