// The test layers stay what CONTRIBUTING.md says they are: every test file is in exactly one (the
// lists in test/layers.js, `api` for the rest), a file that starts a process or reads dist/ is a
// system test (so it runs after a fresh build), a unit test starts no server, database or process,
// and every store contract file runs its cases on every store.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as layers from '../layers';

const ROOT = join(__dirname, '..', '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [relative(ROOT, path)] : [];
  });
}

const FILES = testFiles(join(ROOT, 'test'));
const listed = (paths: string[], file: string) => paths.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));
const LISTED = { unit: layers.unit, store: layers.store, system: layers.system };
/** The layers a file is in: those whose lists name it, or `api` when none does. */
const layerOf = (file: string): string[] => {
  const named = Object.entries(LISTED)
    .filter(([, paths]) => listed(paths, file))
    .map(([layer]) => layer);
  return named.length ? named : ['api'];
};
const source = (file: string) => readFileSync(join(ROOT, file), 'utf8');
/** What a file imports or requires. */
const imports = (file: string) =>
  [...source(file).matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);

/** Starting a process, or reading what `npm run build` made. */
const SYSTEM_SIGNS: [string, (file: string) => boolean][] = [
  ['starts processes (child_process)', (f) => imports(f).some((i) => /(^|:)child_process$/.test(i))],
  ['starts iamgate from dist/ (support/server-process)', (f) => imports(f).some((i) => i.endsWith('support/server-process'))],
  ['names a file under dist/', (f) => /['"`]dist\/|join\([^)]*['"]dist['"]/.test(source(f))],
  ['drives a browser (playwright-core)', (f) => imports(f).includes('playwright-core')],
  ['fuzzes (fast-check)', (f) => imports(f).includes('fast-check') || /\bfuzzDialect\(/.test(source(f))],
];

/** What a unit test must not bring up. */
const NOT_IN_UNIT = [
  'support/server',
  'support/server-process',
  'support/fresh-database',
  'supertest',
  'src/server',
  'src/composition',
  'src/store/typeorm-store',
  'pg',
];

test('when the layers are listed, then every entry names a file or folder that exists', () => {
  const missing = [...layers.unit, ...layers.store, ...layers.system].filter((p) => !existsSync(join(ROOT, p)));
  expect(missing).toEqual([]);
  for (const folder of [...layers.unit, ...layers.store, ...layers.system].filter((p) => p.endsWith('/'))) {
    expect(statSync(join(ROOT, folder)).isDirectory()).toBe(true);
  }
});

test('when a test file is run, then it belongs to exactly one layer', () => {
  const ambiguous = FILES.filter((f) => layerOf(f).length !== 1).map((f) => `${f}: ${layerOf(f).join(', ')}`);
  expect(ambiguous).toEqual([]);
});

test('when a test file starts a process or reads dist/, then it is a system test (listed in test/layers.js)', () => {
  const misplaced = FILES.filter((f) => layerOf(f)[0] !== 'system').flatMap((f) =>
    SYSTEM_SIGNS.filter(([, shows]) => shows(f)).map(([why]) => `${f} ${why}`),
  );
  expect(misplaced).toEqual([]);
});

test('when a test file is a unit test, then it brings up no server, database or process', () => {
  const heavy = FILES.filter((f) => layerOf(f)[0] === 'unit').flatMap((f) =>
    imports(f)
      .filter((i) => NOT_IN_UNIT.some((n) => i === n || i.endsWith(`/${n}`)))
      .map((i) => `${f} imports ${i}`),
  );
  expect(heavy).toEqual([]);
});

test('when a test file is in the store layer, then it is a contract file whose cases run on every store', () => {
  const stray = FILES.filter((f) => layerOf(f)[0] === 'store').filter(
    (f) => !f.startsWith('test/store/contract/') || !/\bonEveryStore\(/.test(source(f)),
  );
  expect(stray).toEqual([]);
});
