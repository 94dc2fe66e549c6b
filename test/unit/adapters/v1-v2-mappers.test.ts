// v1 and v2 mappers: wire bodies to core requests, core results to wire shapes, field by field.
import * as v1 from '../../../adapters/v1/mapper';
import * as v2 from '../../../adapters/v2/mapper';
import { decodeOffset, decodeToken, encodeOffset, encodeToken } from '../../../adapters/v2/continuation';
import { wireField } from '../../../adapters/v2/errors';
import type { Principal } from '../../../src/core/authorization';
import { accountView, issued } from '../support/views';

describe('v1', () => {
  test('when a v1 body creates an account, then it asks for no first key and a missing description is null', () => {
    expect(v1.toCreateRequest({ name: 'Bot', permissions: ['a:read'] })).toEqual({
      name: 'Bot',
      description: null,
      permissions: ['a:read'],
      firstKey: null,
    });
  });

  test('when a v1 update names some fields, then only those change; v1 never touches roles or workspaces', () => {
    expect(v1.toChanges({ description: null })).toEqual({ description: null });
    expect(v1.toChanges({ name: 'N', permissions: [] })).toEqual({ name: 'N', permissions: [] });
  });

  test('when a v1 key is asked for with scope "read", then it is a read-only key; otherwise a read-write one', () => {
    expect(v1.toKeyRequest({ serviceAccountId: 'a', scope: 'read' })).toEqual({ name: null, description: null, readOnly: true });
    expect(v1.toKeyRequest({ serviceAccountId: 'a', name: 'k' })).toMatchObject({ name: 'k', readOnly: false });
  });

  test('when a key is issued through v1, then the response has the secret, the client id and the key, and no hash', () => {
    const view = accountView({}, [{ readOnly: true, enabled: false, name: 'ro' }]);
    const body = v1.renderIssuedApiKey(issued(view, 'iamg_s3cret'));
    expect(body).toEqual({
      id: view.keys[0].id,
      key: 'iamg_s3cret',
      clientId: view.account.clientId,
      name: 'ro',
      description: null,
      scope: 'read',
      enabled: false,
      serviceAccountId: view.account.id,
      createdAt: view.keys[0].createdAt,
      expiresAt: null,
    });
    expect(v1.renderApiKey(view.keys[0])).not.toHaveProperty('key');
  });

  test('when an account is rendered for v1, then it lists its own fields and no roles, keys or email', () => {
    const view = accountView({ role: 'Admin', status: 'disabled', disabledAt: '2030-01-02T00:00:00.000Z' });
    expect(Object.keys(v1.renderAccount(view)).sort()).toEqual(
      ['createdAt', 'createdBy', 'description', 'disabledAt', 'id', 'name', 'organizationId', 'permissions', 'status', 'updatedAt'].sort(),
    );
    expect(v1.renderAccount(view).status).toBe('disabled');
  });

  test('when whoami is rendered for a read-only key, then it shows only the read permissions the key can use', () => {
    const view = accountView({ permissions: ['a:read', 'a:write'] });
    const p: Principal = {
      accountId: view.account.id,
      organizationId: 'o',
      role: 'Member',
      keyId: 'k',
      scopes: ['a:read', 'a:write'],
      capped: false,
      readOnly: true,
    };
    expect(v1.renderWhoami(p, view)).toMatchObject({ permissions: ['a:read'], scope: 'read', keyId: 'k' });
  });

  test.each([
    ['ACME Corp.', 'acme-corp'],
    ['  Ünïcödé  Café! ', 'unicode-cafe'],
    ['日本', 'org'],
  ])('when an organization is named %j, then its v1 slug is %j', (name, slug) => {
    expect(v1.slugOf(name)).toBe(slug);
  });
});

