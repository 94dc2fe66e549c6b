// Issue 25, item 2: nothing a client sends becomes unbounded state. Any method matching [A-Z]{1,16}
// became a metric label (8,000 made-up methods: 7,369 series, 13 MB of /metrics, RSS +170 MB);
// metric labels now come from closed sets, and every map keyed by request input has a bound.
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { RateLimiter } from '../../src/auth/rate-limiter';
import { Metrics } from '../../src/observability/metrics';
import { awayFromMinuteBoundary, freshDatabase, startTestServer, type TestServer } from '../support/server';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../support/server-process';

jest.setTimeout(120_000);

/** mulberry32: the same made-up requests on every run. */
function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s + 0x6d2b79f5) | 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) % n;
  };
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const SAFE = 'abcdefghijklmnopqrstuvwxyz0123456789-_.~';

describe('when a server process gets thousands of made-up methods, paths and client ids', () => {
  let p: ServerProcess;
  let drop: () => Promise<void>;
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const rnd = random(25);
  const word = (alphabet: string, max: number) => Array.from({ length: 1 + rnd(max) }, () => alphabet[rnd(alphabet.length)]).join('');
  const path = () =>
    `${['/', '/v1/', '/api/v2/', `/v3/orgs/${word(SAFE, 36)}/iam/`, '/docs/', '/console/', '/oauth2/'][rnd(7)]}${word(SAFE, 20)}/${word(SAFE, 20)}`;

  beforeAll(async () => {
    const db = await freshDatabase();
    drop = db.drop;
    p = await startServerProcess({ DATABASE_URL: db.url });
  });
  afterAll(async () => {
    agent.destroy();
    await stopServerProcess(p);
    await drop?.();
  });

  /** A made-up method on its own connection (node's parser refuses it; the server answers 400 and closes). */
  const madeUpMethod = () =>
    new Promise<void>((resolve) => {
      const socket = connect(p.port, '127.0.0.1', () => socket.end(`${word(LETTERS, 16)} ${path()} HTTP/1.1\r\nHost: x\r\n\r\n`));
      socket.on('data', () => undefined);
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
    });
  const send = (method: string, target: string, headers: Record<string, string> = {}, body?: string) =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: p.port, method, path: target, headers, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end(body);
    });
  const madeUpClient = () => {
    const credential = `Basic ${Buffer.from(`${word(SAFE, 40)}:${word(SAFE, 40)}`).toString('base64')}`;
    if (rnd(2) === 0) return send('GET', '/api/v2/service-accounts', { Authorization: credential });
    return send(
      'POST',
      '/oauth2/token',
      { Authorization: credential, 'Content-Type': 'application/x-www-form-urlencoded' },
      'grant_type=client_credentials',
    );
  };
  const mix = [madeUpMethod, madeUpClient, madeUpMethod, () => send(['GET', 'DELETE', 'PROPFIND', 'PURGE'][rnd(4)], path())];

  async function flood(n: number): Promise<void> {
    let sent = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (sent < n) await mix[sent++ % mix.length]();
      }),
    );
  }
  const rssMiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p.child.pid}/status`, 'utf8'))![1]) / 1024;
  const metrics = async () => (await p.http.get('/metrics')).text;

  test('then the series count, the size of /metrics and the RSS stay bounded, and every label is from a closed set', async () => {
    await flood(1_000); // the warm-up: caches and code settle
    // RSS after each of three floods of 8,000. Whatever requests leave behind grows every window by
    // about the same amount. V8 sizing its heap for the load grows RSS in steps over the first few
    // tens of thousands of requests (up to 50 MiB in one window on a busy machine, while the heap in
    // use after collection stays put) and then stops, so the window that grew least is the one
    // that tells.
    const rss = [rssMiB()];
    for (let window = 0; window < 3; window++) {
      await flood(8_000);
      rss.push(rssMiB());
    }
    const text = await metrics();
    const series = text.split('\n').filter((l) => l.startsWith('iamgate_http_requests_total{'));
    const growth = Math.min(...rss.slice(1).map((r, i) => r - rss[i]));
    process.stderr.write(
      `after 25,000 made-up requests: ${series.length} request series, /metrics ${text.length} bytes, RSS ${rss.map((r) => r.toFixed(0)).join(' -> ')} MiB\n`,
    );
    const labels = (name: string) => new Set(series.map((l) => new RegExp(`${name}="([^"]*)"`).exec(l)![1]));
    expect([...labels('method')].filter((m) => !['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'OTHER'].includes(m))).toEqual(
      [],
    );
    expect([...labels('route')].filter((r) => r !== 'unmatched' && !r.startsWith('/'))).toEqual([]);
    expect([...labels('status')].filter((s) => !/^(\d{3}|[1-5]xx)$/.test(s))).toEqual([]);
    expect(series.length).toBeLessThan(100);
    expect(text.length).toBeLessThan(200 * 1024);
    expect(growth).toBeLessThan(40);
    expect((await p.http.get('/healthz')).status).toBe(200);
  });
});

describe('metric labels', () => {
  test('when a request has a made-up method or a status iamgate never sends, then its labels are OTHER and the status class', async () => {
    const m = new Metrics(false);
    m.observeRequest('v2', '/api/v2/service-accounts', 'BREW', 299, 0.001);
    m.observeRequest('v2', '/api/v2/service-accounts', 'get', 404, 0.001);
    m.observeRequest('none', 'unmatched', 'GET', 1_000, 0.001);
    const text = await m.registry.metrics();
    expect(text).toContain('iamgate_http_requests_total{dialect="v2",route="/api/v2/service-accounts",method="OTHER",status="2xx"} 1');
    expect(text).toContain('iamgate_http_requests_total{dialect="v2",route="/api/v2/service-accounts",method="OTHER",status="404"} 1');
    expect(text).toContain('iamgate_http_requests_total{dialect="none",route="unmatched",method="GET",status="other"} 1');
    expect(text).not.toMatch(/BREW|"get"|"299"|"1000"/);
  });
});

describe('the rate limiter, flooded with made-up client ids', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  test('when more buckets are hit than it may remember, then it remembers at most that many, and a client over its limit is still refused', async () => {
    await awayFromMinuteBoundary(15_000);
    const clock = { now: () => new Date() };
    const limiter = new RateLimiter(
      t.running.runtime.store,
      clock,
      { authFailuresPerMinute: 3, tokenRequestsPerMinute: 600 },
      { flushMs: 60_000, maxRemembered: 100 },
    );
    const failing = limiter.subjects('198.51.100.7', 'failing');
    for (let i = 0; i < 3; i++) await limiter.hit('auth-failure', failing);
    for (let i = 0; i < 500; i++) await limiter.hit('token', limiter.subjects(`203.0.113.${i % 250}`, `made-up-${i}`));
    expect(limiter.rememberedBuckets).toBeLessThanOrEqual(100);
    // Its buckets were forgotten long ago: read again, they still say 3.
    await expect(limiter.check('auth-failure', failing)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await limiter.close();
  });
});
