// The v3 resource types and the fields (attributes and relationships) each one shows;
// sparse fieldsets and include paths are checked against these lists.

export const ACCOUNT_TYPE = 'service-accounts';
export const KEY_TYPE = 'service-account-keys';
export const LOG_TYPE = 'logs';
export type ResourceType = typeof ACCOUNT_TYPE | typeof KEY_TYPE | typeof LOG_TYPE;

export const FIELDS: Record<ResourceType, readonly string[]> = {
  [ACCOUNT_TYPE]: ['name', 'description', 'enabled', 'email', 'keys'],
  [KEY_TYPE]: ['client_id', 'enabled', 'client_secret', 'service-account'],
  [LOG_TYPE]: ['action', 'actor_id', 'actor_key_id', 'dialect', 'target_type', 'target_id', 'request_id', 'changes', 'service-account'],
};

/** Relationship paths `include` accepts, per primary type. */
export const INCLUDE_PATHS: Record<ResourceType, readonly string[]> = {
  [ACCOUNT_TYPE]: ['keys'],
  [KEY_TYPE]: [],
  [LOG_TYPE]: [],
};

/** Core field names as v3 clients know them (for `source.pointer`). */
export const V3_ATTRIBUTE_NAMES: Record<string, string> = {
  name: 'name',
  description: 'description',
  enabled: 'enabled',
  expiresAt: 'expires_at',
};
