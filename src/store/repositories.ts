// The core's Repositories port, and the service's own tables (service-tables.ts), over one TypeORM
// EntityManager (plain or transactional).
import { In, type EntityManager } from 'typeorm';
import type { ServiceRepositories } from './service-tables';
import { AccountEntity, AuditEntity, IdempotencyEntity, KeyEntity, OrganizationEntity, WorkspaceEntity, type AccountRow } from './entities';
import { plainSql } from './plain-sql';
import { rateLimitRows } from './rate-limit-rows';
import { inChunks } from './in-chunks';
import { inheritedRows } from './inherited-rows';
import { groupRows, roleRows } from './role-group-rows';
import { overviewRows } from './overview-rows';
import { federatedCredentialRows, federationJtiRows } from './federation-rows';
import { hygieneRows } from './hygiene-rows';
import * as map from './mappers';
import { bindManager } from './manager-of';

export { managerOf } from './manager-of';

export function repositoriesFor(m: EntityManager): ServiceRepositories {
  const repos = repositoriesOn(m);
  bindManager(repos, m);
  return repos;
}

function repositoriesOn(m: EntityManager): ServiceRepositories {
  const orgs = m.getRepository(OrganizationEntity);
  const workspaces = m.getRepository(WorkspaceEntity);
  const accounts = m.getRepository(AccountEntity);
  const keys = m.getRepository(KeyEntity);
  const idempotency = m.getRepository(IdempotencyEntity);
  const audit = m.getRepository(AuditEntity);
  // Reads on every request's path and the inserts of tokens, accounts, keys and audit events skip
  // TypeORM's builders (see plain-sql.ts).
  const plain = plainSql(m, escapeLike);
  const { placeholder } = plain;
  const inheritance = inheritedRows(m, placeholder);

  const repos: ServiceRepositories = {
    organizations: {
      insert: async (org) => void (await orgs.insert(map.fromOrganization(org))),
      get: async (id) => {
        const r = await orgs.findOneBy({ id });
        return r ? map.toOrganization(r) : null;
      },
      count: () => orgs.count(),
      lock: (id) => plain.lockOrganization(id),
      list: async () => {
        const rows: { id: string; name: string; created_at: string; accounts: number | string }[] = await m.query(
          `SELECT o.id, o.name, o.created_at, COALESCE(c.count, 0) AS accounts
           FROM organizations o LEFT JOIN account_counts c ON c.organization_id = o.id ORDER BY o.id`,
        );
        return rows.map((r) => ({ ...map.toOrganization(r), accounts: Number(r.accounts) }));
      },
      // Held until the transaction ends; a key of its own, apart from the migration lock's.
      lockNames: async () => {
        if (m.connection.options.type === 'postgres')
          await m.query(`SELECT pg_advisory_xact_lock(${placeholder(1)})`, [ORGANIZATION_NAMES_LOCK]);
      },
    },
    workspaces: {
      insert: async (ws) => void (await workspaces.insert(map.fromWorkspace(ws))),
      list: async (orgId) => (await workspaces.find({ where: { organization_id: orgId }, order: { id: 'ASC' } })).map(map.toWorkspace),
      getMany: async (orgId, ids) => (await workspaces.findBy({ organization_id: orgId, id: In(ids) })).map(map.toWorkspace),
    },
    accounts: {
      // account_counts keeps each organization's total (v3 list pages) in step, in the same transaction.
      insert: async (a) => {
        await plain.insert('service_accounts', map.fromAccount(a));
        await plain.addToAccountCount(a.organizationId, 1);
      },
      update: async (a, expectedVersion) => {
        const { id, organization_id, ...changes } = map.fromAccount(a);
        const result = await accounts
          .createQueryBuilder()
          .update()
          .set(changes as Partial<AccountRow>)
          .where('id = :id AND organization_id = :orgId AND version = :expectedVersion', { id, orgId: organization_id, expectedVersion })
          .execute();
        return (result.affected ?? 0) > 0;
      },
      bumpVersion: async (orgId, id, updatedAt, expectedVersion) => {
        const bump = accounts
          .createQueryBuilder()
          .update()
          .set({ version: () => 'version + 1', updated_at: updatedAt })
          .where('id = :id AND organization_id = :orgId', { id, orgId });
        if (expectedVersion !== undefined) bump.andWhere('version = :expectedVersion', { expectedVersion });
        return ((await bump.execute()).affected ?? 0) > 0;
      },
      delete: async (orgId, id, expectedVersion) => {
        const where =
          expectedVersion === undefined ? { organization_id: orgId, id } : { organization_id: orgId, id, version: expectedVersion };
        const deleted = ((await accounts.delete(where)).affected ?? 0) > 0;
        if (deleted) await plain.addToAccountCount(orgId, -1);
        return deleted;
      },
      countUsableAdmins: (orgId, now) => plain.countUsableAdmins(orgId, now),
      setInherited: (orgId, inherited) => inheritance.setInherited(orgId, inherited),
      get: (orgId, id) => plain.account(orgId, id),
      getMany: async (orgId, ids) =>
        (await inChunks(ids, (chunk) => accounts.findBy({ organization_id: orgId, id: In(chunk) }))).map(map.toAccount),
      page: (orgId, q) => plain.page(orgId, q),
      count: (orgId, filter) => plain.count(orgId, filter),
      emailsStartingWith: async (orgId, local) =>
        (
          await accounts
            .createQueryBuilder('a')
            .select('a.email', 'email')
            .where('a.organization_id = :orgId AND a.email LIKE :pattern', { orgId, pattern: `${local}%` })
            .getRawMany<{ email: string }>()
        ).map((r) => r.email),
    },
    roles: roleRows(m),
    groups: groupRows(m),
    keys: {
      insert: (k) => plain.insert('keys', map.fromKey(k)),
      update: async (k) => {
        const { id, ...changes } = map.fromKey(k);
        await keys.update({ id }, changes);
      },
      followAccounts: (orgId, following) => inheritance.follow(orgId, following),
      get: async (orgId, id) => {
        const r = await keys.findOneBy({ organization_id: orgId, id });
        return r ? map.toKey(r) : null;
      },
      listForAccounts: (orgId, accountIds) => plain.keysOfAccounts(orgId, accountIds),
      page: async (orgId, q) => {
        const qb = keys.createQueryBuilder('k').where('k.organization_id = :orgId', { orgId });
        if (q.accountId !== undefined) qb.andWhere('k.service_account_id = :accountId', { accountId: q.accountId });
        if (q.excludeRevoked) qb.andWhere('k.revoked_at IS NULL');
        qb.orderBy('k.id', 'ASC');
        if (q.limit !== undefined) qb.limit(q.limit);
        if (q.offset) qb.offset(q.offset);
        return (await qb.getMany()).map(map.toKey);
      },
      getWithAccount: (id) => plain.keyWithAccount(id),
      touch: async (id, lastUsedAt) => void (await keys.update({ id }, { last_used_at: lastUsedAt })),
    },
    overview: overviewRows(m),
    federatedCredentials: federatedCredentialRows(m),
    federationJtis: federationJtiRows(m),
    accessTokens: {
      deleteExpired: (before, limit) => plain.deleteExpired('revoked_tokens', before, limit),
    },
    audit: {
      insert: (e) => plain.insert('audit_events', map.fromAuditEvent(e)),
      insertMany: (events) => plain.insertMany('audit_events', events.map(map.fromAuditEvent)),
      listForAccount: async (orgId, accountId, q) => {
        const qb = audit
          .createQueryBuilder('e')
          .where('e.organization_id = :orgId AND e.service_account_id = :accountId', { orgId, accountId });
        if (q.afterId) qb.andWhere('e.id > :afterId', { afterId: q.afterId });
        qb.orderBy('e.id', 'ASC').limit(q.limit);
        if (q.offset) qb.offset(q.offset);
        return (await qb.getMany()).map(map.toAuditEvent);
      },
      listForOrganization: async (orgId, q) => {
        const qb = audit.createQueryBuilder('e').where('e.organization_id = :orgId', { orgId });
        const f = q.filter ?? {};
        if (f.targetType) qb.andWhere('e.target_type = :targetType', { targetType: f.targetType });
        if (f.targetId) qb.andWhere('e.target_id = :targetId', { targetId: f.targetId });
        if (f.verb) qb.andWhere("e.action LIKE :verb ESCAPE '\\'", { verb: `%.${escapeLike(f.verb)}` });
        qb.orderBy('e.id', 'DESC').limit(q.limit);
        if (q.offset) qb.offset(q.offset);
        return (await qb.getMany()).map(map.toAuditEvent);
      },
    },
    idempotency: {
      claim: async (r) => {
        const inserted: unknown[] = await m.query(
          `INSERT INTO idempotency_records (id, fingerprint, state, status, headers, body, authority, created_at, expires_at)
           VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(placeholder).join(', ')}) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [r.id, r.fingerprint, r.state, r.status, r.headers, r.body, r.authority, r.createdAt, r.expiresAt],
        );
        return inserted.length > 0;
      },
      get: async (id) => {
        const r = await idempotency.findOneBy({ id });
        return r
          ? {
              id: r.id,
              fingerprint: r.fingerprint,
              state: r.state === 'completed' ? 'completed' : 'pending',
              status: r.status,
              headers: r.headers,
              body: r.body,
              authority: r.authority,
              createdAt: r.created_at,
              expiresAt: r.expires_at,
            }
          : null;
      },
      complete: async (id, res) =>
        void (await idempotency.update({ id }, { state: 'completed', status: res.status, headers: res.headers, body: res.body })),
      release: async (id) => void (await idempotency.delete({ id })),
      deleteExpired: (before, limit) => plain.deleteExpired('idempotency_records', before, limit),
    },
    rateLimits: rateLimitRows(m, placeholder),
    ...hygieneRows(m, placeholder),
  };
  return repos;
}

const ORGANIZATION_NAMES_LOCK = 7_311_043;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
