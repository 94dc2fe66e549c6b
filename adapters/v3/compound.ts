// Compound documents: the primary resources plus, with `include`, the resources their relationships
// name, in `included`. A relationship names at most MAX_RELATED resources, and a document includes
// at most MAX_INCLUDED, read in one core call whatever their number (issue 25: one query per
// included account, each reading its groups' members, held the database for seconds). Past
// MAX_INCLUDED the relationships stop naming more and say so (`meta.truncated`), so that every
// included resource is named and every named one included.
import type { IamCore, Principal } from '../../src/core';
import { MAX_RELATED, related, type AccountView, type GroupView, type Related } from '../../src/core/model';
import type { V3Urls } from './links';
import type { ResourceOptions } from './query';
import { groupResource } from './iam-resources';
import { accountResource, keyResource, visibleKeys, type ResourceObject } from './resources';

/** The most resources one document includes. */
export const MAX_INCLUDED = 1000;

/** Who reads the included resources: the request's core and caller. */
export interface Reader {
  core: IamCore;
  principal: Principal;
}

/** The relationships as shown once together they name at most MAX_INCLUDED resources, and those resources' ids. */
export function withinIncluded(relationships: Related[]): { shown: Related[]; ids: string[] } {
  const named = new Set<string>();
  const shown = relationships.map((r): Related => {
    const ids: string[] = [];
    for (const id of r.ids) {
      if (!named.has(id) && named.size === MAX_INCLUDED) return { ids, truncated: true };
      named.add(id);
      ids.push(id);
    }
    return { ids, truncated: r.truncated };
  });
  return { shown, ids: [...named] };
}

/** `effective`: single-resource responses show the account's effective permissions in `meta`. */
export async function accountsWithKeys(views: AccountView[], urls: V3Urls, options: ResourceOptions, reader: Reader, effective = false) {
  let shown = views;
  const included: ResourceObject[] = [];
  if (options.include.has('keys')) {
    included.push(
      ...views.flatMap((v) =>
        visibleKeys(v.keys)
          .slice(0, MAX_RELATED)
          .map((k) => keyResource(k, { clientId: v.account.clientId }, urls, options.fields)),
      ),
    );
  }
  if (options.include.has('groups')) {
    // A group shared by several accounts is included once.
    const groups = withinIncluded(views.map((v) => v.groups ?? related([])));
    shown = views.map((v, i) => (v.groups ? { ...v, groups: groups.shown[i] } : v));
    const found = await reader.core.getGroups(reader.principal, groups.ids);
    included.push(...found.map((g) => groupResource(g, urls, options.fields)));
  }
  const data = shown.map((v) => accountResource(v, urls, options.fields, effective));
  return included.length || options.include.size ? { data, included } : { data };
}

/** Groups and, with `include=service_accounts`, their members' resources. */
export async function groupsWithMembers(views: GroupView[], urls: V3Urls, options: ResourceOptions, reader: Reader) {
  if (!options.include.has('service_accounts')) {
    const data = views.map((g) => groupResource(g, urls, options.fields));
    return options.include.size ? { data, included: [] } : { data };
  }
  const members = withinIncluded(views.map((v) => v.members));
  const data = views.map((v, i) => groupResource({ ...v, members: members.shown[i] }, urls, options.fields));
  const accounts = await reader.core.getAccounts(reader.principal, members.ids, { groups: true });
  return { data, included: accounts.map((v) => accountResource(v, urls, options.fields)) };
}
