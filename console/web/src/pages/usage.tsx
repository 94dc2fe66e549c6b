// Dialect usage: which API dialects an account calls, per day over the last 90 days
// (GET /api/v2/service-accounts/{id}/usage), and the organization's accounts still on v1
// (GET /api/v2/usage?dialect=v1). Either endpoint answering 404 reads "not available on this server".
import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import { Link } from '../router';
import { Empty, ErrorBox, Loading, Notice, PageTitle, TableWrap, When } from '../ui';
import { AccountFrame, useAccount } from './account';

export const DAYS = 90;
const KNOWN = ['v1', 'v2', 'v3', 'oauth2'];
const NOT_COUNTS = new Set(['date', 'day', 'time', 'total', 'lastUsedAt', 'last_used_at']);

export interface DayUsage {
  date: string;
  counts: Record<string, number>;
}

export interface Usage {
  days: DayUsage[];
  totals: Record<string, number>;
  lastUsed: Record<string, string | null>;
}

const isDay = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}/.test(s);

/**
 * Reads the usage document leniently: per-day rows either carry one number per dialect
 * (`{date, v1, v2, v3}` or `{date, counts: {…}}`) or one dialect each (`{date, dialect, count}`);
 * totals and last use per dialect come from `dialects`/`totals` when given, else from the days.
 */
export function readUsage(doc: unknown): Usage {
  const data = (doc && typeof doc === 'object' && 'data' in doc ? (doc as { data: unknown }).data : doc) as
    Record<string, unknown> | unknown[];
  const rows = (Array.isArray(data) ? data : (data.days ?? data.daily ?? data.series ?? data.history ?? [])) as Record<string, unknown>[];
  const byDate = new Map<string, Record<string, number>>();
  for (const row of Array.isArray(rows) ? rows : []) {
    const date = [row.date, row.day, row.time].find(isDay)?.slice(0, 10);
    if (!date) continue;
    const counts = byDate.get(date) ?? {};
    if (typeof row.dialect === 'string') {
      const n = Number(row.count ?? row.requests ?? 0);
      counts[row.dialect] = (counts[row.dialect] ?? 0) + (Number.isFinite(n) ? n : 0);
    } else {
      const source = (row.counts ?? row.dialects ?? row.byDialect ?? row) as Record<string, unknown>;
      for (const [k, v] of Object.entries(source)) if (!NOT_COUNTS.has(k) && typeof v === 'number') counts[k] = (counts[k] ?? 0) + v;
    }
    byDate.set(date, counts);
  }
  const days = [...byDate].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, counts]) => ({ date, counts }));
  const totals: Record<string, number> = {};
  const lastUsed: Record<string, string | null> = {};
  const summary = !Array.isArray(data) ? (data.dialects ?? data.totals) : undefined;
  if (Array.isArray(summary)) {
    for (const s of summary as Record<string, unknown>[]) {
      if (typeof s.dialect !== 'string') continue;
      totals[s.dialect] = Number(s.requests ?? s.count ?? 0);
      lastUsed[s.dialect] = (s.lastUsedAt ?? s.last_used_at ?? null) as string | null;
    }
  } else if (summary && typeof summary === 'object') {
    for (const [k, v] of Object.entries(summary as Record<string, unknown>)) {
      if (typeof v === 'number') totals[k] = v;
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        totals[k] = Number(o.requests ?? o.count ?? 0);
        lastUsed[k] = (o.lastUsedAt ?? o.last_used_at ?? null) as string | null;
      }
    }
  }
  if (!Object.keys(totals).length) for (const d of days) for (const [k, n] of Object.entries(d.counts)) totals[k] = (totals[k] ?? 0) + n;
  return { days, totals, lastUsed };
}

export function dialectsOf(u: Usage): string[] {
  const used = (k: string) => (u.totals[k] ?? 0) > 0 || u.days.some((d) => (d.counts[k] ?? 0) > 0);
  const seen = new Set([...Object.keys(u.totals), ...u.days.flatMap((d) => Object.keys(d.counts))].filter(used));
  return [...KNOWN.filter((k) => seen.has(k)), ...[...seen].filter((k) => !KNOWN.includes(k)).sort()];
}

