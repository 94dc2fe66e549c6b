// v2 webhooks (issue 32): the organization's subscriptions, by its Admins and UserAdmins. A secret is
// shown once (creation, rotation); deliveries and their last errors are readable per subscription.
import { operation } from '../../src/http/operation';
import { noStore } from '../../src/http/no-store';
import { ADMINISTRATOR_ROLES } from '../../src/core/credential-policy';
import { emptyBody } from '../../schemas/common/fields';
import { WEBHOOK_WORDS } from '../../schemas/common/hygiene';
import { TAGS } from '../../schemas/v2/api';
import * as schema from '../../schemas/v2/hygiene';
import * as req2 from '../../schemas/v2/requests';
import * as res from '../../schemas/v2/responses';
import { decodeOffset, encodeOffset } from './continuation';
import { sendItem, sendList } from './envelope';
import * as map from './hygiene-mapper';

const WEBHOOKS = '/webhooks';
const WEBHOOK = `${WEBHOOKS}/{webhookId}`;
const roles = ADMINISTRATOR_ROLES;
const ONLY = WEBHOOK_WORDS.only;
const one = (description: string) => ({ 200: { description, schema: res.item(schema.webhook) } });
const issued = (status: 200 | 201) => ({
  [status]: { description: 'The subscription with its secret, shown only here', schema: res.item(schema.issuedWebhook) },
});

interface PageQuery {
  limit?: number;
  continuationToken?: string;
}

export const webhookOperations = [
  operation({
    method: 'get',
    path: WEBHOOKS,
    summary: "The organization's webhook subscriptions",
    needs: 'read',
    roles,
    operationId: 'listWebhooks',
    tag: TAGS.webhooks,
    description: WEBHOOK_WORDS.list + ONLY,
    query: req2.noQuery,
    responses: { 200: { description: 'Subscriptions', schema: res.list(schema.webhook) } },
    async handle({ req, res: out, core, principal }) {
      sendList(req, out, (await core.listWebhooks(principal)).map(map.renderWebhook));
    },
  }),
  operation<map.V2WebhookBody & { url: string; events: string[] }>({
    method: 'post',
    path: WEBHOOKS,
    summary: 'Subscribe a URL to events (the secret is shown once)',
    needs: 'write',
    roles,
    operationId: 'createWebhook',
    tag: TAGS.webhooks,
    description: WEBHOOK_WORDS.create + ONLY,
    body: schema.createWebhook,
    example: { url: 'https://hooks.example.com/iamgate', events: ['key.created', 'key.revoked'], enabled: false },
    responses: issued(201),
    async handle({ req, res: out, core, principal, body }) {
      const created = await core.createWebhook(principal, { ...map.toWebhookRequest(body), url: body.url, events: body.events });
      noStore(out);
      sendItem(req, out, 201, { ...map.renderWebhook(created.subscription), secret: created.secret });
    },
  }),
  operation({
    method: 'get',
    path: WEBHOOK,
    summary: 'A webhook subscription',
    needs: 'read',
    roles,
    operationId: 'getWebhook',
    tag: TAGS.webhooks,
    description: 'The subscription (never its secret); `disabledReason` says why iamgate disabled it, if it did.' + ONLY,
    query: req2.noQuery,
    responses: one('The subscription'),
    async handle({ req, res: out, core, principal, params }) {
      sendItem(req, out, 200, map.renderWebhook(await core.getWebhook(principal, params.webhookId)));
    },
  }),
  operation<map.V2WebhookBody>({
    method: 'put',
    path: WEBHOOK,
    summary: 'Update a subscription; absent or null fields stay as they are',
    needs: 'write',
    roles,
    operationId: 'updateWebhook',
    tag: TAGS.webhooks,
    description: 'Changes `url`, `events`, `description` or `enabled`. `enabled: true` ' + WEBHOOK_WORDS.resumes + ONLY,
    body: schema.updateWebhook,
    example: { enabled: false },
    responses: one('The subscription'),
    async handle({ req, res: out, core, principal, params, body }) {
      sendItem(req, out, 200, map.renderWebhook(await core.updateWebhook(principal, params.webhookId, map.toWebhookRequest(body))));
    },
  }),
  operation({
    method: 'delete',
    path: WEBHOOK,
    summary: 'Delete a subscription and its queued deliveries',
    needs: 'write',
    roles,
    operationId: 'deleteWebhook',
    tag: TAGS.webhooks,
    description: WEBHOOK_WORDS.delete + ONLY,
    responses: { 204: { description: 'Deleted' } },
    async handle({ res: out, core, principal, params }) {
      await core.deleteWebhook(principal, params.webhookId);
      out.status(204).end();
    },
  }),
  operation<null>({
    method: 'post',
    path: `${WEBHOOK}/rotate-secret`,
    summary: 'Rotate the signing secret (the new one is shown once)',
    needs: 'write',
    roles,
    operationId: 'rotateWebhookSecret',
    tag: TAGS.webhooks,
    description: WEBHOOK_WORDS.rotate + ' No body, or `{}`.' + ONLY,
    body: emptyBody,
    bodyRequired: false,
    responses: issued(200),
    async handle({ req, res: out, core, principal, params }) {
      const rotated = await core.rotateWebhookSecret(principal, params.webhookId);
      noStore(out);
      sendItem(req, out, 200, { ...map.renderWebhook(rotated.subscription), secret: rotated.secret });
    },
  }),
  operation<unknown, PageQuery>({
    method: 'get',
    path: `${WEBHOOK}/deliveries`,
    summary: "A subscription's deliveries, newest first, with their last errors",
    needs: 'read',
    roles,
    operationId: 'listWebhookDeliveries',
    tag: TAGS.webhooks,
    description: WEBHOOK_WORDS.deliveries + ' A page at a time (`continuationToken`).' + ONLY,
    query: schema.deliveriesQuery,
    responses: { 200: { description: 'A page of deliveries', schema: res.list(schema.webhookDelivery) } },
    async handle({ req, res: out, core, principal, params, query: q }) {
      const scope = { deliveriesOf: params.webhookId };
      const offset = q.continuationToken ? decodeOffset(q.continuationToken, scope) : 0;
      const limit = q.limit ?? 50;
      const page = await core.listWebhookDeliveries(principal, params.webhookId, { limit, offset });
      sendList(req, out, page.items.map(map.renderDelivery), page.hasMore ? encodeOffset(offset + limit, scope) : null);
    },
  }),
];
