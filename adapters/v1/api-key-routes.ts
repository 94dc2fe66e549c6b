// v1 api-key routes: a key is created for an account named in the body, listed, and deleted (revoked).
import { Router } from 'express';
import type { KeyView } from '../../src/core/model';
import type { AppContext } from '../../src/http/context';
import { principalOf } from '../../src/http/context';
import { noStore } from '../../src/http/no-store';
import { canonicalId, lowerCaseIds } from '../../src/http/path-ids';
import { compile } from '../../src/http/validator';
import * as schema from '../../schemas/v1/requests';
import { sendV1 } from './envelope';
import * as map from './mapper';

interface KeyListQuery { limit?: number; offset?: number; serviceAccountId?: string }

const validate = {
  create: compile<map.V1ApiKeyBody>(schema.createApiKey),
  listQuery: compile<KeyListQuery>(schema.listApiKeysQuery, { source: 'query' }),
};

const DEFAULT_LIMIT = 20;

// v1 has no key status: DELETE is how a v1 client gets rid of a key, so a revoked key (by any
// dialect) is gone from v1's list. Disabled and expired keys still exist and are listed.
const isListed = (k: KeyView) => k.status !== 'Revoked';

export function apiKeyRoutes({ core }: AppContext): Router {
  const r = lowerCaseIds(Router(), 'id');

  r.post('/api-keys', async (req, res) => {
    const body = validate.create(req.body);
    const issued = await core.createKey(principalOf(req), canonicalId(body.serviceAccountId), map.toKeyRequest(body));
    noStore(res);
    sendV1(req, res, map.renderIssuedApiKey(issued));
  });

  r.get('/api-keys', async (req, res) => {
    const { limit = DEFAULT_LIMIT, offset = 0, serviceAccountId } = validate.listQuery(req.query);
    const accountId = serviceAccountId === undefined ? undefined : canonicalId(serviceAccountId);
    // The core returns the whole (bounded) list of keys; v1's offset paging is cut from it here.
    const keys = (await core.listKeys(principalOf(req), accountId)).filter(isListed);
    const items = keys.slice(offset, offset + limit).map(map.renderApiKey);
    sendV1(req, res, { items, limit, offset, hasMore: offset + limit < keys.length });
  });

  r.delete('/api-keys/:id', async (req, res) => {
    await core.revokeKey(principalOf(req), req.params.id);
    sendV1(req, res, null);
  });

  return r;
}
