// The request-log pipeline off the request path (issue 14): captured requests are queued, written in
// batches (at 500 queued, or after 250 ms), one sink call per batch; a full queue drops and counts
// (iamgate_request_logs_dropped_total), so does a batch the database refused; close() writes the rest.
import { loadConfig } from '../../src/config';
import type { Principal } from '../../src/core/authorization';
import type { RequestLog } from '../../src/core/request-logs';
import type { CapturedRequest } from '../../src/http/request-log/entry';
import { RequestLogRecorder, type RequestLogSink } from '../../src/http/request-log/recorder';
import { createLogger } from '../../src/observability/logger';
import { Metrics } from '../../src/observability/metrics';
import { uuidIds } from '../../src/ids';

const principal: Principal = {
  accountId: '0198f0a0-0000-7000-8000-000000000001',
  organizationId: '0198f0a0-0000-7000-8000-000000000002',
  role: 'Member',
  keyId: '0198f0a0-0000-7000-8000-000000000003',
  scopes: [],
  capped: false,
  readOnly: false,
};

const captured = (body: unknown = undefined, url = '/v3/x?y=1'): CapturedRequest => ({
  principal,
  dialect: 'v3',
  route: '/v3/x',
  method: 'POST',
  url,
  rawHeaders: ['Authorization', 'Bearer iamg_secret', 'Accept', '*/*'],
  body,
  form: false,
  contentLength: 0,
  status: 201,
  responseHeaders: { 'content-type': 'application/vnd.api+json' },
  responseChunks: [Buffer.from('{"data":{"attributes":{"client_secret":"iamg_abcdefghij"}}}')],
  requestedAt: new Date().toISOString(),
  respondedAt: new Date().toISOString(),
  durationUs: 1500,
  requestId: 'r1',
  clientIp: '127.0.0.1',
  userAgent: 'test',
});

class FakeSink implements RequestLogSink {
  batches: RequestLog[][] = [];
  failing = false;
  async insert(logs: RequestLog[]) {
    if (this.failing) throw new Error('database or disk is full');
    this.batches.push(logs);
  }
  async purgeBefore() {
    return 0;
  }
}

function recorder(sink: RequestLogSink, options = {}) {
  const metrics = new Metrics(false);
  const r = new RequestLogRecorder(
    sink,
    { clock: { now: () => new Date() }, ids: uuidIds, logger: createLogger('silent'), metrics },
    options,
  );
  const dropped = async (reason: string) => {
    const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === 'iamgate_request_logs_dropped_total');
    return (
      (metric?.values as { labels: { reason?: string }; value: number }[] | undefined)?.find((v) => v.labels.reason === reason)?.value ?? 0
    );
  };
  return { r, dropped };
}

test('when requests finish, then nothing is written at once; a batch is written after the interval, redacted', async () => {
  const sink = new FakeSink();
  const { r } = recorder(sink, { flushEveryMs: 30 });
  r.record(captured({ name: 'x', client_secret: 'iamg_zzzzzzzzzz' }));
  r.record(captured());
  expect(sink.batches).toEqual([]);
  await new Promise((done) => setTimeout(done, 80));
  expect(sink.batches).toHaveLength(1);
  const [first, second] = sink.batches[0];
  expect(first.requestBody).toBe('{"name":"x","client_secret":"redacted"}');
  expect(first.requestHeaders.Authorization).toEqual(['redacted']);
  expect(second.responseBody).toBe('{"data":{"attributes":{"client_secret":"redacted"}}}');
  expect([first.path, first.rawQuery, first.serviceAccountId, first.keyId]).toEqual(['/v3/x', 'y=1', principal.accountId, principal.keyId]);
  expect(first.id < second.id).toBe(true);
  await r.close();
});

test('when a batch fills up, then it is written without waiting for the interval, in one call', async () => {
  const sink = new FakeSink();
  const { r } = recorder(sink, { flushEveryMs: 60_000, batchRows: 5 });
  for (let i = 0; i < 5; i++) r.record(captured());
  await new Promise((done) => setImmediate(done));
  await r.flush();
  expect(sink.batches.map((b) => b.length)).toEqual([5]);
  await r.close();
});

test('when the queue is full, then further logs are dropped and counted, never waited for', async () => {
  const sink = new FakeSink();
  const { r, dropped } = recorder(sink, { flushEveryMs: 60_000, batchRows: 100, maxQueued: 3 });
  for (let i = 0; i < 5; i++) r.record(captured());
  expect(await dropped('queue_full')).toBe(2);
  await r.close();
  expect(sink.batches.flat()).toHaveLength(3);
});

test('when the database refuses a batch, then those logs are counted as dropped and the next batch is tried', async () => {
  const sink = new FakeSink();
  const { r, dropped } = recorder(sink, { flushEveryMs: 60_000 });
  sink.failing = true;
  r.record(captured());
  r.record(captured());
  await r.flush();
  expect(await dropped('write_failed')).toBe(2);
  sink.failing = false;
  r.record(captured());
  await r.close();
  expect(sink.batches.flat()).toHaveLength(1);
});

test('when closed, then what is queued is written and later logs are ignored', async () => {
  const sink = new FakeSink();
  const { r } = recorder(sink, { flushEveryMs: 60_000 });
  r.record(captured());
  await r.close();
  r.record(captured());
  await r.flush();
  expect(sink.batches.flat()).toHaveLength(1);
});

test('when a body is cut at 4 KiB mid-secret, then no part of the secret stays', async () => {
  const sink = new FakeSink();
  const { r } = recorder(sink);
  const long = `{"data":{"attributes":{"description":"${'x'.repeat(4070)}","client_secret":"iamg_${'A'.repeat(43)}"}}}`;
  r.record({ ...captured(), responseChunks: [Buffer.from(long)] });
  await r.close();
  const body = sink.batches[0][0].responseBody;
  expect(Buffer.byteLength(body)).toBeLessThanOrEqual(4096);
  expect(body).not.toContain('AAAA');
});

test('REQUEST_LOGS and REQUEST_LOG_RETENTION_DAYS: on by default for 30 days; off, on and bad values read as such', () => {
  expect([loadConfig({}).requestLogs, loadConfig({}).requestLogRetentionDays]).toEqual([true, 30]);
  expect(loadConfig({ REQUEST_LOGS: 'off' }).requestLogs).toBe(false);
  expect(loadConfig({ REQUEST_LOGS: 'on', REQUEST_LOG_RETENTION_DAYS: '7' })).toMatchObject({
    requestLogs: true,
    requestLogRetentionDays: 7,
  });
  expect(() => loadConfig({ REQUEST_LOGS: 'maybe' })).toThrow(/REQUEST_LOGS/);
  expect(() => loadConfig({ REQUEST_LOG_RETENTION_DAYS: '0' })).toThrow(/REQUEST_LOG_RETENTION_DAYS/);
});

test('when a JWT access token appears anywhere, then it is redacted like our own tokens', async () => {
  const sink = new FakeSink();
  const { r } = recorder(sink);
  const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
  r.record({ ...captured({ note: `see ${jwt}` }, `/v3/x?t=${jwt}`), rawHeaders: ['X-Forwarded-Token', jwt] });
  await r.close();
  const [log] = sink.batches[0];
  expect(JSON.stringify(log)).not.toContain('eyJzdWIiOiJ4In0');
  expect(log.requestHeaders['X-Forwarded-Token']).toEqual(['redacted']);
});
