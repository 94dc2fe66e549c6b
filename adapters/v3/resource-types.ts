// The v3 resource types and the fields (attributes and relationships) each one shows;
// sparse fieldsets and include paths are checked against these lists.

export const ACCOUNT_TYPE = 'service-accounts';
export const KEY_TYPE = 'service-account-keys';
export const LOG_TYPE = 'logs';
export const ROLE_TYPE = 'roles';
export const GROUP_TYPE = 'groups';
export const AUDIT_EVENT_TYPE = 'audit-events';
export const PERMISSION_TYPE = 'permissions';
export const ORGANISATION_TYPE = 'organisations';
/** Ctrl-Hub's figures (issue 26): one resource per organization, its id the organization's. */
export const MEMBER_STATS_TYPE = 'members-stats';
export const ACCOUNT_STATS_TYPE = 'service-accounts-stats';
/** A service account's trust rules for outside OIDC tokens (issue 31). */
export const FEDERATED_TYPE = 'federated-credentials';
/** Issue 32: the organization's credential policy (one, its id the organization's), webhooks and their deliveries. */
export const POLICY_TYPE = 'credential-policies';
export const WEBHOOK_TYPE = 'webhooks';
export const DELIVERY_TYPE = 'webhook-deliveries';
/** Ctrl-Hub's people; iamgate has none, so a `users` identifier is refused by name (422). */
export const USER_TYPE = 'users';
export type ResourceType =
  | typeof ACCOUNT_TYPE
  | typeof KEY_TYPE
  | typeof LOG_TYPE
  | typeof ROLE_TYPE
  | typeof GROUP_TYPE
  | typeof AUDIT_EVENT_TYPE
  | typeof PERMISSION_TYPE
  | typeof ORGANISATION_TYPE
  | typeof FEDERATED_TYPE
  | typeof POLICY_TYPE
  | typeof WEBHOOK_TYPE
  | typeof DELIVERY_TYPE;

export const FIELDS: Record<ResourceType, readonly string[]> = {
  [ACCOUNT_TYPE]: ['name', 'description', 'enabled', 'email', 'keys', 'groups', 'federated-credentials'],
  [KEY_TYPE]: ['client_id', 'enabled', 'created_at', 'client_secret', 'service-account'],
  // Ctrl-Hub names `actor` both an attribute and a relationship; one name selects both.
  [LOG_TYPE]: ['actor', 'duration', 'request', 'response', 'service_account'],
  [AUDIT_EVENT_TYPE]: ['time', 'operation', 'resource', 'values', 'principal', 'request_id', 'context', 'organisation'],
  [ROLE_TYPE]: ['name', 'description', 'custom', 'launch_stage', 'permissions'],
  [GROUP_TYPE]: ['name', 'description', 'bindings', 'service_accounts'],
  [PERMISSION_TYPE]: ['name', 'description', 'category', 'component', 'verb'],
  [ORGANISATION_TYPE]: ['name'],
  [FEDERATED_TYPE]: ['name', 'issuer', 'subject', 'audiences', 'claims', 'jwks', 'allow_token_reuse', 'service-account'],
  [POLICY_TYPE]: ['max_key_lifetime_days', 'disable_unused_keys_after_days', 'warn_before_expiry_days'],
  [WEBHOOK_TYPE]: ['url', 'events', 'description', 'enabled', 'disabled_reason', 'secret'],
  [DELIVERY_TYPE]: [
    'event_type',
    'audit_event_id',
    'state',
    'attempts',
    'next_attempt_at',
    'last_attempt_at',
    'last_status',
    'last_error',
    'finished_at',
  ],
};

/** Relationship paths `include` accepts, per primary type. */
export const INCLUDE_PATHS: Record<ResourceType, readonly string[]> = {
  [ACCOUNT_TYPE]: ['keys', 'groups'],
  [KEY_TYPE]: [],
  [LOG_TYPE]: [],
  [AUDIT_EVENT_TYPE]: [],
  [ROLE_TYPE]: [],
  [GROUP_TYPE]: ['service_accounts'],
  [PERMISSION_TYPE]: [],
  [ORGANISATION_TYPE]: [],
  [FEDERATED_TYPE]: [],
  [POLICY_TYPE]: [],
  [WEBHOOK_TYPE]: [],
  [DELIVERY_TYPE]: [],
};

/** Core field names as v3 clients know them (for `source.pointer`). */
export const V3_ATTRIBUTE_NAMES: Record<string, string> = {
  name: 'name',
  description: 'description',
  enabled: 'enabled',
  expiresAt: 'expires_at',
  maxKeyLifetimeDays: 'max_key_lifetime_days',
  disableUnusedKeysAfterDays: 'disable_unused_keys_after_days',
  warnBeforeExpiryDays: 'warn_before_expiry_days',
  url: 'url',
  events: 'events',
};

/** A relationship a request document may carry. */
export interface RelationshipSpec {
  /** The related resources' type. */
  type: string;
  many: boolean;
  /**
   * False: set elsewhere (keys are made through …/keys), so a document may only repeat the current
   * value (a fetched record sent back whole); any other value is a 403.
   */
  settable: boolean;
}

/**
 * The relationships request documents of each type may carry: the one list their schemas and
 * readers use. A name not listed is a 400; the type's resources may show more than it lists.
 */
export const RELATIONSHIPS: Partial<Record<ResourceType, Record<string, RelationshipSpec>>> = {
  // Group membership is changed through …/groups/{groupId}/relationships/service-accounts.
  [ACCOUNT_TYPE]: {
    keys: { type: KEY_TYPE, many: true, settable: false },
    groups: { type: GROUP_TYPE, many: true, settable: false },
    'federated-credentials': { type: FEDERATED_TYPE, many: true, settable: false },
  },
  [KEY_TYPE]: { 'service-account': { type: ACCOUNT_TYPE, many: false, settable: false } },
  [FEDERATED_TYPE]: { 'service-account': { type: ACCOUNT_TYPE, many: false, settable: false } },
};

/** Attributes a resource shows but a client never sets; an update may repeat their current value. */
export const READ_ONLY_OF = {
  [ACCOUNT_TYPE]: ['email'],
  [KEY_TYPE]: ['client_id', 'created_at'],
} as const;
export const READ_ONLY_ATTRIBUTES: Partial<Record<ResourceType, readonly string[]>> = READ_ONLY_OF;
