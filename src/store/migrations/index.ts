import { InitialSchema1732300000000 } from './1732300000000-initial-schema';
import { AccessTokensAndRateLimits1732400000000 } from './1732400000000-access-tokens-and-rate-limits';
import { IdempotencyRecords1732500000000 } from './1732500000000-idempotency-records';
import { AuditEvents1732600000000 } from './1732600000000-audit-events';
import { WiderNameKeys1732610000000 } from './1732610000000-wider-name-keys';
import { AccountCounts1732700000000 } from './1732700000000-account-counts';
import { CredentialBounds1732800000000 } from './1732800000000-credential-bounds';
import { NfkcNameKeys1732810000000 } from './1732810000000-nfkc-name-keys';
import { ReadinessProbe1732910000000 } from './1732910000000-readiness-probe';
import { ForeignKeyIndexes1733000000000 } from './1733000000000-foreign-key-indexes';
import { SignedTokens1733100000000 } from './1733100000000-signed-tokens';
import { RolesAndGroups1733400000000 } from './1733400000000-roles-and-groups';
import { RequestLogs1733600000000 } from './1733600000000-request-logs';
import { AuditValues1733610000000 } from './1733610000000-audit-values';
import { UsageDaily1733700000000 } from './1733700000000-usage-daily';
import { ReadOnlyKeyScopes1733800000000 } from './1733800000000-read-only-key-scopes';
import { MembershipOrder1733810000000 } from './1733810000000-membership-order';
import { LeakedSecrets1734000000000 } from './1734000000000-leaked-secrets';
import { FederatedCredentials1734100000000 } from './1734100000000-federated-credentials';
import { CredentialHygiene1734200000000 } from './1734200000000-credential-hygiene';

/** Every migration, oldest first. A new schema change is a new file here, never an edit. */
export const MIGRATIONS = [
  InitialSchema1732300000000,
  AccessTokensAndRateLimits1732400000000,
  IdempotencyRecords1732500000000,
  AuditEvents1732600000000,
  WiderNameKeys1732610000000,
  AccountCounts1732700000000,
  CredentialBounds1732800000000,
  NfkcNameKeys1732810000000,
  ReadinessProbe1732910000000,
  ForeignKeyIndexes1733000000000,
  SignedTokens1733100000000,
  RolesAndGroups1733400000000,
  RequestLogs1733600000000,
  AuditValues1733610000000,
  UsageDaily1733700000000,
  ReadOnlyKeyScopes1733800000000,
  MembershipOrder1733810000000,
  LeakedSecrets1734000000000,
  FederatedCredentials1734100000000,
  CredentialHygiene1734200000000,
];
