// v2 webhooks (issue 32): the organization's subscriptions, by its Admins and UserAdmins. A secret is
// shown once (creation, rotation); deliveries and their last errors are readable per subscription.
// Bound from the catalogue.
import type { IssuedWebhook } from '../../src/core/webhooks';
import { webhooks } from '../../src/core/catalogue';
import { WEBHOOK_WORDS } from '../../src/core/catalogue/webhooks';
import { binder } from '../../src/http/kernel/bind';
import { NO_STORE, type WireRequest } from '../../src/http/kernel/wire';
import { emptyBody } from '../../schemas/common/fields';
import { TAGS } from '../../schemas/v2/api';
import * as schema from '../../schemas/v2/hygiene';
import { noQuery } from '../../schemas/v2/requests';
import * as res from '../../schemas/v2/responses';
import { decodeOffset, DEFAULT_LIMIT, encodeOffset } from './continuation';
import { item, list, ok, okList } from './envelope';
import * as map from './hygiene-mapper';

const bind = binder(TAGS);
const WEBHOOKS = '/webhooks';
const WEBHOOK = `${WEBHOOKS}/{webhookId}`;
const ONLY = WEBHOOK_WORDS.only;
const issued = (status: 200 | 201) => ({
  [status]: { description: 'The subscription with its secret, shown only here', schema: res.item(schema.issuedWebhook) },
});

/** A subscription with its secret: never kept by a cache. */
const answerIssued = (request: WireRequest, status: number, { subscription, secret }: IssuedWebhook) =>
  item(request, status, { ...map.renderWebhook(subscription), secret }, NO_STORE);

export const webhookOperations = [
  bind(webhooks.listWebhooks, {
    method: 'get',
    path: WEBHOOKS,
    query: noQuery,
    responses: okList('Subscriptions', schema.webhook),
    parse: () => ({}),
    reply: (subscriptions, request) => list(request, subscriptions.map(map.renderWebhook)),
  }),
  bind(webhooks.createWebhook, {
    method: 'post',
    path: WEBHOOKS,
    body: schema.createWebhook,
    example: { url: 'https://hooks.example.com/iamgate', events: ['key.created', 'key.revoked'], enabled: false },
    responses: issued(201),
    parse: ({ body }) => ({ request: { ...map.toWebhookRequest(body), url: body.url, events: body.events } }),
    reply: (created, request) => answerIssued(request, 201, created),
  }),
  bind(webhooks.getWebhook, {
    method: 'get',
    path: WEBHOOK,
    description: 'The subscription (never its secret); `disabledReason` says why iamgate disabled it, if it did.' + ONLY,
    query: noQuery,
    responses: ok('The subscription', schema.webhook),
    parse: ({ params }) => ({ webhookId: params.webhookId }),
    reply: (subscription, request) => item(request, 200, map.renderWebhook(subscription)),
  }),
  bind(webhooks.updateWebhook, {
    method: 'put',
    path: WEBHOOK,
    summary: 'Update a subscription; absent or null fields stay as they are',
    description: 'Changes `url`, `events`, `description` or `enabled`. `enabled: true` ' + WEBHOOK_WORDS.resumes + ONLY,
    body: schema.updateWebhook,
    example: { enabled: false },
    responses: ok('The subscription', schema.webhook),
    parse: ({ params, body }) => ({ webhookId: params.webhookId, request: map.toWebhookRequest(body) }),
    reply: (subscription, request) => item(request, 200, map.renderWebhook(subscription)),
  }),
  bind(webhooks.deleteWebhook, {
    method: 'delete',
    path: WEBHOOK,
    responses: { 204: { description: 'Deleted' } },
    parse: ({ params }) => ({ webhookId: params.webhookId }),
    reply: () => ({ status: 204, headers: {} }),
  }),
  bind(webhooks.rotateWebhookSecret, {
    method: 'post',
    path: `${WEBHOOK}/rotate-secret`,
    description: WEBHOOK_WORDS.rotate + ' No body, or `{}`.' + ONLY,
    body: emptyBody,
    bodyRequired: false,
    responses: issued(200),
    parse: ({ params }) => ({ webhookId: params.webhookId }),
    reply: (rotated, request) => answerIssued(request, 200, rotated),
  }),
  bind(webhooks.listWebhookDeliveries, {
    method: 'get',
    path: `${WEBHOOK}/deliveries`,
    description: WEBHOOK_WORDS.deliveries + ' A page at a time (`continuationToken`).' + ONLY,
    query: schema.deliveriesQuery,
    responses: okList('A page of deliveries', schema.webhookDelivery),
    parse: ({ params, query: q }) => {
      const scope = { deliveriesOf: params.webhookId };
      return {
        webhookId: params.webhookId,
        limit: q.limit ?? DEFAULT_LIMIT,
        offset: q.continuationToken ? decodeOffset(q.continuationToken, scope) : 0,
      };
    },
    reply: (page, request, { webhookId, limit, offset }) =>
      list(request, page.items.map(map.renderDelivery), page.hasMore ? encodeOffset(offset + limit, { deliveriesOf: webhookId }) : null),
  }),
];
