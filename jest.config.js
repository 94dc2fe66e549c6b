// Four layers, one jest project each (which file is in which: test/layers.js; when to run which:
// CONTRIBUTING.md). `npm test` builds, then runs them all; `npm run test:<layer>` runs one.
//   unit   no server, no database, no process: the core on the in-memory store, codecs, auth, rules
//   store  the store contract: the same cases on the in-memory store, SQLite and PostgreSQL
//   api    a real iamgate in-process on port 0, over HTTP with supertest (test/support/server.ts)
//   system processes from dist/, nginx, Chromium, Spectral, promtool, the fuzzers; refuses to start
//          on a dist/ older than the sources (test/support/fresh-build.ts)
const layers = require('./test/layers');

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A listed path as a jest glob: a folder's test files, or the file itself. */
const globsOf = (paths) => paths.map((p) => (p.endsWith('/') ? `<rootDir>/${p}**/*.test.ts` : `<rootDir>/${p}`));
/** A listed path as a testPathIgnorePatterns regular expression. */
const patternsOf = (paths) => paths.map((p) => `^<rootDir>/${escapeRegExp(p)}${p.endsWith('/') ? '' : '$'}`);

const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // tsconfig.json has isolatedModules: ts-jest transpiles each file alone, without type-checking
  // (npm run typecheck does that once for everything).
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};

const projects = [
  {
    ...common,
    displayName: 'unit',
    testMatch: globsOf(layers.unit),
    // The sources too, so `npm run test:unit -- --watch` reruns when they change.
    roots: ['<rootDir>/test', '<rootDir>/src', '<rootDir>/adapters', '<rootDir>/schemas'],
  },
  { ...common, displayName: 'store', testMatch: globsOf(layers.store) },
  {
    ...common,
    displayName: 'api',
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/', ...patternsOf([...layers.unit, ...layers.store, ...layers.system])],
  },
  { ...common, displayName: 'system', testMatch: globsOf(layers.system), globalSetup: '<rootDir>/test/support/fresh-build.ts' },
];

// `npm run test:<layer>` names its layer here, not with --selectProjects, which would take the test
// paths given after it (`npm run test:unit -- test/unit/core`) for project names.
const layer = process.env.TEST_LAYER;
const chosen = layer ? projects.filter((p) => p.displayName === layer) : projects;
if (!chosen.length) throw new Error(`TEST_LAYER=${layer} names no layer (${projects.map((p) => p.displayName).join(', ')})`);

module.exports = { testTimeout: 30000, maxWorkers: 2, projects: chosen };
