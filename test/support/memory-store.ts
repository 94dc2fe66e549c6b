// The core's Store port (src/core/ports.ts) in memory, for unit tests of the core: the model's tables
// as maps, keeping what the TypeORM store keeps on SQLite and PostgreSQL and the core relies on:
// - unique names (per organization, by the NFKC case-folded key), emails and client ids: the core's
//   UniqueViolation, naming the constraint as the real store does ('name', 'email', 'other');
// - foreign keys: a row naming a missing organization, account or group is refused; deleting an
//   account deletes its keys (and the janitor's marks on them), memberships and federated credentials,
//   deleting a group its memberships, deleting a webhook subscription its deliveries;
// - transactions: copy-on-write of the tables; one that throws leaves nothing; transactions and
//   plain runs take turns, one at a time (as on SQLite);
// - order: ids compare as text (UUID v7: creation order), names by code point;
// - what a row keeps: fresh copies in and out, JSON columns round-tripped, inherited permissions
//   written only by setInherited, audit text cut to the columns' widths;
// - one request's budget (forRequest): its calls counted against the store's own limits
//   (src/store/request-budget.ts), refused UNAVAILABLE past them.
// test/store/contract/ runs the same cases against this store and the TypeORM one, so where the two
// disagree a contract case fails. What it leaves out is listed in CONTRIBUTING.md.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FederatedCredential } from '../../src/core/federation-rules';
import type { AuditEvent, Group, IamRole, Key, Organization, ServiceAccount, Workspace } from '../../src/core/model';
import type { CredentialPolicy, KeyPolicyMarks, StoredWebhookSubscription, WebhookDelivery } from '../../src/core/hygiene-model';
import {
  UniqueViolation,
  type AccountFilter,
  type AccountPageQuery,
  type GroupFilter,
  type Repositories,
  type Store,
} from '../../src/core/ports';
import { nameKey } from '../../src/core/rules';
import { budgeted } from '../../src/store/budgeted-repositories';
import { DEFAULT_REQUEST_LIMITS, RequestBudget, type RequestLimits } from '../../src/store/request-budget';

interface Member {
  groupId: string;
  accountId: string;
  organizationId: string;
}

/** A key's marks as the table holds them: with the organization they are read under. */
interface KeyMarksRow {
  marks: KeyPolicyMarks;
  organizationId: string;
}

interface Tables {
  organizations: Map<string, Organization>;
  workspaces: Map<string, Workspace>;
  accounts: Map<string, ServiceAccount>;
  keys: Map<string, Key>;
  roles: Map<string, IamRole>;
  groups: Map<string, Group>;
  /** Keyed by `groupId accountId` (the table's primary key). */
  members: Map<string, Member>;
  audit: Map<string, AuditEvent>;
  federatedCredentials: Map<string, FederatedCredential>;
  /** Keyed by organization id. */
  policies: Map<string, CredentialPolicy>;
  /** Keyed by key id. */
  keyMarks: Map<string, KeyMarksRow>;
  webhooks: Map<string, StoredWebhookSubscription>;
  deliveries: Map<string, WebhookDelivery>;
}
type TableName = keyof Tables;

const emptyTables = (): Tables => ({
  organizations: new Map(),
  workspaces: new Map(),
  accounts: new Map(),
  keys: new Map(),
  roles: new Map(),
  groups: new Map(),
  members: new Map(),
  audit: new Map(),
  federatedCredentials: new Map(),
  policies: new Map(),
  keyMarks: new Map(),
  webhooks: new Map(),
  deliveries: new Map(),
});

/** A repository method's name, `accounts.update`. */
export type RepoCall = {
  [R in keyof Repositories]: `${R}.${keyof Repositories[R] & string}`;
}[keyof Repositories];

/** A row as a database hands it over: a fresh copy, with JSON's idea of its values. */
const copy = <T>(row: T): T => JSON.parse(JSON.stringify(row)) as T;

/** Ids are ASCII: text order is byte order on every engine. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** SQLite's BINARY and PostgreSQL's "C" collation: UTF-8 bytes, i.e. code points (not UTF-16 units). */
const byCodePoint = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const byId = <T extends { id: string }>(a: T, b: T) => byText(a.id, b.id);

/** LIMIT/OFFSET as SQL applies them after ORDER BY. */
const window = <T>(rows: T[], offset = 0, limit?: number) => rows.slice(offset, limit === undefined ? undefined : offset + limit);

function foreignKey(what: string): Error {
  return new Error(`FOREIGN KEY constraint failed: ${what}`);
}

