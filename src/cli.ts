// The `iamgate` command, on the server's database (DATABASE_URL): making organizations, listing
// them, and recovering one whose admin keys are lost. Every result is one JSON line on stdout;
// logs and errors go to stderr. Exit status: 0 done, 1 refused or failed, 2 wrong usage.
// `secret check` runs offline: it loads neither the store nor the configuration (secret-check.ts).
import { parseArgs } from 'node:util';
import { bootstrapLine } from './bootstrap-line';
import type { Runtime } from './composition';
import type { JanitorAction } from './core/janitor';
import type { IamCore } from './core';
import { DomainError } from './core/errors';
import { secretCheck } from './secret-check';

export const USAGE = `usage: iamgate <command>

  org create --name <name>      a new organization with an Admin service account and key
  org list                      every organization: {id, name, createdAt, accounts}
  admin create --org <id|name>  a new Admin service account with one key in that organization
                                (recovery when its admin keys are lost or revoked)
  secret check [<value>]        whether the value (else standard input) is a well-formed iamgate key
                                secret with a valid checksum: exit 0 if so, 1 if not (an old secret
                                without checksum: 1, saying so); offline, no database touched
  usage --dialect <name> [--org <id|name>] [--since-days 30] [--json]
                                the accounts that called a dialect in the window: a table (or one
                                JSON line per account); exit 0 when none did ("safe to retire"), 3 otherwise
  janitor [--dry-run [--as-of <RFC 3339 date-time>]]
                                apply the credential policies once (disable unused keys, warn before
                                expiry, report over-lifetime keys): one JSON line per action done; with
                                --dry-run, what it would do (at --as-of, default now), changing nothing
  help, --help, -h              this text

Uses DATABASE_URL like the server. Each result is one JSON line on stdout; logs and errors go
to stderr. Exit status: 0 done, 1 refused or failed, 2 wrong usage (3: usage found callers).
`;

/** A parsed command: what it prints, one line per record (and, for `usage`, its exit status). */
type Command = (core: IamCore, runtime: Runtime) => Promise<string[] | { lines: string[]; code: number }>;
/** A command that needs no database: its line and exit status. */
type Offline = { offline: () => Promise<{ line: string; code: number }> };

function parse(argv: string[]): Command | Offline | 'help' | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        name: { type: 'string' },
        org: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        dialect: { type: 'string' },
        'since-days': { type: 'string' },
        json: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        'as-of': { type: 'string' },
      },
    });
  } catch {
    return null; // an unknown option or a missing value
  }
  const {
    values: { name, org, help, dialect, 'since-days': since, json, 'dry-run': dryRun, 'as-of': asOf },
    positionals,
  } = parsed;
  const command = positionals.join(' ');
  if (
    command === 'janitor' &&
    name === undefined &&
    org === undefined &&
    dialect === undefined &&
    since === undefined &&
    json === undefined
  )
    return janitorCommand(dryRun ?? false, asOf);
  if (dryRun !== undefined || asOf !== undefined) return null;
  if (command === 'usage') return usageCommand(dialect, org, since, json ?? false, name);
  if (dialect !== undefined || since !== undefined || json !== undefined) return null;
  if (help || (command === 'help' && name === undefined && org === undefined)) return 'help';
  if (positionals[0] === 'secret' && positionals[1] === 'check') {
    const ok = positionals.length <= 3 && name === undefined && org === undefined;
    return ok ? { offline: () => secretCheck(positionals[2], process.stdin) } : null;
  }
  if (command === 'org create' && name !== undefined && org === undefined) {
    return async (core) => [bootstrapLine(await core.createOrganization(name))];
  }
  if (command === 'org list' && name === undefined && org === undefined) {
    return async (core) =>
      (await core.listOrganizations()).map((o) => JSON.stringify({ id: o.id, name: o.name, createdAt: o.createdAt, accounts: o.accounts }));
  }
  if (command === 'admin create' && org !== undefined && name === undefined) {
    return async (core) => [bootstrapLine(await core.createAdmin(org))];
  }
  return null;
}

