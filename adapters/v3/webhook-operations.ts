// v3 webhooks (issue 32): `webhooks` resources of the organization, by its Admins and UserAdmins; a
// secret is shown once (creation, rotation); `webhook-deliveries` per subscription, newest first.
import type { Request, Response } from 'express';
import { ADMINISTRATOR_ROLES } from '../../src/core/credential-policy';
import type { WebhookSubscription } from '../../src/core/hygiene-model';
import type { WebhookRequest } from '../../src/core/webhooks';
import { noStore } from '../../src/http/no-store';
import { operation } from '../../src/http/operation';
import { EXAMPLE_IDS } from '../../schemas/common/fields';
import { WEBHOOK_WORDS } from '../../schemas/common/hygiene';
import { deleted, ok, ORG_IAM, TAGS } from '../../schemas/v3/api';
import * as schema from '../../schemas/v3/hygiene';
import * as queries from '../../schemas/v3/queries';
import * as requests from '../../schemas/v3/requests';
import { sendDeleted, sendDocument } from './document';
import { features } from './features';
import { deliveryResource, webhookResource, webhookUrl } from './hygiene-resources';
import { selfLink, urlsOf } from './links';
import { paginate, parsePage } from './pagination';
import { resourceOptions, type Query } from './query';
import { assertTarget, readDelete, type DeleteDocument, type ResourceDocument } from './request-documents';
import { DELIVERY_TYPE, WEBHOOK_TYPE } from './resource-types';

type WebhookDocument = ResourceDocument<{ url?: string; events?: string[]; description?: string | null; enabled?: boolean }>;

const WEBHOOKS = `${ORG_IAM}/webhooks`;
const WEBHOOK = `${WEBHOOKS}/{webhookId}`;
const roles = ADMINISTRATOR_ROLES;
const ONLY = WEBHOOK_WORDS.only;

function readWebhook({ data }: WebhookDocument, id?: string): WebhookRequest {
  assertTarget(data, WEBHOOK_TYPE, id);
  const a = data.attributes ?? {};
  const out: WebhookRequest = {};
  if (a.url !== undefined) out.url = a.url;
  if (a.events !== undefined) out.events = a.events;
  if (a.description !== undefined) out.description = a.description;
  if (a.enabled !== undefined) out.enabled = a.enabled;
  return out;
}

function sendWebhook(req: Request, out: Response, status: number, w: WebhookSubscription, query: Query, secret?: string): void {
  if (secret !== undefined) noStore(out);
  const data = webhookResource(w, urlsOf(req), resourceOptions(query, WEBHOOK_TYPE).fields, secret);
  sendDocument(req, out, status, { data, links: { self: selfLink(req) } });
}

