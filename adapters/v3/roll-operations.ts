// POST …/service-accounts/{id}/keys/{keyId}/roll (issue 30): a new key now, the old one expiring after
// an overlap; the new key (with `client_secret`) as `data`, the old one in `included`.
import { setEtag } from '../../src/http/etag';
import { noStore } from '../../src/http/no-store';
import { operation } from '../../src/http/operation';
import { ORG_IAM, TAGS } from '../../schemas/v3/api';
import * as queries from '../../schemas/v3/queries';
import * as schema from '../../schemas/v3/roll';
import { sendDocument } from './document';
import { selfLink, urlsOf } from './links';
import { resourceOptions, type Query } from './query';
import { assertTarget, type ResourceDocument } from './request-documents';
import { keyResource } from './resources';
import { KEY_TYPE } from './resource-types';

type RollDocument = ResourceDocument<{ overlap_seconds?: number }> | null;

export const rollOperations = [
  operation<RollDocument, Query>({
    method: 'post',
    path: `${ORG_IAM}/service-accounts/{id}/keys/{keyId}/roll`,
    summary: 'Roll a key: a new secret now, the old one expiring after an overlap',
    needs: 'keys:write',
    operationId: 'rollKey',
    tag: TAGS.keys,
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
    async handle({ req, res: out, core, principal, params, query, body }) {
      if (body) assertTarget(body.data, KEY_TYPE);
      const { fields } = resourceOptions(query, KEY_TYPE);
      const rolled = await core.rollKey(principal, params.keyId, body?.data.attributes?.overlap_seconds, { accountId: params.id });
      const urls = urlsOf(req);
      const clientId = rolled.account.clientId;
      out.location(urls.key(params.id, rolled.key.id));
      setEtag(out, rolled.account.version);
      noStore(out);
      sendDocument(req, out, 201, {
        data: keyResource(rolled.key, { clientId, secret: rolled.secret }, urls, fields),
        included: [keyResource(rolled.previous, { clientId }, urls, fields)],
        links: { self: selfLink(req) },
      });
    },
  }),
];
