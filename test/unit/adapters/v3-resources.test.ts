// v3 (JSON:API) resource objects from core results: every member named, sparse fieldsets, links.
import { groupResource, roleResource } from '../../../adapters/v3/iam-resources';
import { V3Urls } from '../../../adapters/v3/links';
import { accountResource, keyResource, visibleKeys } from '../../../adapters/v3/resources';
import { BUILTIN_ROLES } from '../../../src/core/builtin-roles';
import type { Group } from '../../../src/core/model';
import { accountView, keyView } from '../support/views';

const ORG = '0198f0a0-0000-7000-8000-00000000000f';
const urls = new V3Urls('https://iam.example', ORG);
const BASE = `https://iam.example/v3/orgs/${ORG}/iam`;

test('when an account is a resource, then it shows its attributes, its live keys as a relationship, and its links', () => {
  const view = accountView({ name: 'Bot', description: null, status: 'disabled' }, [{}, { revokedAt: '2030-01-01T00:00:00.000Z' }]);
  const { account: a, keys } = view;
  expect(accountResource(view, urls)).toEqual({
    type: 'service-accounts',
    id: a.id,
    attributes: { name: 'Bot', description: null, enabled: false, email: a.email },
    meta: { created_at: a.createdAt, updated_at: a.updatedAt },
    relationships: {
      keys: {
        data: [{ type: 'service-account-keys', id: keys[0].id }],
        links: { self: `${BASE}/service-accounts/${a.id}/relationships/keys`, related: `${BASE}/service-accounts/${a.id}/keys` },
      },
    },
    links: { self: `${BASE}/service-accounts/${a.id}` },
  });
});

test('when only some fields are asked for, then other attributes and relationships are left out, meta and links stay', () => {
  const view = { ...accountView({ permissions: ['a:read'], inheritedPermissions: ['b:read'] }), groups: { ids: [], truncated: false } };
  const resource = accountResource(view, urls, { 'service-accounts': new Set(['name', 'groups']) }, true);
  expect(Object.keys(resource.attributes)).toEqual(['name']);
  expect(resource.relationships).toEqual({
    groups: { data: [], links: { related: `${BASE}/groups?filter%5Bservice_account%5D=${view.account.id}` } },
  });
  expect(resource.meta.effective_permissions).toEqual(['a:read', 'b:read']);
  expect(resource.links).toBeDefined();
});

test('when an account is in more groups than a view shows, then its groups relationship says it is truncated and links the rest', () => {
  const view = { ...accountView(), groups: { ids: ['g1', 'g2'], truncated: true } };
  const resource = accountResource(view, urls);
  expect(resource.relationships.groups).toEqual({
    data: [
      { type: 'groups', id: 'g1' },
      { type: 'groups', id: 'g2' },
    ],
    links: { related: `${BASE}/groups?filter%5Bservice_account%5D=${view.account.id}` },
    meta: { truncated: true },
  });
});

test("when a key is a resource, then it shows its account's client id, the secret only when given, and its account as a relationship", () => {
  const view = accountView();
  const key = view.keys[0];
  const plain = keyResource(key, { clientId: 'client-1' }, urls);
  expect(plain.attributes).toEqual({ client_id: 'client-1', enabled: true, created_at: key.createdAt });
  expect(plain.relationships['service-account']).toEqual({
    data: { type: 'service-accounts', id: view.account.id },
    links: { related: `${BASE}/service-accounts/${view.account.id}` },
  });
  expect(plain.links?.self).toBe(`${BASE}/service-accounts/${view.account.id}/keys/${key.id}`);
  expect(keyResource(key, { clientId: 'client-1', secret: 'iamg_s' }, urls).attributes.client_secret).toBe('iamg_s');
  expect(keyResource(key, { clientId: 'c' }, urls, { 'service-account-keys': new Set(['enabled']) }).attributes).toEqual({ enabled: true });
});

test('when keys are shown in v3, then revoked ones are gone and disabled or expired ones stay', () => {
  const view = accountView();
  const keys = [
    keyView(view.account, { revokedAt: '2030-01-01T00:00:00.000Z' }),
    keyView(view.account, { enabled: false }),
    keyView(view.account, { expiresAt: '2030-01-01T00:00:00.000Z' }),
  ];
  expect(visibleKeys(keys).map((k) => k.status)).toEqual(['Disabled', 'Expired']);
});

test("when a role is a resource, then a built-in one links under /v3/iam/roles and a custom one under the organization's base", () => {
  const builtIn = roleResource(BUILTIN_ROLES[0], urls);
  expect(builtIn).toMatchObject({
    type: 'roles',
    attributes: { custom: false, launch_stage: 'GA' },
    links: { self: `https://iam.example/v3/iam/roles/${BUILTIN_ROLES[0].id}` },
  });
  const custom = roleResource({ ...BUILTIN_ROLES[0], id: 'r1', organizationId: ORG }, urls, { roles: new Set(['permissions']) });
  expect(custom.attributes).toEqual({ permissions: BUILTIN_ROLES[0].permissions });
  expect(custom.links?.self).toBe(`${BASE}/roles/r1`);
});

test('when a group is a resource, then its bindings name their roles and its members are a relationship', () => {
  const group: Group = {
    id: 'g1',
    organizationId: ORG,
    name: 'ops',
    description: null,
    bindings: [{ id: 'b1', roleId: 'r1' }],
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: '2030-01-02T00:00:00.000Z',
    version: 2,
  };
  expect(groupResource({ group, members: { ids: ['a1'], truncated: false } }, urls)).toEqual({
    type: 'groups',
    id: 'g1',
    attributes: { name: 'ops', description: null, bindings: [{ id: 'b1', role: 'r1' }] },
    meta: { created_at: group.createdAt, updated_at: group.updatedAt },
    relationships: {
      service_accounts: {
        data: [{ type: 'service-accounts', id: 'a1' }],
        links: { self: `${BASE}/groups/g1/relationships/service-accounts`, related: `${BASE}/service-accounts?filter%5Bgroup%5D=g1` },
      },
    },
    links: { self: `${BASE}/groups/g1` },
  });
});
