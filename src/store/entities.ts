// Table rows as TypeORM sees them. EntitySchema keeps TypeORM out of the core's types;
// mappers.ts turns rows into core records and back.
import { EntitySchema } from 'typeorm';

export interface OrganizationRow {
  id: string;
  name: string;
  created_at: string;
}
export interface WorkspaceRow {
  id: string;
  organization_id: string;
  name: string;
  name_key: string;
  created_at: string;
}
export interface AccountRow {
  id: string;
  organization_id: string;
  name: string;
  name_key: string;
  description: string | null;
  role: string;
  permissions: string;
  workspace_assignments: string;
  status: string;
  disabled_at: string | null;
  email: string;
  client_id: string;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  version: number;
  /** Written only by the inheritance recompute (never by an account update: see mappers.fromAccount). */
  inherited_permissions?: string;
}
export interface KeyRow {
  id: string;
  organization_id: string;
  service_account_id: string;
  name: string | null;
  description: string | null;
  secret_hash: string;
  secret_prefix: string;
  scopes: string;
  scopes_explicit: boolean;
  read_only: boolean;
  enabled: boolean;
  expires_at: string | null;
  last_used_at: string | null;
  created_at: string;
  revoked_at: string | null;
}

const id = { type: 'varchar', length: 36, primary: true } as const;
const ref = { type: 'varchar', length: 36 } as const;
const time = { type: 'varchar', length: 30 } as const;
const optionalTime = { ...time, nullable: true } as const;

export const OrganizationEntity = new EntitySchema<OrganizationRow>({
  name: 'Organization',
  tableName: 'organizations',
  columns: { id, name: { type: 'varchar', length: 200 }, created_at: time },
});

export const WorkspaceEntity = new EntitySchema<WorkspaceRow>({
  name: 'Workspace',
  tableName: 'workspaces',
  columns: {
    id,
    organization_id: ref,
    name: { type: 'varchar', length: 200 },
    name_key: { type: 'varchar', length: 400 },
    created_at: time,
  },
});

export const AccountEntity = new EntitySchema<AccountRow>({
  name: 'ServiceAccount',
  tableName: 'service_accounts',
  columns: {
    id,
    organization_id: ref,
    name: { type: 'varchar', length: 200 },
    name_key: { type: 'varchar', length: 400 },
    description: { type: 'text', nullable: true },
    role: { type: 'varchar', length: 20 },
    permissions: { type: 'text' },
    workspace_assignments: { type: 'text' },
    status: { type: 'varchar', length: 10 },
    disabled_at: optionalTime,
    email: { type: 'varchar', length: 255 },
    client_id: ref,
    created_at: time,
    created_by: { ...ref, nullable: true },
    updated_at: time,
    version: { type: 'integer' },
    inherited_permissions: { type: 'text', default: '[]' },
  },
});

export const KeyEntity = new EntitySchema<KeyRow>({
  name: 'Key',
  tableName: 'keys',
  columns: {
    id,
    organization_id: ref,
    service_account_id: ref,
    name: { type: 'varchar', length: 200, nullable: true },
    description: { type: 'text', nullable: true },
    secret_hash: { type: 'varchar', length: 100 },
    secret_prefix: { type: 'varchar', length: 20 },
    scopes: { type: 'text' },
    scopes_explicit: { type: 'boolean' },
    read_only: { type: 'boolean' },
    enabled: { type: 'boolean' },
    expires_at: optionalTime,
    last_used_at: optionalTime,
    created_at: time,
    revoked_at: optionalTime,
  },
});

export interface AccessTokenRow {
  id: string;
  organization_id: string;
  service_account_id: string;
  key_id: string;
  token_hash: string;
  scopes: string;
  narrowed: boolean;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}
export interface RateLimitRow {
  bucket: string;
  count: number;
  expires_at: string;
}

export const AccessTokenEntity = new EntitySchema<AccessTokenRow>({
  name: 'AccessToken',
  tableName: 'access_tokens',
  columns: {
    id,
    organization_id: ref,
    service_account_id: ref,
    key_id: ref,
    token_hash: { type: 'varchar', length: 64 },
    scopes: { type: 'text' },
    narrowed: { type: 'boolean' },
    created_at: time,
    expires_at: time,
    revoked_at: optionalTime,
  },
});