export const webhookOperations = [
  operation<unknown, Query>({
    method: 'get',
    path: WEBHOOKS,
    summary: "The organization's webhook subscriptions",
    needs: 'read',
    roles,
    operationId: 'listWebhooks',
    tag: TAGS.webhooks,
    description: WEBHOOK_WORDS.list + ONLY,
    query: schema.webhookQuery,
    responses: ok('The subscriptions', schema.webhookCollection),
    async handle({ req, res: out, core, principal, query }) {
      const fields = resourceOptions(query, WEBHOOK_TYPE).fields;
      const data = (await core.listWebhooks(principal)).map((w) => webhookResource(w, urlsOf(req), fields));
      sendDocument(req, out, 200, { data, links: { self: selfLink(req) } });
    },
  }),
  operation<WebhookDocument, Query>({
    method: 'post',
    path: WEBHOOKS,
    summary: 'Subscribe a URL to events (the secret is shown once)',
    needs: 'write',
    roles,
    operationId: 'createWebhook',
    tag: TAGS.webhooks,
    description: WEBHOOK_WORDS.create + ' `Location` names it.' + ONLY,
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
    async handle({ req, res: out, core, principal, query, body }) {
      const fields = readWebhook(body);
      const created = await core.createWebhook(principal, { ...fields, url: fields.url!, events: fields.events! });
      out.location(webhookUrl(urlsOf(req), created.subscription.id));
      sendWebhook(req, out, 201, created.subscription, query, created.secret);
    },
  }),
  operation<unknown, Query>({
    method: 'get',
    path: WEBHOOK,
    summary: 'A webhook subscription',
    needs: 'read',
    roles,
    operationId: 'getWebhook',
    tag: TAGS.webhooks,
    description: 'The subscription (never its secret); `disabled_reason` says why iamgate disabled it, if it did.' + ONLY,
    query: schema.webhookQuery,
    responses: ok('The subscription', schema.webhookDocument),
    async handle({ req, res: out, core, principal, params, query }) {
      sendWebhook(req, out, 200, await core.getWebhook(principal, params.webhookId), query);
    },
  }),
  operation<WebhookDocument, Query>({
    method: 'patch',
    path: WEBHOOK,
    summary: 'Change a subscription',
    needs: 'write',
    roles,
    operationId: 'updateWebhook',
    tag: TAGS.webhooks,
    description: 'Changes the attributes it names. `enabled: true` ' + WEBHOOK_WORDS.resumes + ONLY,
    query: schema.webhookQuery,
    body: schema.updateWebhook,
    example: { data: { type: 'webhooks', id: EXAMPLE_IDS.webhook, attributes: { enabled: false } } },
    responses: ok('The subscription', schema.webhookDocument),
    async handle({ req, res: out, core, principal, params, query, body }) {
      sendWebhook(req, out, 200, await core.updateWebhook(principal, params.webhookId, readWebhook(body, params.webhookId)), query);
    },
  }),
  operation<DeleteDocument>({
    method: 'delete',
    path: WEBHOOK,
    summary: 'Delete a subscription and its queued deliveries',
    needs: 'write',
    roles,
    operationId: 'deleteWebhook',
    tag: TAGS.webhooks,
    description: WEBHOOK_WORDS.delete + ONLY,
    query: queries.noQuery,
    body: requests.deleteResource,
    bodyRequired: false,
    responses: deleted('Deleted'),
    async handle({ req, res: out, core, principal, params, body }) {
      readDelete(body, WEBHOOK_TYPE, params.webhookId);
      await core.deleteWebhook(principal, params.webhookId);
      sendDeleted(req, out, WEBHOOK_TYPE, params.webhookId);
    },
  }),
  operation<unknown, Query>({
    method: 'post',
    path: `${WEBHOOK}/rotate-secret`,
    summary: 'Rotate the signing secret (the new one is shown once)',
    needs: 'write',
    roles,
    operationId: 'rotateWebhookSecret',
    tag: TAGS.webhooks,
    description: WEBHOOK_WORDS.rotate + ' No body.' + ONLY,
    query: schema.webhookQuery,
    responses: ok('The subscription with its new secret, shown only here', schema.issuedWebhookDocument),
    async handle({ req, res: out, core, principal, params, query }) {
      const rotated = await core.rotateWebhookSecret(principal, params.webhookId);
      sendWebhook(req, out, 200, rotated.subscription, query, rotated.secret);
    },
  }),
  operation<unknown, Query>({
    method: 'get',
    path: `${WEBHOOK}/deliveries`,
    summary: `A subscription's deliveries, newest first, with their last errors`,
    needs: 'read',
    roles,
    operationId: 'listWebhookDeliveries',
    tag: TAGS.webhooks,
    description: WEBHOOK_WORDS.deliveries + ' No total is counted, so no `last` link.' + ONLY,
    query: schema.deliveryQuery,
    responses: ok('A page of deliveries', schema.deliveryCollection),
    async handle({ req, res: out, core, principal, params, query }) {
      const page = parsePage(query);
      const fields = resourceOptions(query, DELIVERY_TYPE).fields;
      const read = await core.listWebhookDeliveries(principal, params.webhookId, page);
      const parts = paginate(req, page, { hasMore: read.hasMore });
      sendDocument(req, out, 200, {
        data: read.items.map((d) => deliveryResource(d, fields)),
        links: parts.links,
        meta: { ...parts.meta, ...features(DELIVERY_TYPE) },
      });
    },
  }),
];
