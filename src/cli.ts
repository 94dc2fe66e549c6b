// The `iamgate` command. `iamgate org create --name "Acme"` makes an organization with its first
// Admin service account and key, and prints one JSON line with the credentials.
import { parseArgs } from 'node:util';
import { bootstrapLine } from './bootstrap-line';
import { openRuntime } from './composition';
import { loadConfig } from './config';
import { DomainError } from './core/errors';

const USAGE = 'usage: iamgate org create --name <name>\n(uses DATABASE_URL like the server)\n';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { name: { type: 'string' }, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (values.help || positionals[0] !== 'org' || positionals[1] !== 'create' || positionals.length !== 2 || !values.name) {
    process.stderr.write(USAGE);
    return values.help ? 0 : 2;
  }
  const runtime = await openRuntime(loadConfig(), { logToStderr: true });
  try {
    const boot = await runtime.core.createOrganization(values.name);
    process.stdout.write(`${bootstrapLine(boot)}\n`);
    return 0;
  } finally {
    await runtime.store.close();
  }
}

/** Runs the command and exits with its status; the bin and `node dist/src/cli.js` both call this. */
export function runCli(argv: string[]): void {
  main(argv).then(
    (code) => process.exit(code),
    (err: unknown) => {
      const detail = err instanceof DomainError
        ? err.fields.map((f) => `${f.field} ${f.message}`).join('; ') || err.message
        : String((err as Error)?.message ?? err);
      process.stderr.write(`iamgate: ${detail}\n`);
      process.exit(2);
    },
  );
}

if (require.main === module) runCli(process.argv.slice(2));
