// POST …/service-accounts/{id}/keys/{keyId}/roll (issue 30): a new key now, the old one expiring after
// an overlap; the new key (with `client_secret`) as `data`, the old one in `included`. Bound from the catalogue.
import { keys } from '../../src/core/catalogue';
import { etag, NO_STORE } from '../../src/http/kernel/wire';
import { ORG_IAM } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as schema from '../../schemas/v3/roll';
import { document } from './document';
import { selfLink, urlsOf } from './links';
import { resourceOptions } from './query';
import { assertTarget } from './request-documents';
import { keyResource } from './resources';
import { KEY_TYPE } from './resource-types';
import { bind } from './bind';

export const rollOperations = [
  bind(keys.rollKey, {
    method: 'post',
    path: `${ORG_IAM}/service-accounts/{id}/keys/{keyId}/roll`,
    operationId: 'rollKey',
    description:
      'Rotation in one call: a new key for the same account, living as long from now as the old one had from its creation (or ' +
      'for ever), and the old key expiring `overlap_seconds` from now (default a day; 0: now). The response holds the new key ' +
      'with `client_secret`, shown only here, and the old key in `included` with its new `meta.expires_at`; `Location` names the ' +
      'new key. Until then both secrets work, after it the old one is refused. A revoked, expired or disabled key is 409 and ' +
      'nothing is made.',
    query: queries.keyQuery,
    body: schema.rollKey,
    bodyRequired: false,
    example: { data: { type: 'service-account-keys', attributes: { overlap_seconds: 3600 } } },
    responses: {
      201: { description: 'Created; the secret is shown only here', schema: schema.rolledKeyDocument, headers: ['Location', 'ETag'] },
    },
    parse: ({ params, query, body }) => {
      if (body) assertTarget(body.data, KEY_TYPE);
      const { fields } = resourceOptions(query, KEY_TYPE);
      return { keyId: params.keyId, accountId: params.id, overlapSeconds: body?.data.attributes?.overlap_seconds, fields };
    },
    reply: (rolled, request, { accountId, fields }) => {
      const urls = urlsOf(request);
      const clientId = rolled.account.clientId;
      const headers = { Location: urls.key(accountId, rolled.key.id), ...etag(rolled.account.version), ...NO_STORE };
      return document(
        request,
        201,
        {
          data: keyResource(rolled.key, { clientId, secret: rolled.secret }, urls, fields),
          included: [keyResource(rolled.previous, { clientId }, urls, fields)],
          links: { self: selfLink(request) },
        },
        headers,
      );
    },
  }),
];
