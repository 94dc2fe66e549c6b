// The roles and groups repositories (issue 15) over one TypeORM EntityManager.
import { In, type EntityManager } from 'typeorm';
import type { Repositories } from '../core/ports';
import { GroupEntity, GroupMemberEntity, RoleEntity } from './entities';
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
    list: async (orgId, page) =>
      (await groups.find({ where: { organization_id: orgId }, order: { id: 'ASC' }, take: page.limit, skip: page.offset })).map(
        map.toGroup,
      ),
    all: async (orgId) => (await groups.find({ where: { organization_id: orgId }, order: { id: 'ASC' } })).map(map.toGroup),
    getMany: async (orgId, ids) => (ids.length ? await groups.findBy({ organization_id: orgId, id: In(ids) }) : []).map(map.toGroup),
    count: (orgId) => groups.countBy({ organization_id: orgId }),
    members: async (orgId, groupId) =>
      (await members.find({ where: { organization_id: orgId, group_id: groupId }, order: { service_account_id: 'ASC' } })).map(
        (r) => r.service_account_id,
      ),
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
      if (accountIds.length) await members.delete({ organization_id: orgId, group_id: groupId, service_account_id: In(accountIds) });
    },
    membershipsOf: async (orgId, accountIds) => {
      const out = new Map<string, string[]>(accountIds.map((id) => [id, []]));
      if (!accountIds.length) return out;
      const rows = await members.find({
        where: { organization_id: orgId, service_account_id: In(accountIds) },
        order: { group_id: 'ASC' },
      });
      for (const r of rows) out.get(r.service_account_id)?.push(r.group_id);
      return out;
    },
  };
}
