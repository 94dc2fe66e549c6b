// Which layer (jest project) each test file belongs to: jest.config.js builds the projects from these
// lists, and test/unit/test-layers.test.ts checks them against what the files do. Paths are from the
// repository root; one ending in `/` is a folder. A test file in none of the lists is an `api` test
// (server-less checks that load the whole HTTP layer, such as the OpenAPI documents', are there too:
// loading it takes seconds, which the unit loop cannot spend).
// CONTRIBUTING.md says what each layer is for and which command runs it.
module.exports = {
  /** No server, no database, no process, no dist/: the core on the in-memory store, codecs, auth, rules. */
  unit: [
    'test/unit/',
    'test/core/',
    'test/auth/',
    'test/observability/redaction.test.ts',
    'test/docs/operator-files.test.ts',
    'test/docs/install-scripts.test.ts',
  ],
  /** The store contract: the same cases on the in-memory store, SQLite and (TEST_DATABASE_URL) PostgreSQL. */
  store: ['test/store/contract/'],
  /** Processes started from dist/, nginx, Chromium, Spectral, promtool, code generators, the fuzzers. */
  system: [
    'test/e2e/',
    'test/console/',
    'test/fuzz/raw-socket.test.ts',
    'test/fuzz/v1-routes.test.ts',
    'test/fuzz/v2-routes.test.ts',
    'test/fuzz/v3-routes.test.ts',
    'test/docs/generated-client.test.ts',
    'test/docs/openapi-lint.test.ts',
    'test/docs/readme-cli.test.ts',
    'test/docs/readme-first-five-minutes.test.ts',
    'test/hygiene/janitor-cli.test.ts',
    'test/observability/promtool.test.ts',
    'test/resilience/postgres-outage.test.ts',
    'test/resilience/process-safety.test.ts',
    'test/resilience/sqlite-busy.test.ts',
    'test/resilience/stalled-logs.test.ts',
    'test/security/hostile-bytes.test.ts',
    'test/security/unbounded-state.test.ts',
    'test/store/cli-commands.test.ts',
    'test/store/cli-secret-check.test.ts',
    'test/store/host-and-credentials-file.test.ts',
    'test/store/startup-and-cli.test.ts',
  ],
};
