// v3 webhooks (issue 32): `webhooks` resources of the organization, by its Admins and UserAdmins; a
// secret is shown once (creation, rotation); `webhook-deliveries` per subscription, newest first.
// Bound from the catalogue.
import { webhooks } from '../../src/core/catalogue';
import { WEBHOOK_WORDS } from '../../src/core/catalogue/webhooks';
import type { WebhookSubscription } from '../../src/core/hygiene-model';
import type { WebhookRequest } from '../../src/core/webhooks';
import { NO_STORE, type WireRequest } from '../../src/http/kernel/wire';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { deleted, ok, ORG_IAM } from '../../schemas/v3/api';
import * as schema from '../../schemas/v3/hygiene';
import * as queries from '../../schemas/v3/queries';
import * as requests from '../../schemas/v3/requests';
import { deleted as deletedAnswer, document } from './document';
import { features } from './features';
import { deliveryResource, webhookResource, webhookUrl } from './hygiene-resources';
import { selfLink, urlsOf } from './links';
import { paginate, parsePage } from './pagination';
import { parseFields, type Fieldsets } from './query';
import { assertTarget, readDelete } from './request-documents';
import { DELIVERY_TYPE, WEBHOOK_TYPE } from './resource-types';
import { bind } from './bind';

const WEBHOOKS = `${ORG_IAM}/webhooks`;
const WEBHOOK = `${WEBHOOKS}/{webhookId}`;
const ONLY = WEBHOOK_WORDS.only;

/** The attributes a document names, as the core's request; `id`: the subscription in the URL (none on create). */
function readWebhook({ data }: schema.CreateWebhookDocument | schema.UpdateWebhookDocument, id?: string): WebhookRequest {
  assertTarget(data, WEBHOOK_TYPE, id);
  const a = data.attributes ?? {};
  const out: WebhookRequest = {};
  if (a.url !== undefined) out.url = a.url;
  if (a.events !== undefined) out.events = a.events;
  if (a.description !== undefined) out.description = a.description;
  if (a.enabled !== undefined) out.enabled = a.enabled;
  return out;
}

/** One subscription; with its secret (never kept by a cache) only where it was just made. */
function answerWebhook(request: WireRequest, status: number, w: WebhookSubscription, fields: Fieldsets, secret?: string) {
  const data = webhookResource(w, urlsOf(request), fields, secret);
  return document(request, status, { data, links: { self: selfLink(request) } }, secret === undefined ? {} : NO_STORE);
}

export const webhookOperations = [
  bind(webhooks.listWebhooks, {
    method: 'get',
    path: WEBHOOKS,
    query: schema.webhookQuery,
    responses: ok('The subscriptions', schema.webhookCollection),
    parse: ({ query }) => ({ fields: parseFields(query) }),
    reply: (subscriptions, request, { fields }) => {
      const data = subscriptions.map((w) => webhookResource(w, urlsOf(request), fields));
      return document(request, 200, { data, links: { self: selfLink(request) } });
    },
  }),
  bind(webhooks.createWebhook, {
    method: 'post',
    path: WEBHOOKS,
    description: `${WEBHOOK_WORDS.create} \`Location\` names it.${ONLY}`,
    query: schema.webhookQuery,
    body: schema.createWebhook,
    example: {
      data: { type: 'webhooks', attributes: { url: 'https://hooks.example.com/iamgate', events: ['key.created'], enabled: false } },
    },
    responses: {
      201: {
        description: 'The subscription with its secret, shown only here',
        schema: schema.issuedWebhookDocument,
        headers: ['Location'],
      },
    },
    parse: ({ query, body }) => {
      const { url, events } = body.data.attributes;
      return { request: { ...readWebhook(body), url, events }, fields: parseFields(query) };
    },
    reply: ({ subscription, secret }, request, { fields }) => {
      const answer = answerWebhook(request, 201, subscription, fields, secret);
      return { ...answer, headers: { Location: webhookUrl(urlsOf(request), subscription.id), ...answer.headers } };
    },
  }),
  bind(webhooks.getWebhook, {
    method: 'get',
    path: WEBHOOK,
    description: `The subscription (never its secret); \`disabled_reason\` says why iamgate disabled it, if it did.${ONLY}`,
    query: schema.webhookQuery,
    responses: ok('The subscription', schema.webhookDocument),
    parse: ({ params, query }) => ({ webhookId: params.webhookId, fields: parseFields(query) }),
    reply: (subscription, request, { fields }) => answerWebhook(request, 200, subscription, fields),
  }),
  bind(webhooks.updateWebhook, {
    method: 'patch',
    path: WEBHOOK,
    description: `Changes the attributes it names. \`enabled: true\` ${WEBHOOK_WORDS.resumes}${ONLY}`,
    query: schema.webhookQuery,
    body: schema.updateWebhook,
    example: { data: { type: 'webhooks', id: EXAMPLE_IDS.webhook, attributes: { enabled: false } } },
    responses: ok('The subscription', schema.webhookDocument),
    parse: ({ params, query, body }) => ({
      webhookId: params.webhookId,
      request: readWebhook(body, params.webhookId),
      fields: parseFields(query),
    }),
    reply: (subscription, request, { fields }) => answerWebhook(request, 200, subscription, fields),
  }),
  bind(webhooks.deleteWebhook, {
    method: 'delete',
    path: WEBHOOK,
    query: queries.noQuery,
    body: requests.deleteResource,
    bodyRequired: false,
    responses: deleted('Deleted'),
    parse: ({ params, body }) => {
      readDelete(body, WEBHOOK_TYPE, params.webhookId);
      return { webhookId: params.webhookId };
    },
    reply: (_gone, request, { webhookId }) => deletedAnswer(request, WEBHOOK_TYPE, webhookId),
  }),
  bind(webhooks.rotateWebhookSecret, {
    method: 'post',
    path: `${WEBHOOK}/rotate-secret`,
    description: `${WEBHOOK_WORDS.rotate} No body.${ONLY}`,
    query: schema.webhookQuery,
    responses: ok('The subscription with its new secret, shown only here', schema.issuedWebhookDocument),
    parse: ({ params, query }) => ({ webhookId: params.webhookId, fields: parseFields(query) }),
    reply: ({ subscription, secret }, request, { fields }) => answerWebhook(request, 200, subscription, fields, secret),
  }),
  bind(webhooks.listWebhookDeliveries, {
    method: 'get',
    path: `${WEBHOOK}/deliveries`,
    description: `${WEBHOOK_WORDS.deliveries} No total is counted, so no \`last\` link.${ONLY}`,
    query: schema.deliveryQuery,
    responses: ok('A page of deliveries', schema.deliveryCollection),
    parse: ({ params, query }) => ({ webhookId: params.webhookId, ...parsePage(query), fields: parseFields(query) }),
    reply: (read, request, { limit, offset, fields }) => {
      const parts = paginate(request, { limit, offset }, { hasMore: read.hasMore });
      return document(request, 200, {
        data: read.items.map((d) => deliveryResource(d, fields)),
        links: parts.links,
        meta: { ...parts.meta, ...features(DELIVERY_TYPE) },
      });
    },
  }),
];
