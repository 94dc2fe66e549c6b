// POST /v1/api-keys/{id}/roll (issue 30): a new key for the same account, the old one expiring after
// an overlap; in v1's usual 200 envelope.
import { noStore } from '../../src/http/no-store';
import { operation } from '../../src/http/operation';
import { TAGS } from '../../schemas/v1/api';
import { envelope } from '../../schemas/v1/responses';
import * as schema from '../../schemas/v1/roll';
import { sendV1 } from './envelope';
import { renderIssuedApiKey } from './mapper';

export const rollOperations = [
  operation<{ overlapSeconds?: number } | null>({
    method: 'post',
    path: '/api-keys/{id}/roll',
    summary: 'Roll an api key: a new secret now, the old one expiring after an overlap',
    needs: 'keys:write',
    operationId: 'rollApiKey',
    tag: TAGS.keys,
    description:
      "Makes a new key for the same account, with the old key's name, description and `scope`, living as long from now as the " +
      'old one had from its creation (or for ever), and makes the old key expire `overlapSeconds` from now (default a day; 0: now). ' +
      "The response holds the new secret (`key`), shown only here, and `previous` with the old key's new expiry; until then both " +
      'secrets work, after it the old one is refused. A revoked, expired or disabled key is 409 and nothing is made.',
    body: schema.rollApiKey,
    bodyRequired: false,
    example: { overlapSeconds: 3600 },
    responses: {
      200: { description: 'The new key with its secret, and the old key with its new expiry', schema: envelope(schema.rolledApiKey) },
    },
    async handle({ req, res: out, core, principal, params, body }) {
      const rolled = await core.rollKey(principal, params.id, body?.overlapSeconds);
      noStore(out);
      sendV1(req, out, {
        ...renderIssuedApiKey(rolled),
        expiresAt: rolled.key.expiresAt,
        previous: { id: rolled.previous.id, expiresAt: rolled.previous.expiresAt },
      });
    },
  }),
];
