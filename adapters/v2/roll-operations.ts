// Rolling a credential (issue 30): POST …/credentials/{credentialId}/roll makes a new credential and
// lets the old one expire after an overlap; GET …/credentials/{credentialId} is where its Location
// points. Bound from the catalogue.
import { keys } from '../../src/core/catalogue';
import { binder } from '../../src/http/kernel/bind';
import { NO_STORE, type WireRequest } from '../../src/http/kernel/wire';
import { TAGS } from '../../schemas/v2/api';
import { noQuery } from '../../schemas/v2/requests';
import * as res from '../../schemas/v2/responses';
import * as schema from '../../schemas/v2/roll';
import { item, ok } from './envelope';
import * as map from './mapper';

const bind = binder(TAGS);
const ACCOUNTS = '/service-accounts';
const CREDENTIAL = `${ACCOUNTS}/{id}/credentials/{credentialId}`;

/** A credential's URL, under the base the dialect is served at (read from the routed path: a copy of v2 names its own). */
function credentialUrl(request: WireRequest, accountId: string, credentialId: string): string {
  const base = request.path.slice(0, request.path.lastIndexOf(`${ACCOUNTS}/`));
  return `${request.publicBase}${base}${ACCOUNTS}/${accountId}/credentials/${credentialId}`;
}

export const rollOperations = [
  bind(keys.getKeyById, {
    method: 'get',
    path: CREDENTIAL,
    summary: 'Get a credential',
    description: 'One credential of the account, revoked and expired ones too; never its secret.',
    query: noQuery,
    responses: ok('The credential', res.credential),
    parse: ({ params }) => ({ keyId: params.credentialId, accountId: params.id }),
    reply: (key, request) => item(request, 200, map.renderCredential(key)),
  }),
  bind(keys.rollKey, {
    method: 'post',
    path: `${CREDENTIAL}/roll`,
    summary: 'Roll a credential: a new secret now, the old one expiring after an overlap',
    description:
      "Rotation in one call: a new credential with the old one's scopes, living as long from now as the old one had from its " +
      'creation (or for ever), and the old one expiring `overlapSeconds` from now (default a day; 0: now). The response holds the ' +
      "new `clientSecret`, shown only here, and `previousCredential` with the old one's new `expirationDate`; `Location` names the " +
      'new credential. Until then both secrets work, after it the old one is refused. A revoked, expired or disabled credential ' +
      'is 409 and nothing is made.',
    body: schema.rollCredential,
    bodyRequired: false,
    example: { overlapSeconds: 3600 },
    responses: {
      201: { description: 'Created; the secret is shown only here', schema: res.item(schema.rolledCredential), headers: ['Location'] },
    },
    parse: ({ params, body }) => ({ keyId: params.credentialId, accountId: params.id, overlapSeconds: body?.overlapSeconds }),
    reply: (rolled, request, { accountId }) => {
      const data = {
        ...map.renderIssuedCredential(rolled),
        previousCredential: { id: rolled.previous.id, expirationDate: rolled.previous.expiresAt },
      };
      return item(request, 201, data, { ...NO_STORE, Location: credentialUrl(request, accountId, rolled.key.id) });
    },
  }),
];
