// v3 documents of the credential policy and webhooks (issue 32; docs/reference/v3.md).
import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { DELIVERY_STATES, policyRules, webhookEvents, webhookSecret, webhookUrl } from '../common/hygiene';
import {
  about,
  closedObject,
  closedPartial,
  constant,
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
import { attributes, resourceDocument } from './requests';
import { document, historyPage, many, selfLinks } from './responses';
import { page, query } from './queries';

const links = about('Links of the resource.', closedObject({ self: about('Its URL.', Type.String({ format: 'uri' })) }));
/** Sparse fieldsets may drop any attribute: listed, none required. */
const sparse = closedPartial;
const always = <T extends string>(type: T) => about(`Always \`${type}\`.`, constant(type));

const policyAttributes = {
  max_key_lifetime_days: policyRules.maxKeyLifetimeDays,
  disable_unused_keys_after_days: policyRules.disableUnusedKeysAfterDays,
  warn_before_expiry_days: policyRules.warnBeforeExpiryDays,
};

export const credentialPolicy = about(
  "A `credential-policies` resource: the organization's credential policy (its id is the organization's).",
  closedObject({
    type: always('credential-policies'),
    id: about("The organization's id.", uuid),
    attributes: about('The rules, each a number of days or null (off).', sparse(policyAttributes)),
    meta: about(
      'What the server keeps about it.',
      closedObject({ updated_at: about('When it was last set; null while it never was.', optionalTimestamp) }),
    ),
    relationships: about('Nothing: it stands alone.', closedObject({})),
    links,
  }),
);
export const credentialPolicyDocument = about(
  "The organization's credential policy.",
  document({ data: credentialPolicy, links: selfLinks }),
);

export const updateCredentialPolicy = about(
  'The rules to change (those not named stay as they are); null turns one off.',
  resourceDocument({ attributes: attributes(policyAttributes), idRequired: true }),
);
export type PolicyDocument = Static<typeof updateCredentialPolicy>;

const webhookAttributes = {
  url: about('Where events are POSTed.', text),
  events: about('The event types it receives.', strings),
  description: about('What it is for; null for none.', optionalText),
  enabled: about('false: nothing is sent (events are not queued for it); true sends what is queued, in order.', Type.Boolean()),
  disabled_reason: about('Why iamgate disabled it (its deliveries failed for 24 hours); null otherwise.', optionalText),
};
const webhookOf = <P extends TProperties>(what: string, extra: P) =>
  about(
    what,
    closedObject({
      type: always('webhooks'),
      id: about("The subscription's id.", uuid),
      attributes: about("The subscription's attributes (those `fields[webhooks]` asked for).", sparse({ ...webhookAttributes, ...extra })),
      meta: about(
        'What the server keeps about it.',
        closedObject({ created_at: about('When it was made.', timestamp), updated_at: about('When it last changed.', timestamp) }),
      ),
      relationships: about('Nothing: its deliveries are at `…/deliveries`.', closedObject({})),
      links,
    }),
  );
export const webhook = webhookOf("A `webhooks` resource: where the organization's events go, signed per Standard Webhooks.", {});
export const issuedWebhook = webhookOf('A `webhooks` resource with its signing secret (shown only here).', { secret: webhookSecret });
export const webhookDocument = about('One webhook subscription.', document({ data: webhook, links: selfLinks }));
export const issuedWebhookDocument = about(
  'A webhook subscription with its new secret.',
  document({ data: issuedWebhook, links: selfLinks }),
);
export const webhookCollection = about(
  "The organization's webhook subscriptions, oldest first.",
  document({ data: many('The subscriptions.', webhook), links: selfLinks }),
);

const webhookSettable = {
  url: webhookUrl,
  events: webhookEvents,
  description: about('What it is for; null for none.', nullable(description)),
  enabled: about('false stops sending; true sends (again, from where its queue stopped).', Type.Boolean()),
};
export const createWebhook = about(
  'A new `webhooks` resource.',
  resourceDocument({ attributes: attributes(webhookSettable, ['url', 'events']), attributesRequired: true, idRequired: false }),
);
export const updateWebhook = about(
  'What to change in a subscription.',
  resourceDocument({ attributes: attributes(webhookSettable), idRequired: true }),
);
export type CreateWebhookDocument = Static<typeof createWebhook>;
export type UpdateWebhookDocument = Static<typeof updateWebhook>;

export const delivery = about(
  'A `webhook-deliveries` resource: one event sent (or being sent) to a subscription; its id is the `webhook-id` header.',
  closedObject({
    type: always('webhook-deliveries'),
    id: about("The delivery's id (`webhook-id`, the same on every attempt).", uuid),
    attributes: about(
      "The delivery's attributes.",
      sparse({
        event_type: about('The event type (`type` in the payload).', text),
        audit_event_id: about('The audit event it tells of.', uuid),
        state: about('`pending` (being tried), `delivered`, or `failed` (given up after 24 hours).', enumOf(DELIVERY_STATES)),
        attempts: about('How many attempts were made.', Type.Integer({ minimum: 0 })),
        next_attempt_at: about('When it is tried next, while pending.', timestamp),
        last_attempt_at: about('When it was last tried; null before the first attempt.', optionalTimestamp),
        last_status: about("The receiver's HTTP status at the last attempt; null when it did not answer.", nullable(Type.Integer())),
        last_error: about('What went wrong at the last attempt; null when it succeeded or was not tried yet.', optionalText),
        finished_at: about('When it was delivered or given up on; null while pending.', optionalTimestamp),
      }),
    ),
    meta: about('What the server keeps about it.', closedObject({ created_at: about('When the change it tells of was made.', timestamp) })),
    relationships: about('Nothing: it belongs to the subscription in the URL.', closedObject({})),
  }),
);
export const deliveryCollection = historyPage("A page of a subscription's deliveries.", delivery);

const fieldsOf = (type: string) => about(`Comma-separated \`${type}\` fields to show (sparse fieldset).`, Type.String({ maxLength: 1000 }));
export const policyQuery = query({ 'fields[credential-policies]': fieldsOf('credential-policies') });
export const webhookQuery = query({ 'fields[webhooks]': fieldsOf('webhooks') });
export const deliveryQuery = query({ 'fields[webhook-deliveries]': fieldsOf('webhook-deliveries'), ...page });
