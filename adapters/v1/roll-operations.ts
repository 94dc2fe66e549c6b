// POST /v1/api-keys/{id}/roll (issue 30): a new key for the same account, the old one expiring after
// an overlap; in v1's usual 200 envelope. Bound from the catalogue.
import { keys } from '../../src/core/catalogue';
import { binder } from '../../src/http/kernel/bind';
import { NO_STORE } from '../../src/http/kernel/wire';
import { TAGS } from '../../schemas/v1/api';
import * as schema from '../../schemas/v1/roll';
import { ok, success } from './envelope';
import { renderIssuedApiKey } from './mapper';

const bind = binder(TAGS);

export const rollOperations = [
  bind(keys.rollKey, {
    method: 'post',
    path: '/api-keys/{id}/roll',
    operationId: 'rollApiKey',
    summary: 'Roll an api key: a new secret now, the old one expiring after an overlap',
    description:
      "Makes a new key for the same account, with the old key's name, description and `scope`, living as long from now as the " +
      'old one had from its creation (or for ever), and makes the old key expire `overlapSeconds` from now (default a day; 0: now). ' +
      "The response holds the new secret (`key`), shown only here, and `previous` with the old key's new expiry; until then both " +
      'secrets work, after it the old one is refused. A revoked, expired or disabled key is 409 and nothing is made.',
    body: schema.rollApiKey,
    bodyRequired: false,
    example: { overlapSeconds: 3600 },
    responses: ok('The new key with its secret, and the old key with its new expiry', schema.rolledApiKey),
    parse: ({ params, body }) => ({ keyId: params.id, overlapSeconds: body?.overlapSeconds }),
    reply: (rolled, request) =>
      success(
        request,
        {
          ...renderIssuedApiKey(rolled),
          expiresAt: rolled.key.expiresAt,
          previous: { id: rolled.previous.id, expiresAt: rolled.previous.expiresAt },
        },
        NO_STORE,
      ),
  }),
];
