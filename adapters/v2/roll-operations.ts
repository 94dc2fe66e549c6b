// Rolling a credential (issue 30): POST …/credentials/{credentialId}/roll makes a new credential and
// lets the old one expire after an overlap; GET …/credentials/{credentialId} is where its Location points.
import { noStore } from '../../src/http/no-store';
import { operation } from '../../src/http/operation';
import { publicOrigin } from '../../src/http/public-origin';
import { TAGS } from '../../schemas/v2/api';
import { noQuery } from '../../schemas/v2/requests';
import * as res from '../../schemas/v2/responses';
import * as schema from '../../schemas/v2/roll';
import { sendItem } from './envelope';
import * as map from './mapper';

const CREDENTIAL = '/service-accounts/{id}/credentials/{credentialId}';

export const rollOperations = [
  operation({
    method: 'get',
    path: CREDENTIAL,
    summary: 'Get a credential',
    needs: 'read',
    operationId: 'getCredential',
    tag: TAGS.credentials,
    description: 'One credential of the account, revoked and expired ones too; never its secret.',
    query: noQuery,
    responses: { 200: { description: 'The credential', schema: res.item(res.credential) } },
    async handle({ req, res: out, core, principal, params }) {
      sendItem(req, out, 200, map.renderCredential(await core.getKey(principal, params.credentialId, params.id)));
    },
  }),
  operation<{ overlapSeconds?: number } | null>({
    method: 'post',
    path: `${CREDENTIAL}/roll`,
    summary: 'Roll a credential: a new secret now, the old one expiring after an overlap',
    needs: 'keys:write',
    operationId: 'rollCredential',
    tag: TAGS.credentials,
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
    async handle({ req, res: out, core, principal, params, body }) {
      const rolled = await core.rollKey(principal, params.credentialId, body?.overlapSeconds, { accountId: params.id });
      noStore(out);
      // Under the base the dialect is served at (a copy of v2 elsewhere names its own).
      out.location(`${publicOrigin(req)}${String(out.locals.basePath)}/service-accounts/${params.id}/credentials/${rolled.key.id}`);
      sendItem(req, out, 201, {
        ...map.renderIssuedCredential(rolled),
        previousCredential: { id: rolled.previous.id, expirationDate: rolled.previous.expiresAt },
      });
    },
  }),
];