/** The tables one store call sees: the committed ones (run), or a transaction's copy-on-write. */
class View {
  readonly tables: Tables;
  private readonly copied = new Set<TableName>();
  /** The first statement that failed inside the transaction: PostgreSQL refuses everything after it. */
  failed: unknown = null;
  ended = false;

  constructor(
    base: Tables,
    readonly transactional: boolean,
  ) {
    this.tables = transactional ? { ...base } : base;
  }

  read<T extends TableName>(table: T): Tables[T] {
    return this.tables[table];
  }

  /** The table to change; inside a transaction, copied on its first change (rows are never changed in place). */
  write<T extends TableName>(table: T): Tables[T] {
    if (this.transactional && !this.copied.has(table)) {
      this.tables[table] = new Map(this.tables[table] as Map<string, unknown>) as Tables[T];
      this.copied.add(table);
    }
    return this.tables[table];
  }
}

type Hook = { fn: (repos: Repositories) => unknown; times: number };

export class MemoryStore implements Store {
  private committed = emptyTables();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly inside = new AsyncLocalStorage<boolean>();
  private readonly hooks = new Map<RepoCall, Hook[]>();
  private hooking = false;
  private closed = false;
  /** Transactions begun, committed and rolled back (tests of retries count attempts). */
  readonly stats = { transactions: 0, committed: 0, rolledBack: 0 };

  /** `limits`: what one request may take (forRequest), the TypeORM store's defaults unless a test says otherwise. */
  constructor(private readonly limits: RequestLimits = DEFAULT_REQUEST_LIMITS) {}

  run<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.turn(async () => {
      const view = new View(this.committed, false);
      try {
        return await work(this.repositories(view));
      } finally {
        view.ended = true;
      }
    });
  }

  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.turn(async () => {
      const view = new View(this.committed, true);
      this.stats.transactions++;
      try {
        const result = await work(this.repositories(view));
        if (view.failed) {
          throw new Error('The transaction went on after a failed statement: PostgreSQL would have rolled it all back', {
            cause: view.failed,
          });
        }
        this.committed = view.tables;
        this.stats.committed++;
        return result;
      } catch (err) {
        this.stats.rolledBack++;
        throw err;
      } finally {
        view.ended = true;
      }
    });
  }

  /** This store as one request sees it: its calls counted against one budget, as the TypeORM store counts them. */
  forRequest(): Store {
    const budget = new RequestBudget(this.limits);
    const scoped: Store = {
      run: (work) => this.run((repos) => work(budgeted(repos, budget))),
      transaction: (work) => this.transaction((repos) => work(budgeted(repos, budget))),
      ping: () => this.ping(),
      close: () => this.close(),
      forRequest: () => scoped,
    };
    return scoped;
  }

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /**
   * Runs `fn` before the next `times` calls of `call` (every call, without), inside the store call
   * that makes it: it may throw (a statement that fails there) or write through `repos` (a change
   * that lands with that call's transaction, as if another writer had committed it just before).
   * Returns a function that removes it.
   */
  before(call: RepoCall, fn: (repos: Repositories) => unknown, times = Infinity): () => void {
    const hook: Hook = { fn, times };
    this.hooks.set(call, [...(this.hooks.get(call) ?? []), hook]);
    return () =>
      this.hooks.set(
        call,
        (this.hooks.get(call) ?? []).filter((h) => h !== hook),
      );
  }

  /** Every table, committed, as comparable text: a refused request must leave it as it was. */
  dump(): string {
    const tables: Record<string, unknown[]> = {};
    for (const [name, rows] of Object.entries(this.committed) as [TableName, Map<string, unknown>][]) {
      tables[name] = [...rows.entries()].sort(([a], [b]) => byText(a, b)).map(([, row]) => row);
    }
    return JSON.stringify(tables);
  }

  /** One store call at a time; a store call made from inside another would wait forever on SQLite, so it fails here. */
  private turn<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The store is closed'));
    if (this.inside.getStore()) {
      return Promise.reject(
        new Error('A store call was made from inside another: the SQLite store runs them one at a time, so it would wait forever'),
      );
    }
    const result = this.queue.then(() => this.inside.run(true, work));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** The repositories over one view; every call goes through `call` (hooks, the transaction's state). */
  private repositories(view: View): Repositories {
    const call = <T>(name: RepoCall, body: () => T): Promise<T> =>
      (async () => {
        if (view.ended) throw new Error(`${name} after its store call ended`);
        if (view.failed) throw new Error(`${name}: current transaction is aborted, commands ignored until end of transaction block`);
        try {
          await this.runHooks(name, repos);
          return body();
        } catch (err) {
          if (view.transactional) view.failed ??= err;
          throw err;
        }
      })();
    const repos = tablesRepositories(view, call);
    return repos;
  }

  private async runHooks(name: RepoCall, repos: Repositories): Promise<void> {
    if (this.hooking) return;
    const hooks = (this.hooks.get(name) ?? []).filter((h) => h.times > 0);
    if (!hooks.length) return;
    this.hooking = true;
    try {
      for (const hook of hooks) {
        hook.times--;
        await hook.fn(repos);
      }
    } finally {
      this.hooking = false;
    }
  }
}

