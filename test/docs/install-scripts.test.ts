// npm 11 runs a dependency's install scripts only when package.json's `allowScripts` approves it
// (today it warns; a later npm blocks). The two native modules must be approved, or a future
// `npm ci` leaves them unbuilt; everything else with an install script is recorded as denied.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; hasInstallScript?: boolean }>;
};

/** The packages the lockfile installs that have install scripts: name → version. */
function withInstallScripts(): Map<string, string> {
  const found = new Map<string, string>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!entry.hasInstallScript || path === '') continue;
    found.set(path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length), entry.version ?? '');
  }
  return found;
}

/** allowScripts' verdict for one installed version: the name-only entry or a `name@version` pin. */
function verdict(name: string, version: string): boolean | undefined {
  const entries = pkg.allowScripts ?? {};
  return entries[`${name}@${version}`] ?? entries[name];
}

test('when npm installs the lockfile, then every install script is reviewed: bcrypt and better-sqlite3 run, nothing else', () => {
  const verdicts = Object.fromEntries([...withInstallScripts()].map(([name, version]) => [name, verdict(name, version)]));
  expect(verdicts).toEqual({ bcrypt: true, 'better-sqlite3': true, '@scarf/scarf': false });
});
