// Dialect usage (issue 18): from the daily sums the request-log batches add to, which account and
// key called which dialect and route, how often and when last — the answer to "who still uses v1?".
import { requireCapability, type Principal } from './authorization';
import type { CoreDeps } from './deps';
import { findOrganization } from './organizations';
import { getAccountOr404 } from './views';

/** One day's requests by one key of one account through one dialect and route. */
export interface UsageRow {
  organizationId: string;
  serviceAccountId: string;
  keyId: string;
  dialect: string;
  method: string;
  route: string;
  /** YYYY-MM-DD, UTC. */
  day: string;
  requests: number;
  lastUsedAt: string;
}

/** The usage table's read side (src/store/usage-table.ts). */
export interface UsageReader {
  forAccount(orgId: string, accountId: string, sinceDay: string): Promise<UsageRow[]>;
  forDialect(orgId: string, dialect: string, sinceDay: string): Promise<UsageRow[]>;
}

export interface DialectUse {
  requests: number;
  lastUsedAt: string;
}

export interface AccountUsage {
  dialects: Record<string, DialectUse>;
  keys: { id: string; clientSecretPrefix: string | null; dialects: Record<string, DialectUse> }[];
  /** One entry per day of the window, oldest first, requests per dialect. */
  days: ({ date: string } & Record<string, number | string>)[];
}

export interface DialectUser {
  accountId: string;
  name: string | null;
  requests: number;
  lastUsedAt: string;
  keys: { id: string; requests: number; lastUsedAt: string }[];
  routes: { method: string; route: string; requests: number }[];
}

export const USAGE_DIALECTS = ['v1', 'v2', 'v3', 'oauth2', 'forward-auth'] as const;
const DAY_MS = 86_400_000;

/** Without request logs (REQUEST_LOGS=off) nothing is summed: every answer is empty. */
const NOTHING: UsageReader = { forAccount: async () => [], forDialect: async () => [] };
const readerOf = (deps: CoreDeps): UsageReader => deps.usage ?? NOTHING;

export function dayOf(at: Date | string): string {
  return (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);
}

export function sinceDay(now: Date, days: number): string {
  return dayOf(new Date(now.getTime() - (days - 1) * DAY_MS));
}

function add(into: Record<string, DialectUse>, row: UsageRow): void {
  const use = (into[row.dialect] ??= { requests: 0, lastUsedAt: row.lastUsedAt });
  use.requests += row.requests;
  if (row.lastUsedAt > use.lastUsedAt) use.lastUsedAt = row.lastUsedAt;
}

/** One account's usage over the last `days` days. */
export async function accountUsage(deps: CoreDeps, p: Principal, accountId: string, days = 90): Promise<AccountUsage> {
  requireCapability(p, 'read');
  const reader = readerOf(deps);
  const now = deps.clock.now();
  const { keys } = await deps.store.run(async (repos) => {
    await getAccountOr404(repos, p.organizationId, accountId);
    return { keys: await repos.keys.listForAccounts(p.organizationId, [accountId]) };
  });
  const rows = await reader.forAccount(p.organizationId, accountId, sinceDay(now, days));
  const dialects: Record<string, DialectUse> = {};
  const byKey = new Map<string, Record<string, DialectUse>>();
  const byDay = new Map<string, Record<string, number>>();
  for (const row of rows) {
    add(dialects, row);
    const k = byKey.get(row.keyId) ?? {};
    add(k, row);
    byKey.set(row.keyId, k);
    const d = byDay.get(row.day) ?? {};
    d[row.dialect] = (d[row.dialect] ?? 0) + row.requests;
    byDay.set(row.day, d);
  }
  const prefixes = new Map(keys.map((k) => [k.id, k.secretPrefix]));
  const dayList = Array.from({ length: days }, (_, i) => dayOf(new Date(now.getTime() - (days - 1 - i) * DAY_MS)));
  return {
    dialects,
    keys: [...byKey].map(([id, d]) => ({ id, clientSecretPrefix: prefixes.get(id) ?? null, dialects: d })),
    days: dayList.map((date) => ({ date, ...Object.fromEntries(USAGE_DIALECTS.map((dl) => [dl, 0])), ...byDay.get(date) })),
  };
}

/** The organization's accounts that called `dialect` in the last `days` days, most recent first. */
export async function dialectUsers(deps: CoreDeps, p: Principal, dialect: string, days: number): Promise<DialectUser[]> {
  requireCapability(p, 'read');
  return usersOf(deps, p.organizationId, dialect, days);
}

/**
 * For the CLI (the system, no caller): every organization's (or one's) accounts that called the
 * dialect; a deployment pipeline gates on "nobody did".
 */
export async function usageReport(
  deps: CoreDeps,
  dialect: string,
  days: number,
  orgIdOrName?: string,
): Promise<(DialectUser & { organizationId: string; organization: string })[]> {
  const orgs = orgIdOrName ? [await findOrganization(deps, orgIdOrName)] : await deps.store.run((repos) => repos.organizations.list());
  const out = [];
  for (const org of orgs) {
    for (const u of await usersOf(deps, org.id, dialect, days)) out.push({ organizationId: org.id, organization: org.name, ...u });
  }
  return out;
}

async function usersOf(deps: CoreDeps, orgId: string, dialect: string, days: number): Promise<DialectUser[]> {
  const reader = readerOf(deps);
  const p = { organizationId: orgId };
  const rows = await reader.forDialect(p.organizationId, dialect, sinceDay(deps.clock.now(), days));
  const users = new Map<string, DialectUser & { keyMap: Map<string, DialectUse>; routeMap: Map<string, number> }>();
  for (const row of rows) {
    const u = users.get(row.serviceAccountId) ?? {
      accountId: row.serviceAccountId,
      name: null,
      requests: 0,
      lastUsedAt: row.lastUsedAt,
      keys: [],
      routes: [],
      keyMap: new Map(),
      routeMap: new Map(),
    };
    u.requests += row.requests;
    if (row.lastUsedAt > u.lastUsedAt) u.lastUsedAt = row.lastUsedAt;
    const k = u.keyMap.get(row.keyId) ?? { requests: 0, lastUsedAt: row.lastUsedAt };
    k.requests += row.requests;
    if (row.lastUsedAt > k.lastUsedAt) k.lastUsedAt = row.lastUsedAt;
    u.keyMap.set(row.keyId, k);
    const route = `${row.method} ${row.route}`;
    u.routeMap.set(route, (u.routeMap.get(route) ?? 0) + row.requests);
    users.set(row.serviceAccountId, u);
  }
  const names = await deps.store.run(
    async (repos) => new Map((await repos.accounts.getMany(p.organizationId, [...users.keys()])).map((a) => [a.id, a.name])),
  );
  return [...users.values()]
    .map(({ keyMap, routeMap, ...u }) => ({
      accountId: u.accountId,
      // A deleted account still shows, nameless: it called the dialect all the same.
      name: names.get(u.accountId) ?? null,
      requests: u.requests,
      lastUsedAt: u.lastUsedAt,
      keys: [...keyMap]
        .map(([id, k]) => ({ id, requests: k.requests, lastUsedAt: k.lastUsedAt }))
        .sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt)),
      routes: [...routeMap]
        .map(([r, requests]) => {
          const space = r.indexOf(' ');
          return { method: r.slice(0, space), route: r.slice(space + 1), requests };
        })
        .sort((a, b) => b.requests - a.requests),
    }))
    .sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt) || a.accountId.localeCompare(b.accountId));
}
