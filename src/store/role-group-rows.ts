// The roles and groups repositories (issue 15) over one TypeORM EntityManager. Members and
// memberships are read for many groups or accounts in one statement, and when a view shows only the
// first n of each, each group or account reads only those rows (issue 25).
import { In, type EntityManager } from 'typeorm';
import type { GroupFilter, Repositories } from '../core/ports';
import { GroupEntity, GroupMemberEntity, RoleEntity } from './entities';
import { inChunks } from './in-chunks';
import * as map from './mappers';

export function roleRows(m: EntityManager): Repositories['roles'] {
  const roles = m.getRepository(RoleEntity);
  return {
    insert: async (r) => void (await roles.insert(map.fromRole(r))),
    update: async (r) => {
      const { id, organization_id, ...changes } = map.fromRole(r);
      await roles.update({ id, organization_id }, changes);
    },
    delete: async (orgId, id) => ((await roles.delete({ organization_id: orgId, id })).affected ?? 0) > 0,
    get: async (orgId, id) => {
      const r = await roles.findOneBy({ organization_id: orgId, id });
      return r ? map.toRole(r) : null;
    },
    list: async (orgId, page) =>
      (await roles.find({ where: { organization_id: orgId }, order: { id: 'ASC' }, take: page.limit, skip: page.offset })).map(map.toRole),
    getMany: async (orgId, ids) => (ids.length ? await roles.findBy({ organization_id: orgId, id: In(ids) }) : []).map(map.toRole),
    count: (orgId) => roles.countBy({ organization_id: orgId }),
  };
}

export function groupRows(m: EntityManager): Repositories['groups'] {
  const groups = m.getRepository(GroupEntity);
  const members = m.getRepository(GroupMemberEntity);
  return {
    insert: async (g) => void (await groups.insert(map.fromGroup(g))),
    update: async (g, expectedVersion) => {
      const { id, organization_id, ...changes } = map.fromGroup(g);
      return ((await groups.update({ id, organization_id, version: expectedVersion }, changes)).affected ?? 0) > 0;
    },
    delete: async (orgId, id) => ((await groups.delete({ organization_id: orgId, id })).affected ?? 0) > 0,
    get: async (orgId, id) => {
      const r = await groups.findOneBy({ organization_id: orgId, id });
      return r ? map.toGroup(r) : null;
    },
    list: async (orgId, page, filter = {}) =>
      (await filtered(orgId, filter).orderBy('g.id', 'ASC').limit(page.limit).offset(page.offset).getMany()).map(map.toGroup),
    all: async (orgId) => (await groups.find({ where: { organization_id: orgId }, order: { id: 'ASC' } })).map(map.toGroup),
    getMany: async (orgId, ids) =>
      (await inChunks(ids, (chunk) => groups.findBy({ organization_id: orgId, id: In(chunk) }))).map(map.toGroup),
    count: (orgId, filter = {}) => filtered(orgId, filter).getCount(),
    members: async (orgId, groupId, page) =>
      (
        await members.find({
          where: { organization_id: orgId, group_id: groupId },
          order: { service_account_id: 'ASC' },
          ...(page ? { take: page.limit, skip: page.offset } : {}),
        })
      ).map((r) => r.service_account_id),
    membersOf: (orgId, groupIds, limit) => related(m, { parent: 'group_id', child: 'service_account_id' }, orgId, groupIds, limit),
    addMembers: async (orgId, groupId, accountIds) => {
      if (!accountIds.length) return;
      const present = new Set(
        (await members.findBy({ group_id: groupId, service_account_id: In(accountIds) })).map((r) => r.service_account_id),
      );
      const rows = accountIds
        .filter((id) => !present.has(id))
        .map((id) => ({ group_id: groupId, service_account_id: id, organization_id: orgId }));
      if (rows.length) await members.insert(rows);
    },
    removeMembers: async (orgId, groupId, accountIds) => {
      await inChunks(accountIds, async (chunk) => {
        await members.delete({ organization_id: orgId, group_id: groupId, service_account_id: In(chunk) });
        return [];
      });
    },
    membershipsOf: (orgId, accountIds, limit) => related(m, { parent: 'service_account_id', child: 'group_id' }, orgId, accountIds, limit),
  };

  function filtered(orgId: string, filter: GroupFilter) {
    const qb = groups.createQueryBuilder('g').where('g.organization_id = :orgId', { orgId });
    if (filter.memberId !== undefined) {
      qb.andWhere('EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id = g.id AND gm.service_account_id = :memberId)', {
        memberId: filter.memberId,
      });
    }
    return qb;
  }
}

type Side = 'group_id' | 'service_account_id';

/** SQLite: parents per statement (each one a subquery of its own). */
const PARENTS_PER_STATEMENT = 100;

/**
 * The children (members of groups, or groups of accounts) of each parent, in id order: all of them
 * in one statement, or the first `limit` of each, which each parent reads alone through an index
 * (PostgreSQL: one LATERAL statement; SQLite: one UNION ALL of LIMITed subqueries per 100 parents).
 */
async function related(
  m: EntityManager,
  { parent, child }: { parent: Side; child: Side },
  orgId: string,
  parents: string[],
  limit?: number,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(parents.map((id) => [id, []]));
  if (!parents.length) return out;
  const rows: { parent: string; child: string }[] = [];
  if (limit === undefined) {
    const found = await inChunks(parents, (chunk) =>
      m.getRepository(GroupMemberEntity).find({ where: { organization_id: orgId, [parent]: In(chunk) } }),
    );
    rows.push(...found.map((r) => ({ parent: r[parent], child: r[child] })));
  } else if (m.connection.options.type === 'postgres') {
    rows.push(
      ...(await m.query(
        `SELECT p.id AS parent, x.${child} AS child FROM unnest($2::varchar[]) AS p(id)
         CROSS JOIN LATERAL (SELECT ${child} FROM group_members WHERE organization_id = $1 AND ${parent} = p.id ORDER BY ${child} LIMIT $3) x`,
        [orgId, parents, limit],
      )),
    );
  } else {
    for (let at = 0; at < parents.length; at += PARENTS_PER_STATEMENT) {
      const chunk = parents.slice(at, at + PARENTS_PER_STATEMENT);
      const one = `SELECT * FROM (SELECT ${parent} AS parent, ${child} AS child FROM group_members
        WHERE organization_id = ? AND ${parent} = ? ORDER BY ${child} LIMIT ?)`;
      rows.push(
        ...(await m.query(
          chunk.map(() => one).join(' UNION ALL '),
          chunk.flatMap((id) => [orgId, id, limit]),
        )),
      );
    }
  }
  for (const r of rows) out.get(r.parent)?.push(r.child);
  // Each list in id order whatever order the rows came in (code points, as every id is lower-case hex).
  for (const list of out.values()) list.sort();
  return out;
}
