// Compound documents: the account resources plus, with `include=keys`, their keys in `included`.
import type { AccountView } from '../../src/core/model';
import type { V3Urls } from './links';
import type { ResourceOptions } from './query';
import { groupResource } from './iam-resources';
import { accountResource, keyResource, visibleKeys, type ResourceObject } from './resources';

/** `effective`: single-resource responses show the account's effective permissions in `meta`. */
export function accountsWithKeys(views: AccountView[], urls: V3Urls, options: ResourceOptions, effective = false) {
  const data = views.map((v) => accountResource(v, urls, options.fields, effective));
  const included: ResourceObject[] = [];
  if (options.include.has('keys')) {
    included.push(
      ...views.flatMap((v) => visibleKeys(v.keys).map((k) => keyResource(k, { clientId: v.account.clientId }, urls, options.fields))),
    );
  }
  if (options.include.has('groups')) {
    // A group shared by several accounts is included once.
    const groups = new Map(views.flatMap((v) => v.groups ?? []).map((g) => [g.group.id, g]));
    included.push(...[...groups.values()].map((g) => groupResource(g, urls, options.fields)));
  }
  return included.length || options.include.size ? { data, included } : { data };
}