describe('v2', () => {
  test("when a v2 body creates an account, then its scopes are the account's permissions and its first credential follows them", () => {
    expect(
      v2.toCreateRequest({ name: 'Bot', scopes: ['a:read'], organizationalRole: 'UserAdmin', expirationDate: '2031-01-01T00:00:00Z' }),
    ).toEqual({
      name: 'Bot',
      description: null,
      role: 'UserAdmin',
      workspaceAssignments: [],
      permissions: ['a:read'],
      firstKey: { expiresAt: '2031-01-01T00:00:00Z' },
    });
  });

  test('when a v2 PUT sends null or leaves a field out, then that field is left as it is', () => {
    expect(v2.toChanges({ name: null, description: 'd', organizationalRole: null, workspaceAssignments: null })).toEqual({
      description: 'd',
    });
    expect(v2.toKeyRequest(null)).toEqual({ expiresAt: null, scopes: undefined });
    expect(v2.toKeyRequest({ scopes: ['a:read'] })).toEqual({ expiresAt: null, scopes: ['a:read'] });
  });

  test("when an account is rendered for v2, then its newest usable credential's prefix and expiry, and its latest use, are shown", () => {
    const ws = { id: '0198f0a0-0000-7000-8000-0000000000aa', organizationId: 'o', name: 'Prod', createdAt: '2030-01-01T00:00:00.000Z' };
    const view = accountView(
      {
        workspaceAssignments: [
          { workspaceId: ws.id, role: 'Reader' },
          { workspaceId: 'gone', role: 'Owner' },
        ],
      },
      [
        { secretPrefix: 'iamg_first', lastUsedAt: '2030-05-02T00:00:00.000Z' },
        { secretPrefix: 'iamg_newer', expiresAt: '2031-01-01T00:00:00.000Z', lastUsedAt: '2030-05-01T00:00:00.000Z' },
        { secretPrefix: 'iamg_revok', revokedAt: '2030-01-01T00:00:00.000Z' },
      ],
      [ws],
    );
    const body = v2.renderAccount(view);
    expect(body).toMatchObject({
      accountId: view.account.organizationId,
      isActive: true,
      clientSecretPrefix: 'iamg_newer',
      credentialExpirationDate: '2031-01-01T00:00:00.000Z',
      lastUsedAt: '2030-05-02T00:00:00.000Z',
      workspaceAssignments: [
        { workspaceId: ws.id, workspaceName: 'Prod', role: 'Reader' },
        { workspaceId: 'gone', workspaceName: null, role: 'Owner' },
      ],
    });
    expect(body.credentials.map((c) => c.status)).toEqual(['Active', 'Active', 'Revoked']);
    expect(JSON.stringify(body)).not.toContain('secretHash');
  });

  test('when a credential is issued through v2, then the client id and secret come with it', () => {
    const view = accountView();
    expect(v2.renderIssuedCredential(issued(view, 'iamg_x'))).toMatchObject({
      clientId: view.account.clientId,
      clientSecret: 'iamg_x',
      id: view.keys[0].id,
    });
    expect(v2.renderCreatedAccount(view, issued(view, 'iamg_y'))).toMatchObject({ clientSecret: 'iamg_y', id: view.account.id });
  });

  test("when a core field is named in a v2 error, then it reads in v2's words, index and path kept", () => {
    expect(wireField('permissions[2]')).toBe('scopes[2]');
    expect(wireField('expiresAt')).toBe('expirationDate');
    expect(wireField('workspaceAssignments[0].role')).toBe('workspaceAssignments[0].role');
  });

  test('when a continuation token comes back with the filters it was made under, then it gives the last id; otherwise it is a 400', () => {
    const after = '0198f0a0-0000-7000-8000-000000000001';
    const token = encodeToken(after, { isActive: true });
    expect(decodeToken(token, { isActive: true })).toBe(after);
    for (const [t, filter] of [
      [token, { isActive: false }],
      ['not base64 json', {}],
      [encodeToken('robert); drop table', {}), {}],
    ] as const) {
      expect(() => decodeToken(t, filter)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_ERROR', fields: [expect.objectContaining({ field: 'continuationToken' })] }),
      );
    }
    expect(decodeOffset(encodeOffset(40, { d: 1 }), { d: 1 })).toBe(40);
    expect(() => decodeOffset(token, { isActive: true })).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
  });
});
