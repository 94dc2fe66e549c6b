// The system tests' globalSetup: they start dist/src/server.js, bin/iamgate.js and the built console,
// so a dist/ older than the sources would test yesterday's code. Refuses to start, naming the stale
// files, unless every source has an output at least as new. `npm test` and `npm run test:system`
// build first; `npx jest <a system test>` after an edit needs `npm run build`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** What tsc -p tsconfig.build.json compiles (console/server.ts comes in through src/http). */
const COMPILED = ['src', 'adapters', 'schemas', 'console'];
/** What Vite builds into dist/console/web. */
const CONSOLE_WEB = join(ROOT, 'console', 'web');
const CONSOLE_PAGE = join(ROOT, 'dist', 'console', 'web', 'index.html');

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

const mtime = (path: string) => (existsSync(path) ? statSync(path).mtimeMs : -1);

/** Sources newer than what was built from them (or never built). */
export function staleOutputs(): string[] {
  const stale: string[] = [];
  for (const dir of COMPILED) {
    for (const source of files(join(ROOT, dir))) {
      if (source.startsWith(CONSOLE_WEB) || !/\.ts$/.test(source) || source.endsWith('.d.ts')) continue;
      const output = join(ROOT, 'dist', relative(ROOT, source)).replace(/\.ts$/, '.js');
      if (mtime(output) < mtime(source)) stale.push(relative(ROOT, source));
    }
  }
  const page = mtime(CONSOLE_PAGE);
  for (const source of files(CONSOLE_WEB)) if (page < mtime(source)) stale.push(relative(ROOT, source));
  return stale;
}

export default function freshBuild(): void {
  const stale = staleOutputs();
  if (!stale.length) return;
  const shown = stale.slice(0, 5).join(', ') + (stale.length > 5 ? ` and ${stale.length - 5} more` : '');
  throw new Error(
    `dist/ is older than the sources (${shown}): the system tests would run the last build, not this code. ` +
      'Run `npm run build` first (`npm test` and `npm run test:system` do).',
  );
}