/** The last 90 calendar days (UTC), oldest first, ending today. */
function lastDays(today = new Date()): string[] {
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Array.from({ length: DAYS }, (_, i) => new Date(end - (DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/** Stacked bars, one per day; the summary table beside it says the same in words. */
function UsageChart({ usage, dialects }: { usage: Usage; dialects: string[] }) {
  const days = lastDays();
  const byDate = new Map(usage.days.map((d) => [d.date, d.counts]));
  const totalOf = (c: Record<string, number> | undefined) => dialects.reduce((s, k) => s + (c?.[k] ?? 0), 0);
  const max = Math.max(1, ...days.map((d) => totalOf(byDate.get(d))));
  const W = 450;
  const H = 120;
  const bar = W / DAYS;
  const label = `Requests per day over the last ${DAYS} days, by dialect: ${dialects.map((k) => `${k} ${days.reduce((s, d) => s + (byDate.get(d)?.[k] ?? 0), 0)}`).join(', ')}. The busiest day had ${max === 1 && !days.some((d) => totalOf(byDate.get(d))) ? 0 : max}.`;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} preserveAspectRatio="none">
        <line x1="0" y1={H} x2={W} y2={H} class="axis" />
        {days.map((d, i) => {
          let y = H;
          const c = byDate.get(d);
          return (
            <g key={d}>
              {dialects.map((k) => {
                const n = c?.[k] ?? 0;
                if (!n) return null;
                const h = (n / max) * (H - 4);
                y -= h;
                return (
                  <rect
                    key={k}
                    x={i * bar + 0.5}
                    y={y}
                    width={Math.max(1, bar - 1)}
                    height={h}
                    class={`d-${KNOWN.includes(k) ? k : 'other'}`}
                  >
                    <title>{`${d}: ${k} ${n}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
      </svg>
      <div class="chart-axis" aria-hidden="true">
        <span>{days[0]}</span>
        <span>{days[DAYS - 1]}</span>
      </div>
      <figcaption>
        <ul class="legend">
          {dialects.map((k) => (
            <li key={k}>
              <span class={`swatch d-${KNOWN.includes(k) ? k : 'other'}`} aria-hidden="true" />
              {k}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

export function AccountUsagePage({ id }: { id: string }) {
  const { loaded, error: accountError } = useAccount(id, false);
  const [usage, setUsage] = useState<Usage | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    setUsage(null);
    setMissing(false);
    setError(null);
    call<unknown>(`/api/v2/service-accounts/${encodeURIComponent(id)}/usage`, { optional: true, action: 'read dialect usage' }).then(
      (r) => {
        if (!live) return;
        if (!r) setMissing(true);
        else setUsage(readUsage(r.body));
      },
      (e) => live && setError(e),
    );
    return () => void (live = false);
  }, [id]);
  const dialects = usage ? dialectsOf(usage) : [];
  return (
    <AccountFrame id={id} name={loaded?.account.name ?? null} tab="usage">
      <ErrorBox error={accountError} />
      <ErrorBox error={error} />
      {missing && <Notice>Dialect usage is not available on this server.</Notice>}
      {!usage && !missing && !error && <Loading what="dialect usage" />}
      {usage && dialects.length === 0 && <Empty>No requests from this account in the last {DAYS} days.</Empty>}
      {usage && dialects.length > 0 && (
        <div class="usage">
          <UsageChart usage={usage} dialects={dialects} />
          <TableWrap label="Requests by dialect">
            <table class="table">
              <caption>Requests by dialect</caption>
              <thead>
                <tr>
                  <th scope="col">Dialect</th>
                  <th scope="col">Requests</th>
                  <th scope="col">Last used</th>
                </tr>
              </thead>
              <tbody>
                {dialects.map((k) => (
                  <tr key={k}>
                    <th scope="row">{k}</th>
                    <td class="num">{usage.totals[k] ?? 0}</td>
                    <td>
                      <When at={usage.lastUsed[k]} never="—" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </div>
      )}
    </AccountFrame>
  );
}

interface StillOnV1 {
  id: string;
  name: string | null;
  lastUsedAt: string | null;
  requests: number | null;
}

function readStillOnV1(doc: unknown): StillOnV1[] {
  const data = (doc && typeof doc === 'object' && 'data' in doc ? (doc as { data: unknown }).data : doc) as unknown;
  const rows = (Array.isArray(data) ? data : ((data as Record<string, unknown>)?.accounts ?? [])) as Record<string, unknown>[];
  return rows
    .map((r) => ({
      id: String(r.serviceAccountId ?? r.accountId ?? r.id ?? ''),
      name: (r.name ?? r.serviceAccountName ?? null) as string | null,
      lastUsedAt: (r.lastUsedAt ?? r.last_used_at ?? r.lastSeenAt ?? null) as string | null,
      requests: typeof (r.requests ?? r.count) === 'number' ? Number(r.requests ?? r.count) : null,
    }))
    .filter((r) => r.id);
}

/** The organization's accounts that still call v1, so they can be moved before v1 goes. */
export function UsagePage() {
  const [rows, setRows] = useState<StillOnV1[] | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    call<unknown>(`/api/v2/usage?dialect=v1`, { optional: true, action: 'read dialect usage' }).then(
      (r) => (r ? setRows(readStillOnV1(r.body)) : setMissing(true)),
      setError,
    );
  }, []);
  return (
    <section>
      <PageTitle title="Dialect usage">Dialect usage</PageTitle>
      <p>
        Each account's use of the v1, v2 and v3 APIs over the last {DAYS} days is on its <strong>Dialect usage</strong> tab.
      </p>
      <h2>Still on v1</h2>
      <ErrorBox error={error} />
      {missing && <Notice>The organization's v1 usage is not available on this server.</Notice>}
      {!rows && !missing && !error && <Loading what="v1 usage" />}
      {rows && rows.length === 0 && <Empty>No account called v1 in the last {DAYS} days.</Empty>}
      {rows && rows.length > 0 && (
        <TableWrap label="Accounts still on v1">
          <table class="table">
            <caption class="visually-hidden">Accounts that called v1 in the last {DAYS} days</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">v1 requests</th>
                <th scope="col">Last v1 request</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link href={`/accounts/${r.id}/usage`}>{r.name ?? r.id}</Link>
                  </th>
                  <td class="num">{r.requests ?? '—'}</td>
                  <td>
                    <When at={r.lastUsedAt} never="—" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
