// Compound documents: the account resources plus, with `include=keys`, their keys in `included`.
import type { AccountView } from '../../src/core/model';
import type { V3Urls } from './links';
import type { ResourceOptions } from './query';
import { accountResource, keyResource, visibleKeys, type ResourceObject } from './resources';

export function accountsWithKeys(views: AccountView[], urls: V3Urls, options: ResourceOptions) {
  const data = views.map((v) => accountResource(v, urls, options.fields));
  if (!options.include.has('keys')) return { data };
  const included: ResourceObject[] = views.flatMap((v) =>
    visibleKeys(v.keys).map((k) => keyResource(k, { clientId: v.account.clientId }, urls, options.fields)));
  return { data, included };
}
