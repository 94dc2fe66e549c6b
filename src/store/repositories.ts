// The core's Repositories port over one TypeORM EntityManager (plain or transactional).
import { In, LessThan, type EntityManager } from 'typeorm';
import type { AccountFilter, AccountPageQuery, Repositories } from '../core/ports';
import {
  AccessTokenEntity, AccountEntity, AuditEntity, IdempotencyEntity, KeyEntity, OrganizationEntity, RateLimitEntity, WorkspaceEntity, type AccountRow,
} from './entities';
import * as map from './mappers';

const ORDER: Record<NonNullable<AccountPageQuery['sort']>, [string, 'ASC' | 'DESC']> = {
  id: ['a.id', 'ASC'], '-id': ['a.id', 'DESC'], name: ['a.name_key', 'ASC'], '-name': ['a.name_key', 'DESC'],
};

export function repositoriesFor(m: EntityManager): Repositories {
  const orgs = m.getRepository(OrganizationEntity);
  const workspaces = m.getRepository(WorkspaceEntity);
  const accounts = m.getRepository(AccountEntity);
  const keys = m.getRepository(KeyEntity);
  const tokens = m.getRepository(AccessTokenEntity);
  const rateLimits = m.getRepository(RateLimitEntity);
  const idempotency = m.getRepository(IdempotencyEntity);
  const audit = m.getRepository(AuditEntity);
  const placeholder = (n: number) => (m.connection.options.type === 'postgres' ? `$${n}` : '?');

  const filtered = (orgId: string, filter: AccountFilter) => {
    const qb = accounts.createQueryBuilder('a').where('a.organization_id = :orgId', { orgId });
    if (filter.enabled !== undefined) qb.andWhere('a.status = :status', { status: filter.enabled ? 'active' : 'disabled' });
    if (filter.nameContains) {
      qb.andWhere("a.name_key LIKE :pattern ESCAPE '\\'", { pattern: `%${escapeLike(map.nameKey(filter.nameContains))}%` });
    }
    return qb;
  };

  return {
    organizations: {
      insert: async (org) => void (await orgs.insert(map.fromOrganization(org))),
      get: async (id) => { const r = await orgs.findOneBy({ id }); return r ? map.toOrganization(r) : null; },
      count: () => orgs.count(),
    },
    workspaces: {
      insert: async (ws) => void (await workspaces.insert(map.fromWorkspace(ws))),
      list: async (orgId) => (await workspaces.find({ where: { organization_id: orgId }, order: { id: 'ASC' } })).map(map.toWorkspace),
      getMany: async (orgId, ids) => (await workspaces.findBy({ organization_id: orgId, id: In(ids) })).map(map.toWorkspace),
    },
    accounts: {
      insert: async (a) => void (await accounts.insert(map.fromAccount(a))),
      update: async (a, expectedVersion) => {
        const { id, organization_id, ...changes } = map.fromAccount(a);
        const result = await accounts.createQueryBuilder().update()
          .set(changes as Partial<AccountRow>)
          .where('id = :id AND organization_id = :orgId AND version = :expectedVersion', { id, orgId: organization_id, expectedVersion })
          .execute();
        return (result.affected ?? 0) > 0;
      },
      bumpVersion: async (orgId, id, updatedAt) => {
        await accounts.createQueryBuilder().update()
          .set({ version: () => 'version + 1', updated_at: updatedAt })
          .where('id = :id AND organization_id = :orgId', { id, orgId })
          .execute();
      },
      delete: async (orgId, id) => ((await accounts.delete({ organization_id: orgId, id })).affected ?? 0) > 0,
      get: async (orgId, id) => { const r = await accounts.findOneBy({ organization_id: orgId, id }); return r ? map.toAccount(r) : null; },
      getMany: async (orgId, ids) => (await accounts.findBy({ organization_id: orgId, id: In(ids) })).map(map.toAccount),
      page: async (orgId, q) => {
        const qb = filtered(orgId, q.filter);
        if (q.afterId) qb.andWhere('a.id > :afterId', { afterId: q.afterId });
        const [column, direction] = ORDER[q.sort ?? 'id'];
        qb.orderBy(column, direction);
        if (column !== 'a.id') qb.addOrderBy('a.id', direction);
        qb.limit(q.limit);
        if (q.offset) qb.offset(q.offset);
        return (await qb.getMany()).map(map.toAccount);
      },
      count: (orgId, filter) => filtered(orgId, filter).getCount(),
      emailsStartingWith: async (orgId, local) =>
        (await accounts.createQueryBuilder('a').select('a.email', 'email')
          .where('a.organization_id = :orgId AND a.email LIKE :pattern', { orgId, pattern: `${local}%` })
          .getRawMany<{ email: string }>()).map((r) => r.email),
    },
    keys: {
      insert: async (k) => void (await keys.insert(map.fromKey(k))),
      update: async (k) => {
        const { id, ...changes } = map.fromKey(k);
        await keys.update({ id }, changes);
      },
      get: async (orgId, id) => { const r = await keys.findOneBy({ organization_id: orgId, id }); return r ? map.toKey(r) : null; },
      listForAccounts: async (orgId, accountIds) =>
        (await keys.find({ where: { organization_id: orgId, service_account_id: In(accountIds) }, order: { id: 'ASC' } })).map(map.toKey),
      listForOrg: async (orgId, limit) =>
        (await keys.find({ where: { organization_id: orgId }, order: { id: 'ASC' }, take: limit })).map(map.toKey),
      getWithAccount: async (id) => {
        const key = await keys.findOneBy({ id });
        if (!key) return null;
        const account = await accounts.findOneBy({ id: key.service_account_id });
        return account ? { key: map.toKey(key), account: map.toAccount(account) } : null;
      },
      touch: async (id, lastUsedAt) => void (await keys.update({ id }, { last_used_at: lastUsedAt })),
    },
    accessTokens: {
      insert: async (t) => void (await tokens.insert(map.fromAccessToken(t))),
      getWithKey: async (id) => {
        const token = await tokens.findOneBy({ id });
        if (!token) return null;
        const key = await keys.findOneBy({ id: token.key_id });
        const account = key ? await accounts.findOneBy({ id: key.service_account_id }) : null;
        return key && account ? { token: map.toAccessToken(token), key: map.toKey(key), account: map.toAccount(account) } : null;
      },
      revoke: async (id, at) => void (await tokens.update({ id }, { revoked_at: at })),
      deleteExpired: async (before) => void (await tokens.delete({ expires_at: LessThan(before) })),
    },
    audit: {
      insert: async (e) => void (await audit.insert(map.fromAuditEvent(e))),
      listForAccount: async (orgId, accountId, limit, afterId) => {
        const qb = audit.createQueryBuilder('e').where('e.organization_id = :orgId AND e.service_account_id = :accountId', { orgId, accountId });
        if (afterId) qb.andWhere('e.id > :afterId', { afterId });
        return (await qb.orderBy('e.id', 'ASC').limit(limit).getMany()).map(map.toAuditEvent);
      },
    },
    idempotency: {
      claim: async (r) => {
        const inserted: unknown[] = await m.query(
          `INSERT INTO idempotency_records (id, fingerprint, state, status, headers, body, created_at, expires_at)
           VALUES (${[1, 2, 3, 4, 5, 6, 7, 8].map(placeholder).join(', ')}) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [r.id, r.fingerprint, r.state, r.status, r.headers, r.body, r.createdAt, r.expiresAt],
        );
        return inserted.length > 0;
      },
      get: async (id) => {
        const r = await idempotency.findOneBy({ id });
        return r ? {
          id: r.id, fingerprint: r.fingerprint, state: r.state === 'completed' ? 'completed' : 'pending', status: r.status,
          headers: r.headers, body: r.body, createdAt: r.created_at, expiresAt: r.expires_at,
        } : null;
      },
      complete: async (id, res) => void (await idempotency.update({ id }, { state: 'completed', status: res.status, headers: res.headers, body: res.body })),
      release: async (id) => void (await idempotency.delete({ id })),
      deleteExpired: async (before) => void (await idempotency.delete({ expires_at: LessThan(before) })),
    },
    rateLimits: {
      // One statement, so concurrent hits from several processes are all counted.
      hit: async (bucket, expiresAt) => {
        const rows: { count: number | string }[] = await m.query(
          `INSERT INTO rate_limits (bucket, count, expires_at) VALUES (${placeholder(1)}, 1, ${placeholder(2)})
           ON CONFLICT (bucket) DO UPDATE SET count = rate_limits.count + 1 RETURNING count`,
          [bucket, expiresAt],
        );
        return Number(rows[0].count);
      },
      current: async (bucket) => (await rateLimits.findOneBy({ bucket }))?.count ?? 0,
      deleteExpired: async (before) => void (await rateLimits.delete({ expires_at: LessThan(before) })),
    },
  };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
