// What the janitor would do under a credential policy not yet saved (issue 32). The API has no dry
// run (only `iamgate janitor --dry-run`, on the server), so the console works it out from what the
// API lists — every key with its status, creation, last use and expiry — by the janitor's rules
// (src/core/janitor.ts; test/console/policy-preview.test.ts checks they agree). What the API does not
// show makes it a preview, not a promise: a key enabled again counts idle from then, and a warning or
// a report the janitor already sent is not sent twice.

export interface PolicyRules {
  maxKeyLifetimeDays: number | null;
  disableUnusedKeysAfterDays: number | null;
  warnBeforeExpiryDays: number | null;
}

/** One key as v2 lists it, with its account. */
export interface PreviewKey {
  accountId: string;
  accountName: string;
  /** The account's organizational role, and whether it is enabled (for the last Admin key). */
  accountRole: string;
  accountActive: boolean;
  keyId: string;
  prefix: string;
  /** v2's `Active`, `Disabled`, `Revoked` or `Expired`. */
  status: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export type PreviewActionKind = 'disable' | 'warn-expiry' | 'over-lifetime';

export interface PreviewAction {
  action: PreviewActionKind;
  key: PreviewKey;
  /** disable: when its idle time counts from. */
  idleSince?: string;
}

const DAY_MS = 86_400_000;

const revoked = (k: PreviewKey) => k.status === 'Revoked';
const enabled = (k: PreviewKey) => k.status !== 'Disabled' && !revoked(k);
const expiredAt = (k: PreviewKey, at: number) => k.expiresAt !== null && Date.parse(k.expiresAt) <= at;
const idleSince = (k: PreviewKey) => k.lastUsedAt ?? k.createdAt;

/** Every action due at `at` (epoch ms) under `rules`, key by key in the order given. */
export function previewJanitor(keys: PreviewKey[], rules: PolicyRules, at: number): PreviewAction[] {
  const actions: PreviewAction[] = [];
  const adminKeys: { action: PreviewAction | null; idleSince: string }[] = [];
  for (const key of keys) {
    if (revoked(key)) continue;
    let disabling: PreviewAction | null = null;
    const idle = rules.disableUnusedKeysAfterDays;
    const warn = rules.warnBeforeExpiryDays;
    const max = rules.maxKeyLifetimeDays;
    if (idle && enabled(key) && !expiredAt(key, at) && Date.parse(idleSince(key)) <= at - idle * DAY_MS) {
      disabling = { action: 'disable', key, idleSince: idleSince(key) };
      actions.push(disabling);
    } else if (warn && key.expiresAt && enabled(key)) {
      const expires = Date.parse(key.expiresAt);
      if (expires > at && expires <= at + warn * DAY_MS) actions.push({ action: 'warn-expiry', key });
    }
    if (max && !expiredAt(key, at) && (key.expiresAt === null || Date.parse(key.expiresAt) - Date.parse(key.createdAt) > max * DAY_MS)) {
      actions.push({ action: 'over-lifetime', key });
    }
    // The organization's last usable Admin key is never disabled (src/core/last-admin.ts).
    if (key.accountRole === 'Admin' && key.accountActive && enabled(key) && !expiredAt(key, at)) {
      adminKeys.push({ action: disabling, idleSince: idleSince(key) });
    }
  }
  if (!adminKeys.length || adminKeys.some((k) => k.action === null)) return actions;
  const spared = adminKeys.reduce((a, b) => (b.idleSince > a.idleSince ? b : a)).action;
  return actions.filter((a) => a !== spared);
}

/** What the preview needs of an account, as v2 lists it. */
export interface ListedAccount {
  id: string;
  name: string;
  organizationalRole: string;
  isActive: boolean;
  credentials: {
    id: string;
    clientSecretPrefix: string;
    status: string;
    createdAt: string;
    lastUsedAt: string | null;
    expirationDate: string | null;
  }[];
}

/** Every key of the accounts, as the preview reads them. */
export function previewKeysOf(accounts: ListedAccount[]): PreviewKey[] {
  return accounts.flatMap((a) =>
    a.credentials.map((k) => ({
      accountId: a.id,
      accountName: a.name,
      accountRole: a.organizationalRole,
      accountActive: a.isActive,
      keyId: k.id,
      prefix: k.clientSecretPrefix,
      status: k.status,
      createdAt: k.createdAt,
      lastUsedAt: k.lastUsedAt,
      expiresAt: k.expirationDate,
    })),
  );
}
