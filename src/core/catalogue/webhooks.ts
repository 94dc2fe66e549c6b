// The organization's webhook subscriptions (issue 32), by its Admins and UserAdmins only: a secret is
// shown once (creation, rotation); deliveries and their last errors are read per subscription.
import { ADMINISTRATOR_ROLES } from '../credential-policy';
import type { WebhookRequest } from '../webhooks';
import { entry } from './entry';

/** What every dialect says of the webhook operations. */
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
const ONLY = WEBHOOK_WORDS.only;
const roles = ADMINISTRATOR_ROLES;

/** A subscription named by its id. */
interface WebhookAt {
  webhookId: string;
}

export const listWebhooks = entry({
  operationId: 'listWebhooks',
  summary: "The organization's webhook subscriptions",
  description: WEBHOOK_WORDS.list + ONLY,
  needs: 'read',
  roles,
  resource: 'webhooks',
  run: (core, p) => core.listWebhooks(p),
});

export const createWebhook = entry({
  operationId: 'createWebhook',
  summary: 'Subscribe a URL to events (the secret is shown once)',
  description: WEBHOOK_WORDS.create + ONLY,
  needs: 'write',
  roles,
  resource: 'webhooks',
  run: (core, p, input: { request: WebhookRequest & { url: string; events: string[] } }) => core.createWebhook(p, input.request),
});

export const getWebhook = entry({
  operationId: 'getWebhook',
  summary: 'A webhook subscription',
  description: 'The subscription (never its secret), and why iamgate disabled it, if it did.' + ONLY,
  needs: 'read',
  roles,
  resource: 'webhooks',
  run: (core, p, input: WebhookAt) => core.getWebhook(p, input.webhookId),
});

export const updateWebhook = entry({
  operationId: 'updateWebhook',
  summary: 'Change a subscription',
  description: 'Changes the fields it names. `enabled: true` ' + WEBHOOK_WORDS.resumes + ONLY,
  needs: 'write',
  roles,
  resource: 'webhooks',
  run: (core, p, input: WebhookAt & { request: WebhookRequest }) => core.updateWebhook(p, input.webhookId, input.request),
});

export const deleteWebhook = entry({
  operationId: 'deleteWebhook',
  summary: 'Delete a subscription and its queued deliveries',
  description: WEBHOOK_WORDS.delete + ONLY,
  needs: 'write',
  roles,
  resource: 'webhooks',
  run: (core, p, input: WebhookAt) => core.deleteWebhook(p, input.webhookId),
});

export const rotateWebhookSecret = entry({
  operationId: 'rotateWebhookSecret',
  summary: 'Rotate the signing secret (the new one is shown once)',
  description: WEBHOOK_WORDS.rotate + ONLY,
  needs: 'write',
  roles,
  resource: 'webhooks',
  run: (core, p, input: WebhookAt) => core.rotateWebhookSecret(p, input.webhookId),
});

export const listWebhookDeliveries = entry({
  operationId: 'listWebhookDeliveries',
  summary: "A subscription's deliveries, newest first, with their last errors",
  description: WEBHOOK_WORDS.deliveries + ONLY,
  needs: 'read',
  roles,
  resource: 'webhooks',
  run: (core, p, input: WebhookAt & { limit: number; offset: number }) =>
    core.listWebhookDeliveries(p, input.webhookId, { limit: input.limit, offset: input.offset }),
});
