// The model of credential hygiene (issue 32): an organization's credential policy, what the janitor
// remembers about keys, and webhook subscriptions with their deliveries. Plain data; see docs/concepts.md.

/** Each rule null = off. */
export interface CredentialPolicyRules {
  /** New keys expire at most this many days after they are made (a key without an expiry gets this one). */
  maxKeyLifetimeDays: number | null;
  /** Keys unused this long (by last use, or creation when never used) are disabled by the janitor. */
  disableUnusedKeysAfterDays: number | null;
  /** The janitor warns (`key.expiring`) this many days before a key expires. */
  warnBeforeExpiryDays: number | null;
}

export interface CredentialPolicy extends CredentialPolicyRules {
  organizationId: string;
  /** When it was last set; null while the organization never set one (every rule off). */
  updatedAt: string | null;
}

export const POLICY_RULES = ['maxKeyLifetimeDays', 'disableUnusedKeysAfterDays', 'warnBeforeExpiryDays'] as const;

export const noPolicy = (organizationId: string): CredentialPolicy => ({
  organizationId,
  maxKeyLifetimeDays: null,
  disableUnusedKeysAfterDays: null,
  warnBeforeExpiryDays: null,
  updatedAt: null,
});

/** What the janitor remembers of a key, so that a run never does the same thing twice. */
export interface KeyPolicyMarks {
  keyId: string;
  /** When the key was last enabled again: its idle time counts from then at the earliest. */
  enabledAt: string | null;
  /** The expiry a `key.expiring` warning was sent for. */
  expiryWarnedFor: string | null;
  overLifetimeReportedAt: string | null;
}

export interface WebhookSubscription {
  id: string;
  organizationId: string;
  /** https (or, for a host in WEBHOOK_ALLOWED_HOSTS, http) URL the events are POSTed to. */
  url: string;
  /** The event types it receives (`service-account.created`, `key.expiring` …). */
  events: string[];
  description: string | null;
  enabled: boolean;
  /** Why the service disabled it (its deliveries failed for 24 h); null otherwise. */
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** As stored: with its signing secret sealed (AES-256-GCM), never in clear. */
export interface StoredWebhookSubscription extends WebhookSubscription {
  secretSealed: string;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** One event on its way to one subscription: the outbox row, written with the change itself. */
export interface WebhookDelivery {
  /** Also the `webhook-id` header: the same on every attempt, so a receiver can drop duplicates. */
  id: string;
  subscriptionId: string;
  organizationId: string;
  auditEventId: string;
  eventType: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string;
  firstAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  /** When it was delivered or given up on. */
  finishedAt: string | null;
}

/** A new subscription's (or a rotation's) secret: shown once, stored sealed. */
export interface MintedWebhookSecret {
  secret: string;
  sealed: string;
}

/** Makes webhook signing secrets (`whsec_` + base64 of random bytes) and seals them for storage. */
export interface WebhookSecretMinter {
  mint(): MintedWebhookSecret;
}