/** `iamgate janitor`: one JSON line per action (done, or with --dry-run due at --as-of). */
function janitorCommand(dryRun: boolean, asOf: string | undefined): Command | null {
  if (asOf !== undefined && (!dryRun || !RFC3339.test(asOf) || Number.isNaN(Date.parse(asOf)))) return null;
  return async (_core, runtime) => {
    // Loaded only here, like the store: the offline commands start fast.
    const { janitorPlan, runJanitorOnce } = await import('./janitor');
    if (dryRun) return (await janitorPlan(runtime, asOf === undefined ? undefined : new Date(asOf))).map(janitorLine);
    const done = await runJanitorOnce(runtime);
    if (done === null) throw new DomainError('CONFLICT', 'Another process is running the janitor; try again later');
    return done.map(janitorLine);
  };
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function janitorLine(a: JanitorAction): string {
  return JSON.stringify({
    action: a.action,
    organizationId: a.organizationId,
    serviceAccountId: a.serviceAccountId,
    keyId: a.keyId,
    keyName: a.keyName,
    idleSince: a.idleSince,
    disableUnusedKeysAfterDays: a.disableUnusedKeysAfterDays,
    expiresAt: a.expiresAt,
    warnBeforeExpiryDays: a.warnBeforeExpiryDays,
    createdAt: a.createdAt,
    maxKeyLifetimeDays: a.maxKeyLifetimeDays,
  });
}

/** `iamgate usage`: exit 3 when anyone called the dialect in the window, so a pipeline can gate on it. */
function usageCommand(
  dialect: string | undefined,
  org: string | undefined,
  since: string | undefined,
  json: boolean,
  name: string | undefined,
): Command | null {
  const days = since === undefined ? 30 : Number(since);
  if (!dialect || name !== undefined || !Number.isInteger(days) || days < 1 || days > 400) return null;
  return async (core) => {
    const users = await core.usageReport(dialect.toLowerCase(), days, org);
    const lines = json
      ? users.map((u) =>
          JSON.stringify({
            organizationId: u.organizationId,
            organization: u.organization,
            accountId: u.accountId,
            name: u.name,
            requests: u.requests,
            lastUsedAt: u.lastUsedAt,
            keys: u.keys,
            routes: u.routes,
          }),
        )
      : usageTable(dialect, days, users);
    return { lines, code: users.length ? 3 : 0 };
  };
}

function usageTable(dialect: string, days: number, users: Awaited<ReturnType<IamCore['usageReport']>>): string[] {
  if (!users.length) return [`No service account called ${dialect} in the last ${days} days: safe to retire.`];
  const rows = users.map((u) => [
    u.organization,
    u.name ?? '(deleted)',
    u.accountId,
    String(u.requests),
    u.lastUsedAt,
    u.routes
      .slice(0, 3)
      .map((r) => `${r.method} ${r.route}`)
      .join(', '),
  ]);
  const head = ['ORGANIZATION', 'ACCOUNT', 'ID', 'REQUESTS', 'LAST USED', 'TOP ROUTES'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line), `${users.length} account(s) called ${dialect} in the last ${days} days.`];
}

export async function main(argv: string[]): Promise<number> {
  const command = parse(argv);
  if (command === 'help') {
    await write(process.stdout, USAGE);
    return 0;
  }
  if (!command) {
    await write(process.stderr, USAGE);
    return 2;
  }
  if ('offline' in command) {
    const { line, code } = await command.offline();
    await write(process.stdout, `${line}\n`);
    return code;
  }
  // Loaded only here, so an offline command starts fast and never opens the database.
  const [{ openRuntime }, { loadConfig }] = await Promise.all([import('./composition'), import('./config')]);
  // A command fails at once when the database is down (the server waits for it: DB_CONNECT_RETRY_S).
  const runtime = await openRuntime({ ...loadConfig(), dbConnectRetryS: 0 }, { logToStderr: true });
  try {
    const result = await command(runtime.core, runtime);
    const { lines, code } = Array.isArray(result) ? { lines: result, code: 0 } : result;
    await write(process.stdout, lines.map((l) => `${l}\n`).join(''));
    return code;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    await write(process.stderr, `iamgate: ${describe(err)}\n`);
    return 1;
  } finally {
    await runtime.store.close();
  }
}

function describe(err: DomainError): string {
  const fields = err.fields.map((f) => `${f.field} ${f.message}`).join('; ');
  return fields ? `${err.message} (${fields})` : err.message;
}

/** Resolves once the text is handed to the OS, so process.exit cannot cut it off. */
function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return text ? new Promise((resolve, reject) => stream.write(text, (err) => (err ? reject(err) : resolve()))) : Promise.resolve();
}

/** Runs the command and exits with its status; the bin and `node dist/src/cli.js` both call this. */
export function runCli(argv: string[]): void {
  main(argv).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`iamgate: ${String((err as Error)?.message ?? err)}\n`, () => process.exit(1));
    },
  );
}

if (require.main === module) runCli(process.argv.slice(2));
