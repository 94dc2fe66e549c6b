// Debian's Chromium for the browser tests (CI installs it in .ci/run; elsewhere they are skipped when
// it is missing), with the flags that keep it off the (closed) network, and the console's build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CONSOLE_ASSETS } from '../../console/server';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** `describe` when Chromium is here (or in CI, where its absence must fail), else `describe.skip`. */
export const describeWithChromium = CHROMIUM || process.env.CI ? describe : describe.skip;

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium driven by playwright-core; `args` add to the flags (e.g. --host-resolver-rules). */
export function launchChromium(args: string[] = []): Promise<Browser> {
  if (!CHROMIUM) throw new Error('chromium is not installed (CI installs it in .ci/run)');
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS, ...args] });
}

/** The console as `npm run build` makes it; built here when a bare `npx jest` finds none. */
export function ensureConsoleBuilt(): void {
  if (existsSync(join(CONSOLE_ASSETS, 'index.html'))) return;
  const root = join(__dirname, '..', '..');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'console/vite.config.mts'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build of the console failed');
}