export const RateLimitEntity = new EntitySchema<RateLimitRow>({
  name: 'RateLimit',
  tableName: 'rate_limits',
  columns: { bucket: { type: 'varchar', length: 300, primary: true }, count: { type: 'integer' }, expires_at: time },
});

export interface IdempotencyRow {
  id: string;
  fingerprint: string;
  state: string;
  status: number | null;
  headers: string | null;
  body: string | null;
  authority: string | null;
  created_at: string;
  expires_at: string;
}

export const IdempotencyEntity = new EntitySchema<IdempotencyRow>({
  name: 'IdempotencyRecord',
  tableName: 'idempotency_records',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    fingerprint: { type: 'varchar', length: 64 },
    state: { type: 'varchar', length: 10 },
    status: { type: 'integer', nullable: true },
    headers: { type: 'text', nullable: true },
    body: { type: 'text', nullable: true },
    authority: { type: 'text', nullable: true },
    created_at: time,
    expires_at: time,
  },
});

export interface AuditRow {
  id: string;
  organization_id: string;
  actor_id: string | null;
  actor_key_id: string | null;
  dialect: string;
  action: string;
  target_type: string;
  target_id: string;
  service_account_id: string | null;
  request_id: string | null;
  changes: string;
  created_at: string;
  audit_values: string | null;
  target_name: string | null;
  client_ip: string | null;
  user_agent: string | null;
  principal_type: string | null;
}

export const AuditEntity = new EntitySchema<AuditRow>({
  name: 'AuditEvent',
  tableName: 'audit_events',
  columns: {
    id,
    organization_id: ref,
    actor_id: { ...ref, nullable: true },
    actor_key_id: { ...ref, nullable: true },
    dialect: { type: 'varchar', length: 20 },
    action: { type: 'varchar', length: 60 },
    target_type: { type: 'varchar', length: 30 },
    target_id: ref,
    service_account_id: { ...ref, nullable: true },
    request_id: { type: 'varchar', length: 128, nullable: true },
    changes: { type: 'text' },
    created_at: time,
    audit_values: { type: 'text', nullable: true },
    target_name: { type: 'varchar', length: 400, nullable: true },
    client_ip: { type: 'varchar', length: 64, nullable: true },
    user_agent: { type: 'varchar', length: 512, nullable: true },
    principal_type: { type: 'varchar', length: 30, nullable: true },
  },
});

export interface RoleRow {
  id: string;
  organization_id: string;
  name: string;
  name_key: string;
  description: string | null;
  permissions: string;
  created_at: string;
  updated_at: string;
}
export interface GroupRow {
  id: string;
  organization_id: string;
  name: string;
  name_key: string;
  description: string | null;
  bindings: string;
  created_at: string;
  updated_at: string;
  version: number;
}
export interface GroupMemberRow {
  group_id: string;
  service_account_id: string;
  organization_id: string;
}

const named = {
  name: { type: 'varchar', length: 200 },
  name_key: { type: 'varchar', length: 400 },
  description: { type: 'text', nullable: true },
} as const;

export const RoleEntity = new EntitySchema<RoleRow>({
  name: 'Role',
  tableName: 'roles',
  columns: { id, organization_id: ref, ...named, permissions: { type: 'text' }, created_at: time, updated_at: time },
});

export const GroupEntity = new EntitySchema<GroupRow>({
  name: 'Group',
  tableName: 'groups',
  columns: {
    id,
    organization_id: ref,
    ...named,
    bindings: { type: 'text' },
    created_at: time,
    updated_at: time,
    version: { type: 'integer' },
  },
});

export const GroupMemberEntity = new EntitySchema<GroupMemberRow>({
  name: 'GroupMember',
  tableName: 'group_members',
  columns: { group_id: { ...ref, primary: true }, service_account_id: { ...ref, primary: true }, organization_id: ref },
});

export const ENTITIES = [
  AuditEntity,
  OrganizationEntity,
  WorkspaceEntity,
  AccountEntity,
  KeyEntity,
  AccessTokenEntity,
  RateLimitEntity,
  IdempotencyEntity,
  RoleEntity,
  GroupEntity,
  GroupMemberEntity,
];
