// What the fuzzer runs against: one server, the callers it sends as (an Admin by secret, Basic and
// access token, a read-only Member, another org), credentials that must fail (revoked, disabled),
// and the stored state, snapshotted after every request so a refused one can be shown to change nothing.
import { basic, bearer, startTestServer, type TestServer } from '../../support/server';
import { FUZZ_SEED } from './settings';

export interface AccountRow {
  id: string;
  organization_id: string;
  version: number | string;
}
export interface KeyRow {
  id: string;
  service_account_id: string;
  organization_id: string;
}

export interface Snapshot {
  /** Everything a refused request must leave as it was, as comparable text. */
  text: string;
  accounts: AccountRow[];
  keys: KeyRow[];
  workspaces: { id: string }[];
}

export interface Fixtures {
  orgId: string;
  adminSecret: string;
  adminClientId: string;
  accessToken: string;
  readerSecret: string;
  readerClientId: string;
  otherOrgId: string;
  otherSecret: string;
  foreignAccountId: string;
  foreignKeyId: string;
  revokedSecret: string;
  disabledSecret: string;
}

const MIN_TARGETS = 3;
const MAX_TARGETS = 40;

const SNAPSHOT_SQL = [
  'SELECT * FROM service_accounts ORDER BY id',
  // last_used_at moves on every authenticated use: not a change a request makes.
  `SELECT id, organization_id, service_account_id, name, description, secret_hash, secret_prefix, scopes, read_only, enabled,
     expires_at, created_at, revoked_at FROM keys ORDER BY id`,
  'SELECT * FROM workspaces ORDER BY id',
  // Audit events are only ever inserted: their count and newest id show any new one.
  'SELECT COUNT(*) AS n, MAX(id) AS newest FROM audit_events',
];

export class FuzzWorld {
  /** Requests the properties sent, and requests made to set up or top up targets. */
  sent = 0;
  setupRequests = 0;
  /** How many responses of each status the fuzzed requests got. */
  readonly statuses = new Map<number, number>();
  /** Every secret any response has shown (they must never show again, least of all in errors). */
  readonly secrets = new Set<string>();
  /** Accounts the fuzzer must not touch: the callers and the credential fixtures. */
  private readonly reserved = new Set<string>();
  state!: Snapshot;
  fx!: Fixtures;

  private constructor(readonly t: TestServer) {}

  static async start(): Promise<FuzzWorld> {
    // The fuzzer sends many bad credentials on purpose; the limits would turn them all into 429s.
    const t = await startTestServer({ rateLimits: { authFailuresPerMinute: 1_000_000, tokenRequestsPerMinute: 1_000_000 } });
    const world = new FuzzWorld(t);
    await world.setUp();
    return world;
  }

  get port(): number {
    return this.t.running.port;
  }

  private async create(
    secret: string,
    body: object,
  ): Promise<{ id: string; clientId: string; clientSecret: string; credentials: { id: string }[] }> {
    this.setupRequests++;
    const res = await this.t.http.post('/api/v2/service-accounts').set(bearer(secret)).send(body);
    if (res.status !== 201) throw new Error(`fuzz setup: create answered ${res.status} ${res.text}`);
    this.secrets.add(res.body.data.clientSecret);
    return res.body.data;
  }

  private async setUp(): Promise<void> {
    const { admin } = this.t;
    this.secrets.add(admin.secret);
    const reader = await this.create(admin.secret, {
      name: 'fuzz reader',
      organizationalRole: 'Member',
      scopes: ['service-accounts:read'],
    });
    const revoked = await this.create(admin.secret, { name: 'fuzz revoked', organizationalRole: 'Admin' });
    const disabled = await this.create(admin.secret, { name: 'fuzz disabled', organizationalRole: 'Admin' });
    await this.t.http
      .post(`/api/v2/service-accounts/${revoked.id}/credentials/${revoked.credentials[0].id}/revoke`)
      .set(bearer(admin.secret));
    await this.t.http.post(`/api/v2/service-accounts/${disabled.id}/disable`).set(bearer(admin.secret));
    const token = await this.t.http
      .post('/oauth2/token')
      .set(basic(admin.clientId, admin.secret))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    const other = await this.t.newOrg('Elsewhere');
    this.secrets.add(other.secret);
    const foreign = await this.create(other.secret, { name: 'fuzz foreign' });
    await this.t.http.post('/api/v2/workspaces').set(bearer(admin.secret)).send({ name: 'fuzz workspace' });
    this.setupRequests += 4; // revoke, disable, token, workspace
    for (const id of [admin.serviceAccountId, reader.id, revoked.id, disabled.id]) this.reserved.add(id);
    this.fx = {
      orgId: admin.organizationId,
      adminSecret: admin.secret,
      adminClientId: admin.clientId,
      accessToken: token.body.access_token,
      readerSecret: reader.clientSecret,
      readerClientId: reader.clientId,
      otherOrgId: other.organizationId,
      otherSecret: other.secret,
      foreignAccountId: foreign.id,
      foreignKeyId: foreign.credentials[0].id,
      revokedSecret: revoked.clientSecret,
      disabledSecret: disabled.clientSecret,
    };
    this.state = await this.snapshot();
    await this.keepTargets();
  }

  /** Accounts of the caller's org the fuzzer may aim at (and change, or delete). */
  targets(): AccountRow[] {
    return this.state.accounts.filter((a) => a.organization_id === this.fx.orgId && !this.reserved.has(a.id));
  }

  keysOf(accountId?: string): KeyRow[] {
    const targets = new Set(this.targets().map((a) => a.id));
    return this.state.keys.filter((k) => (accountId ? k.service_account_id === accountId : targets.has(k.service_account_id)));
  }

  /**
   * Keeps between MIN_TARGETS and MAX_TARGETS targets: some to aim at however many the fuzzer
   * deleted, and not so many that the snapshot after every request (all rows) slows a long run.
   */
  async keepTargets(): Promise<void> {
    const targets = this.targets();
    if (targets.length >= MIN_TARGETS && targets.length <= MAX_TARGETS) return;
    for (const { id } of targets.slice(0, Math.max(0, targets.length - MAX_TARGETS / 2))) {
      this.setupRequests++;
      await this.t.http.delete(`/api/v2/service-accounts/${id}`).set(bearer(this.fx.adminSecret));
    }
    for (let i = targets.length; i < MIN_TARGETS + 1; i++) {
      await this.create(this.fx.adminSecret, {
        name: `fuzz target ${this.setupRequests}`,
        scopes: ['service-accounts:read', 'service-accounts:write'],
      });
    }
    this.state = await this.snapshot();
  }

  async snapshot(): Promise<Snapshot> {
    const [accounts, keys, workspaces, audit] = await Promise.all(SNAPSHOT_SQL.map((sql) => this.t.query(sql)));
    return {
      text: JSON.stringify([accounts, keys, workspaces, audit]),
      accounts: accounts as unknown as AccountRow[],
      keys: keys as unknown as KeyRow[],
      workspaces: workspaces as unknown as { id: string }[],
    };
  }

  report(what: string): void {
    const statuses = [...this.statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    process.stderr.write(
      `fuzz ${what} (${this.t.engine}, seed ${FUZZ_SEED}): ${this.sent} requests (${statuses}), ${this.setupRequests} for setup\n`,
    );
  }

  async close(): Promise<void> {
    await this.t.close();
  }
}
