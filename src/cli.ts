// The `iamgate` command, on the server's database (DATABASE_URL): making organizations, listing
// them, and recovering one whose admin keys are lost. Every result is one JSON line on stdout;
// logs and errors go to stderr. Exit status: 0 done, 1 refused or failed, 2 wrong usage.
import { parseArgs } from 'node:util';
import { bootstrapLine } from './bootstrap-line';
import { openRuntime } from './composition';
import { loadConfig } from './config';
import type { IamCore } from './core';
import { DomainError } from './core/errors';

export const USAGE = `usage: iamgate <command>

  org create --name <name>      a new organization with an Admin service account and key
  org list                      every organization: {id, name, createdAt, accounts}
  admin create --org <id|name>  a new Admin service account with one key in that organization
                                (recovery when its admin keys are lost or revoked)
  help, --help, -h              this text

Uses DATABASE_URL like the server. Each result is one JSON line on stdout; logs and errors go
to stderr. Exit status: 0 done, 1 refused or failed, 2 wrong usage.
`;

/** A parsed command: what it prints, one line per record. */
type Command = (core: IamCore) => Promise<string[]>;

function parse(argv: string[]): Command | 'help' | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { name: { type: 'string' }, org: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch {
    return null; // an unknown option or a missing value
  }
  const { values: { name, org, help }, positionals } = parsed;
  const command = positionals.join(' ');
  if (help || (command === 'help' && name === undefined && org === undefined)) return 'help';
  if (command === 'org create' && name !== undefined && org === undefined) {
    return async (core) => [bootstrapLine(await core.createOrganization(name))];
  }
  if (command === 'org list' && name === undefined && org === undefined) {
    return async (core) => (await core.listOrganizations()).map((o) => JSON.stringify({ id: o.id, name: o.name, createdAt: o.createdAt, accounts: o.accounts }));
  }
  if (command === 'admin create' && org !== undefined && name === undefined) {
    return async (core) => [bootstrapLine(await core.createAdmin(org))];
  }
  return null;
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
  const runtime = await openRuntime(loadConfig(), { logToStderr: true });
  try {
    const lines = await command(runtime.core);
    await write(process.stdout, lines.map((l) => `${l}\n`).join(''));
    return 0;
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