type Call = <T>(name: RepoCall, body: () => T) => Promise<T>;

/** The Repositories port over the tables of one view. */
function tablesRepositories(view: View, call: Call): Repositories {
  const t = <T extends TableName>(name: T) => view.read(name);
  const w = <T extends TableName>(name: T) => view.write(name);

  const primaryKey = (table: TableName, id: string) => {
    if (t(table).has(id)) throw new Error(`duplicate primary key: ${table}.${id}`);
  };
  const organizationExists = (id: string | null, what: string) => {
    if (id === null || !t('organizations').has(id)) throw foreignKey(`${what}.organization_id`);
  };
  /** The unique index over (organization_id, name_key) of a named table. */
  const uniqueName = (
    table: 'workspaces' | 'accounts' | 'roles' | 'groups',
    row: { id: string; organizationId: string | null; name: string },
  ) => {
    const key = nameKey(row.name);
    for (const other of t(table).values()) {
      if (other.id !== row.id && other.organizationId === row.organizationId && nameKey(other.name) === key)
        throw new UniqueViolation('name');
    }
  };
  const uniqueAccount = (a: ServiceAccount) => {
    uniqueName('accounts', a);
    for (const other of t('accounts').values()) {
      if (other.id === a.id) continue;
      if (other.organizationId === a.organizationId && other.email === a.email) throw new UniqueViolation('email');
      if (other.clientId === a.clientId) throw new UniqueViolation('other');
    }
  };
  const accountIn = (orgId: string, id: string) => {
    const a = t('accounts').get(id);
    return a && a.organizationId === orgId ? a : undefined;
  };
  const keyReferences = (k: Key) => {
    organizationExists(k.organizationId, 'keys');
    if (!t('accounts').has(k.serviceAccountId)) throw foreignKey('keys.service_account_id');
  };
  const deleteWhere = <R>(table: TableName, matches: (row: R) => boolean) => {
    for (const [id, row] of t(table) as Map<string, R>) if (matches(row)) (w(table) as Map<string, R>).delete(id);
  };
  const ofOrg = <R extends { organizationId: string | null }>(rows: Iterable<R>, orgId: string) =>
    [...rows].filter((r) => r.organizationId === orgId).sort(byId as (a: R, b: R) => number);

  const isMember = (groupId: string, accountId: string) => t('members').has(`${groupId} ${accountId}`);
  const matchesFilter = (a: ServiceAccount, f: AccountFilter) =>
    (f.enabled === undefined || a.status === (f.enabled ? 'active' : 'disabled')) &&
    (!f.nameContains || nameKey(a.name).includes(nameKey(f.nameContains))) &&
    (f.groupId === undefined || isMember(f.groupId, a.id));
  const matchesGroupFilter = (g: Group, f: GroupFilter = {}) => f.memberId === undefined || isMember(g.id, f.memberId);
  /** Member rows of the organization grouped by one side, each list in id order, cut to `limit` when given. */
  const relatedBy = (parentIds: string[], side: 'groupId' | 'accountId', orgId: string, limit?: number) => {
    const other = side === 'groupId' ? 'accountId' : 'groupId';
    const out = new Map<string, string[]>(parentIds.map((id) => [id, []]));
    for (const m of t('members').values()) if (m.organizationId === orgId) out.get(m[side])?.push(m[other]);
    for (const [id, list] of out) out.set(id, window(list.sort(byText), 0, limit));
    return out;
  };
  const accountOrder = (sort: AccountPageQuery['sort'] = 'id') => {
    const byName = (a: ServiceAccount, b: ServiceAccount) => byCodePoint(nameKey(a.name), nameKey(b.name)) || byId(a, b);
    const orders = {
      id: byId,
      '-id': (a: ServiceAccount, b: ServiceAccount) => byId(b, a),
      name: byName,
      '-name': (a: ServiceAccount, b: ServiceAccount) => byName(b, a),
    };
    return orders[sort];
  };

  const AUDIT_WIDTHS = { targetName: 400, clientIp: 64, userAgent: 512 } as const;
  const insertEvent = (e: AuditEvent) => {
    primaryKey('audit', e.id);
    const cut = (field: keyof typeof AUDIT_WIDTHS) => e[field]?.slice(0, AUDIT_WIDTHS[field]) ?? null;
    w('audit').set(e.id, copy({ ...e, targetName: cut('targetName'), clientIp: cut('clientIp'), userAgent: cut('userAgent') }));
  };

  const credentialIn = (orgId: string, id: string) => {
    const c = t('federatedCredentials').get(id);
    return c && c.organizationId === orgId ? c : undefined;
  };
  const credentialReferences = (c: FederatedCredential) => {
    organizationExists(c.organizationId, 'federated_credentials');
    if (!t('accounts').has(c.serviceAccountId)) throw foreignKey('federated_credentials.service_account_id');
  };
  /** The unique indexes over (service_account_id, name_key) and token_key_id. */
  const uniqueCredential = (c: FederatedCredential) => {
    const key = nameKey(c.name);
    for (const other of t('federatedCredentials').values()) {
      if (other.id === c.id) continue;
      if (other.serviceAccountId === c.serviceAccountId && nameKey(other.name) === key) throw new UniqueViolation('name');
      if (other.tokenKeyId === c.tokenKeyId) throw new UniqueViolation('other');
    }
  };

  const webhookIn = (orgId: string, id: string) => {
    const sub = t('webhooks').get(id);
    return sub && sub.organizationId === orgId ? sub : undefined;
  };
  const marksIn = (orgId: string, keyId: string) => {
    const row = t('keyMarks').get(keyId);
    return row && row.organizationId === orgId ? row.marks : undefined;
  };
  /** Upserts one mark of a key (INSERT … ON CONFLICT (key_id) DO UPDATE SET that column). */
  const mark = (orgId: string, keyId: string, field: 'enabledAt' | 'expiryWarnedFor' | 'overLifetimeReportedAt', value: string) => {
    const row = t('keyMarks').get(keyId);
    if (row) {
      w('keyMarks').set(keyId, { ...row, marks: { ...row.marks, [field]: value } });
      return;
    }
    if (!t('keys').has(keyId)) throw foreignKey('key_policy_marks.key_id');
    const marks: KeyPolicyMarks = { keyId, enabledAt: null, expiryWarnedFor: null, overLifetimeReportedAt: null, [field]: value };
    w('keyMarks').set(keyId, { marks, organizationId: orgId });
  };
  const hasRule = (c: CredentialPolicy) =>
    c.maxKeyLifetimeDays !== null || c.disableUnusedKeysAfterDays !== null || c.warnBeforeExpiryDays !== null;

  return {
    organizations: {
      insert: (org) =>
        call('organizations.insert', () => {
          primaryKey('organizations', org.id);
          w('organizations').set(org.id, copy(org));
        }),
      get: (id) => call('organizations.get', () => copy(t('organizations').get(id) ?? null)),
      count: () => call('organizations.count', () => t('organizations').size),
      // Store calls take turns: nothing else can change the organization meanwhile.
      lock: (id) => call('organizations.lock', () => void id),
      list: () =>
        call('organizations.list', () =>
          [...t('organizations').values()].sort(byId).map((o) => ({
            ...copy(o),
            accounts: [...t('accounts').values()].filter((a) => a.organizationId === o.id).length,
          })),
        ),
      lockNames: () => call('organizations.lockNames', () => undefined),
    },
    workspaces: {
      insert: (ws) =>
        call('workspaces.insert', () => {
          organizationExists(ws.organizationId, 'workspaces');
          primaryKey('workspaces', ws.id);
          uniqueName('workspaces', ws);
          w('workspaces').set(ws.id, copy(ws));
        }),
      list: (orgId) => call('workspaces.list', () => copy(ofOrg(t('workspaces').values(), orgId))),
      getMany: (orgId, ids) =>
        call('workspaces.getMany', () => copy(ofOrg(t('workspaces').values(), orgId).filter((ws) => ids.includes(ws.id)))),
    },
    accounts: {
      insert: (a) =>
        call('accounts.insert', () => {
          organizationExists(a.organizationId, 'service_accounts');
          primaryKey('accounts', a.id);
          uniqueAccount(a);
          // The column is written only by the inheritance recompute (mappers.fromAccount leaves it out).
          w('accounts').set(a.id, copy({ ...a, inheritedPermissions: [] }));
        }),
      update: (a, expectedVersion) =>
        call('accounts.update', () => {
          const current = accountIn(a.organizationId, a.id);
          if (!current || current.version !== expectedVersion) return false;
          uniqueAccount(a);
          w('accounts').set(
            a.id,
            copy({ ...a, id: current.id, organizationId: current.organizationId, inheritedPermissions: current.inheritedPermissions }),
          );
          return true;
        }),
      bumpVersion: (orgId, id, updatedAt, expectedVersion) =>
        call('accounts.bumpVersion', () => {
          const current = accountIn(orgId, id);
          if (!current || (expectedVersion !== undefined && current.version !== expectedVersion)) return false;
          w('accounts').set(id, { ...current, version: current.version + 1, updatedAt });
          return true;
        }),
      delete: (orgId, id, expectedVersion) =>
        call('accounts.delete', () => {
          const current = accountIn(orgId, id);
          if (!current || (expectedVersion !== undefined && current.version !== expectedVersion)) return false;
          w('accounts').delete(id);
          const keys = new Set([...t('keys').values()].filter((k) => k.serviceAccountId === id).map((k) => k.id));
          deleteWhere('keys', (k: Key) => keys.has(k.id));
          deleteWhere('keyMarks', (m: KeyMarksRow) => keys.has(m.marks.keyId));
          deleteWhere('members', (m: Member) => m.accountId === id);
          deleteWhere('federatedCredentials', (c: FederatedCredential) => c.serviceAccountId === id);
          return true;
        }),
      setInherited: (orgId, inherited) =>
        call('accounts.setInherited', () => {
          for (const [id, permissions] of inherited) {
            const current = accountIn(orgId, id);
            if (current) w('accounts').set(id, { ...current, inheritedPermissions: copy(permissions) });
          }
        }),
      countUsableAdmins: (orgId, now) =>
        call('accounts.countUsableAdmins', () => {
          const admins = new Set<string>();
          for (const k of t('keys').values()) {
            const a = t('accounts').get(k.serviceAccountId);
            if (!a || a.organizationId !== orgId || a.role !== 'Admin' || a.status !== 'active') continue;
            // Times are compared as text, as the SQL does.
            if (k.enabled && !k.readOnly && !k.revokedAt && (!k.expiresAt || k.expiresAt > now)) admins.add(a.id);
          }
          return admins.size;
        }),
      get: (orgId, id) => call('accounts.get', () => copy(accountIn(orgId, id) ?? null)),
      getMany: (orgId, ids) => call('accounts.getMany', () => copy(ofOrg(t('accounts').values(), orgId).filter((a) => ids.includes(a.id)))),
      page: (orgId, q) =>
        call('accounts.page', () => {
          const rows = ofOrg(t('accounts').values(), orgId)
            .filter((a) => matchesFilter(a, q.filter) && (!q.afterId || a.id > q.afterId))
            .sort(accountOrder(q.sort));
          return copy(window(rows, q.offset, q.limit));
        }),
      count: (orgId, filter) =>
        call('accounts.count', () => ofOrg(t('accounts').values(), orgId).filter((a) => matchesFilter(a, filter)).length),
      emailsStartingWith: (orgId, local) =>
        call('accounts.emailsStartingWith', () =>
          ofOrg(t('accounts').values(), orgId)
            .map((a) => a.email)
            .filter((e) => e.startsWith(local)),
        ),
    },
    roles: {
      insert: (r) =>
        call('roles.insert', () => {
          organizationExists(r.organizationId, 'roles');
          primaryKey('roles', r.id);
          uniqueName('roles', r);
          w('roles').set(r.id, copy(r));
        }),
      update: (r) =>
        call('roles.update', () => {
          const current = t('roles').get(r.id);
          if (!current || current.organizationId !== r.organizationId) return;
          uniqueName('roles', r);
          w('roles').set(r.id, copy({ ...r, id: current.id, organizationId: current.organizationId }));
        }),
      delete: (orgId, id) =>
        call('roles.delete', () => {
          if (t('roles').get(id)?.organizationId !== orgId) return false;
          return w('roles').delete(id);
        }),
      get: (orgId, id) => call('roles.get', () => copy(ofOrg(t('roles').values(), orgId).find((r) => r.id === id) ?? null)),
      list: (orgId, page) => call('roles.list', () => copy(window(ofOrg(t('roles').values(), orgId), page.offset, page.limit))),
      getMany: (orgId, ids) => call('roles.getMany', () => copy(ofOrg(t('roles').values(), orgId).filter((r) => ids.includes(r.id)))),
      count: (orgId) => call('roles.count', () => ofOrg(t('roles').values(), orgId).length),
    },
    groups: {
      insert: (g) =>
        call('groups.insert', () => {
          organizationExists(g.organizationId, 'groups');
          primaryKey('groups', g.id);
          uniqueName('groups', g);
          w('groups').set(g.id, copy(g));
        }),
      update: (g, expectedVersion) =>
        call('groups.update', () => {
          const current = t('groups').get(g.id);
          if (!current || current.organizationId !== g.organizationId || current.version !== expectedVersion) return false;
          uniqueName('groups', g);
          w('groups').set(g.id, copy({ ...g, id: current.id, organizationId: current.organizationId }));
          return true;
        }),
      delete: (orgId, id) =>
        call('groups.delete', () => {
          if (t('groups').get(id)?.organizationId !== orgId) return false;
          w('groups').delete(id);
          deleteWhere('members', (m: Member) => m.groupId === id);
          return true;
        }),
      get: (orgId, id) => call('groups.get', () => copy(ofOrg(t('groups').values(), orgId).find((g) => g.id === id) ?? null)),
      list: (orgId, page, filter) =>
        call('groups.list', () =>
          copy(
            window(
              ofOrg(t('groups').values(), orgId).filter((g) => matchesGroupFilter(g, filter)),
              page.offset,
              page.limit,
            ),
          ),
        ),
      all: (orgId) => call('groups.all', () => copy(ofOrg(t('groups').values(), orgId))),
      getMany: (orgId, ids) => call('groups.getMany', () => copy(ofOrg(t('groups').values(), orgId).filter((g) => ids.includes(g.id)))),
      count: (orgId, filter) =>
        call('groups.count', () => ofOrg(t('groups').values(), orgId).filter((g) => matchesGroupFilter(g, filter)).length),
      members: (orgId, groupId, page) =>
        call('groups.members', () => {
          const ids = relatedBy([groupId], 'groupId', orgId).get(groupId) ?? [];
          return page ? window(ids, page.offset, page.limit) : ids;
        }),
      membersOf: (orgId, groupIds, limit) => call('groups.membersOf', () => relatedBy(groupIds, 'groupId', orgId, limit)),
      addMembers: (orgId, groupId, accountIds) =>
        call('groups.addMembers', () => {
          // Those already in are left out; the rest are inserted (an id named twice breaks the primary key).
          const present = new Set(accountIds.filter((accountId) => t('members').has(`${groupId} ${accountId}`)));
          for (const accountId of accountIds) {
            const id = `${groupId} ${accountId}`;
            if (present.has(accountId)) continue;
            primaryKey('members', id);
            if (!t('groups').has(groupId)) throw foreignKey('group_members.group_id');
            if (!t('accounts').has(accountId)) throw foreignKey('group_members.service_account_id');
            w('members').set(id, { groupId, accountId, organizationId: orgId });
          }
        }),
      removeMembers: (orgId, groupId, accountIds) =>
        call('groups.removeMembers', () =>
          deleteWhere('members', (m: Member) => m.organizationId === orgId && m.groupId === groupId && accountIds.includes(m.accountId)),
        ),
      membershipsOf: (orgId, accountIds, limit) => call('groups.membershipsOf', () => relatedBy(accountIds, 'accountId', orgId, limit)),
    },
    keys: {
      insert: (k) =>
        call('keys.insert', () => {
          keyReferences(k);
          primaryKey('keys', k.id);
          w('keys').set(k.id, copy(k));
        }),
      update: (k) =>
        call('keys.update', () => {
          if (!t('keys').has(k.id)) return;
          keyReferences(k);
          w('keys').set(k.id, copy(k));
        }),
      followAccounts: (orgId, following) =>
        call('keys.followAccounts', () => {
          // An account named twice takes its first scopes, as the store's CASE does.
          const byAccount = new Map<string, (typeof following)[number]>();
          for (const f of following) if (!byAccount.has(f.accountId)) byAccount.set(f.accountId, f);
          for (const k of [...t('keys').values()]) {
            const scopes = byAccount.get(k.serviceAccountId);
            if (k.organizationId !== orgId || !scopes || k.scopesExplicit) continue;
            w('keys').set(k.id, { ...k, scopes: copy(k.readOnly ? scopes.readOnly : scopes.readWrite) });
          }
        }),
      get: (orgId, id) => call('keys.get', () => copy(ofOrg(t('keys').values(), orgId).find((k) => k.id === id) ?? null)),
      listForAccounts: (orgId, accountIds) =>
        call('keys.listForAccounts', () => copy(ofOrg(t('keys').values(), orgId).filter((k) => accountIds.includes(k.serviceAccountId)))),
      page: (orgId, q) =>
        call('keys.page', () => {
          const rows = ofOrg(t('keys').values(), orgId).filter(
            (k) => (q.accountId === undefined || k.serviceAccountId === q.accountId) && (!q.excludeRevoked || k.revokedAt === null),
          );
          return copy(window(rows, q.offset, q.limit));
        }),
      getWithAccount: (id) =>
        call('keys.getWithAccount', () => {
          const key = t('keys').get(id);
          const account = key && t('accounts').get(key.serviceAccountId);
          return key && account ? copy({ key, account }) : null;
        }),
      touch: (id, lastUsedAt) =>
        call('keys.touch', () => {
          const key = t('keys').get(id);
          if (key) w('keys').set(id, { ...key, lastUsedAt });
        }),
    },
    federatedCredentials: {
      insert: (c) =>
        call('federatedCredentials.insert', () => {
          credentialReferences(c);
          primaryKey('federatedCredentials', c.id);
          uniqueCredential(c);
          w('federatedCredentials').set(c.id, copy(c));
        }),
      update: (c, expectedVersion) =>
        call('federatedCredentials.update', () => {
          const current = credentialIn(c.organizationId, c.id);
          if (!current || current.version !== expectedVersion) return false;
          credentialReferences(c);
          uniqueCredential(c);
          w('federatedCredentials').set(c.id, copy({ ...c, id: current.id, organizationId: current.organizationId }));
          return true;
        }),
      delete: (orgId, id, expectedVersion) =>
        call('federatedCredentials.delete', () => {
          const current = credentialIn(orgId, id);
          if (!current || current.version !== expectedVersion) return false;
          return w('federatedCredentials').delete(id);
        }),
      get: (orgId, id) => call('federatedCredentials.get', () => copy(credentialIn(orgId, id) ?? null)),
      listForAccount: (orgId, accountId) =>
        call('federatedCredentials.listForAccount', () =>
          copy(ofOrg(t('federatedCredentials').values(), orgId).filter((c) => c.serviceAccountId === accountId)),
        ),
      countForAccount: (orgId, accountId) =>
        call(
          'federatedCredentials.countForAccount',
          () => ofOrg(t('federatedCredentials').values(), orgId).filter((c) => c.serviceAccountId === accountId).length,
        ),
      idsForAccounts: (orgId, accountIds) =>
        call('federatedCredentials.idsForAccounts', () => {
          const out = new Map<string, string[]>(accountIds.map((id) => [id, []]));
          for (const c of ofOrg(t('federatedCredentials').values(), orgId)) out.get(c.serviceAccountId)?.push(c.id);
          return out;
        }),
      getWithAccount: (id) =>
        call('federatedCredentials.getWithAccount', () => {
          const credential = t('federatedCredentials').get(id);
          const account = credential && accountIn(credential.organizationId, credential.serviceAccountId);
          return credential && account ? copy({ credential, account }) : null;
        }),
    },
    overview: {
      keyCounts: (orgId) =>
        call('overview.keyCounts', () => {
          const live = ofOrg(t('keys').values(), orgId).filter((k) => k.revokedAt === null);
          return { total: live.length, enabled: live.filter((k) => k.enabled).length };
        }),
      permissionsInUse: (orgId) =>
        call('overview.permissionsInUse', () => [
          ...new Set([
            ...ofOrg(t('accounts').values(), orgId).flatMap((a) => a.permissions),
            ...ofOrg(t('roles').values(), orgId).flatMap((r) => r.permissions),
          ]),
        ]),
    },
    audit: {
      insert: (e) => call('audit.insert', () => insertEvent(e)),
      // All of them or none: the store writes them in a few multi-row statements.
      insertMany: (events) =>
        call('audit.insertMany', () => {
          const ids = new Set(events.map((e) => e.id));
          if (ids.size !== events.length) throw new Error('duplicate primary key: audit (twice in one insertMany)');
          for (const e of events) primaryKey('audit', e.id);
          for (const e of events) insertEvent(e);
        }),
      listForAccount: (orgId, accountId, q) =>
        call('audit.listForAccount', () => {
          const rows = ofOrg(t('audit').values(), orgId).filter(
            (e) => e.serviceAccountId === accountId && (!q.afterId || e.id > q.afterId),
          );
          return copy(window(rows, q.offset, q.limit));
        }),
      listForOrganization: (orgId, q) =>
        call('audit.listForOrganization', () => {
          const f = q.filter ?? {};
          const rows = ofOrg(t('audit').values(), orgId)
            .filter(
              (e) =>
                (!f.targetType || e.targetType === f.targetType) &&
                (!f.targetId || e.targetId === f.targetId) &&
                (!f.verb || e.action.endsWith(`.${f.verb}`)),
            )
            .reverse();
          return copy(window(rows, q.offset, q.limit));
        }),
    },
    policies: {
      get: (orgId) => call('policies.get', () => copy(t('policies').get(orgId) ?? null)),
      put: (c) =>
        call('policies.put', () => {
          organizationExists(c.organizationId, 'credential_policies');
          w('policies').set(c.organizationId, copy(c));
        }),
      active: () =>
        call('policies.active', () =>
          copy([...t('policies').values()].filter(hasRule).sort((a, b) => byText(a.organizationId, b.organizationId))),
        ),
    },
    keyMarks: {
      forKeys: (orgId, keyIds) =>
        call('keyMarks.forKeys', () => {
          const out = new Map<string, KeyPolicyMarks>();
          for (const keyId of keyIds) {
            const marks = marksIn(orgId, keyId);
            if (marks) out.set(keyId, copy(marks));
          }
          return out;
        }),
      enabled: (orgId, keyId, at) => call('keyMarks.enabled', () => mark(orgId, keyId, 'enabledAt', at)),
      warned: (orgId, keyId, expiresAt) =>
        call('keyMarks.warned', () => {
          if (marksIn(orgId, keyId)?.expiryWarnedFor === expiresAt) return false;
          mark(orgId, keyId, 'expiryWarnedFor', expiresAt);
          return true;
        }),
      overLifetime: (orgId, keyId, at) =>
        call('keyMarks.overLifetime', () => {
          if (marksIn(orgId, keyId)?.overLifetimeReportedAt) return false;
          mark(orgId, keyId, 'overLifetimeReportedAt', at);
          return true;
        }),
    },
    webhooks: {
      insert: (sub) =>
        call('webhooks.insert', () => {
          organizationExists(sub.organizationId, 'webhook_subscriptions');
          primaryKey('webhooks', sub.id);
          w('webhooks').set(sub.id, copy(sub));
        }),
      update: (sub) =>
        call('webhooks.update', () => {
          const current = webhookIn(sub.organizationId, sub.id);
          if (!current) return;
          // Every column but the id, the organization and the creation time.
          w('webhooks').set(sub.id, copy({ ...sub, id: current.id, organizationId: current.organizationId, createdAt: current.createdAt }));
        }),
      delete: (orgId, id) =>
        call('webhooks.delete', () => {
          if (!webhookIn(orgId, id)) return false;
          w('webhooks').delete(id);
          deleteWhere('deliveries', (d: WebhookDelivery) => d.subscriptionId === id);
          return true;
        }),
      get: (orgId, id) => call('webhooks.get', () => copy(webhookIn(orgId, id) ?? null)),
      list: (orgId) => call('webhooks.list', () => copy(ofOrg(t('webhooks').values(), orgId))),
      subscribers: (orgId) =>
        call('webhooks.subscribers', () =>
          ofOrg(t('webhooks').values(), orgId)
            .filter((sub) => sub.enabled)
            .map((sub) => ({ id: sub.id, events: copy(sub.events) })),
        ),
      // One statement a row, as the store writes them: inside a transaction all land or none.
      enqueue: (deliveries) =>
        call('webhooks.enqueue', () => {
          for (const d of deliveries) {
            primaryKey('deliveries', d.id);
            if (!t('webhooks').has(d.subscriptionId)) throw foreignKey('webhook_deliveries.subscription_id');
            w('deliveries').set(d.id, copy(d));
          }
        }),
      deliveries: (orgId, subscriptionId, page) =>
        call('webhooks.deliveries', () => {
          const rows = ofOrg(t('deliveries').values(), orgId)
            .filter((d) => d.subscriptionId === subscriptionId)
            .reverse();
          return copy(window(rows, page.offset, page.limit));
        }),
    },
  };
}
