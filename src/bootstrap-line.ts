import { closeSync, constants, fchmodSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BootstrappedOrganization } from './core/organizations';

/** The one JSON line the CLI and the first start print: everything needed to make the first call. */
export function bootstrapLine(boot: BootstrappedOrganization): string {
  return JSON.stringify({
    organizationId: boot.organization.id,
    serviceAccountId: boot.admin.view.account.id,
    clientId: boot.admin.view.account.clientId,
    clientSecret: boot.admin.issued?.secret,
  });
}

/**
 * Hands the first-start credentials over once: on stdout, or, with BOOTSTRAP_CREDENTIALS_FILE, in that
 * file (mode 0600; nothing on stdout, which log shippers keep) with a line on stderr saying where. A
 * file that cannot be written fails the start: the organization exists by then, so the message says
 * how to make an Admin key instead.
 */
export function announceBootstrap(boot: BootstrappedOrganization, file?: string): void {
  const line = `${bootstrapLine(boot)}\n`;
  if (!file) {
    process.stdout.write(line);
    return;
  }
  try {
    writePrivateFile(file, line);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new Error(
      `BOOTSTRAP_CREDENTIALS_FILE ${file} could not be written (${why}); organization "${boot.organization.name}" ` +
        `was made without showing its credentials: run \`node bin/iamgate.js admin create --org ${boot.organization.id}\` for an Admin key`,
      { cause: err },
    );
  }
  process.stderr.write(`iamgate wrote the first-start credentials to ${file} (mode 0600)\n`);
}

/** Created (or truncated) 0600 whatever the umask, never through a symbolic link. */
function writePrivateFile(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
  try {
    fchmodSync(fd, 0o600); // an existing file keeps its mode through open(): set it before writing
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
