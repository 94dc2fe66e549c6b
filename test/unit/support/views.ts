// Core results as the use cases return them (an account view, key views, an issued key), for unit
// tests of the dialects' mappers and resources: no store, no server.
import {
  viewKey,
  type AccountView,
  type IssuedKey,
  type Key,
  type KeyView,
  type ServiceAccount,
  type Workspace,
} from '../../../src/core/model';
import { accountRow, keyRow } from '../../support/model-rows';

export const NOW = new Date('2030-06-01T00:00:00.000Z');

export function keyView(account: ServiceAccount, fields: Partial<Key> = {}): KeyView {
  return viewKey(keyRow(account, fields), NOW);
}

export function accountView(fields: Partial<ServiceAccount> = {}, keys: Partial<Key>[] = [{}], workspaces: Workspace[] = []): AccountView {
  const account = accountRow('0198f0a0-0000-7000-8000-00000000000f', fields);
  return { account, keys: keys.map((k) => keyView(account, k)), workspaces: new Map(workspaces.map((w) => [w.id, w])) };
}

export function issued(view: AccountView, secret = 'iamg_secret'): IssuedKey {
  const { account } = view;
  return { key: view.keys[0], secret, account: { id: account.id, clientId: account.clientId, version: account.version } };
}
