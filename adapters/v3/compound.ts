// Compound documents: the primary resources plus, with `include`, the resources their relationships
// name, in `included`. The catalogue's entry read those (src/core/catalogue/related-reads.ts, at most
// MAX_INCLUDED); past MAX_INCLUDED the relationships stop naming more and say so (`meta.truncated`),
// so that every included resource is named and every named one included.
import { withinIncluded } from '../../src/core/included';
import { MAX_RELATED, related, type AccountView, type GroupView } from '../../src/core/model';
import type { V3Urls } from './links';
import type { ResourceOptions } from './query';
import { groupResource } from './iam-resources';
import { accountResource, keyResource, visibleKeys, type ResourceObject } from './resources';

export { MAX_INCLUDED, withinIncluded } from '../../src/core/included';

/** `effective`: single-resource responses show the account's effective permissions in `meta`. */
export function accountsWithKeys(
  views: AccountView[],
  urls: V3Urls,
  options: ResourceOptions,
  includedGroups: GroupView[] = [],
  effective = false,
) {
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
    included.push(...includedGroups.map((g) => groupResource(g, urls, options.fields)));
  }
  const data = shown.map((v) => accountResource(v, urls, options.fields, effective));
  return included.length || options.include.size ? { data, included } : { data };
}

/** Groups and, with `include=service_accounts`, their members' resources. */
export function groupsWithMembers(views: GroupView[], urls: V3Urls, options: ResourceOptions, includedAccounts: AccountView[] = []) {
  if (!options.include.has('service_accounts')) {
    const data = views.map((g) => groupResource(g, urls, options.fields));
    return options.include.size ? { data, included: [] } : { data };
  }
  const members = withinIncluded(views.map((v) => v.members));
  const data = views.map((v, i) => groupResource({ ...v, members: members.shown[i] }, urls, options.fields));
  return { data, included: includedAccounts.map((v) => accountResource(v, urls, options.fields)) };
}
