// Audit events: org-wide from v3's GET /v3/audit-events (filter[resource.id] for one account); on a
// server without it (404), v2's per-account GET /api/v2/service-accounts/{id}/audit-events, for
// the chosen account or merged across the organization's accounts.
import { useEffect, useState } from 'preact/hooks';
import { call, iam, sameOriginPath } from '../api';
import { Link, navigate, withQuery, type Location } from '../router';
import { Empty, ErrorBox, Loading, Notice, PageTitle, TableWrap, When } from '../ui';

interface Row {
  id: string;
  time: string;
  operation: string;
  resourceType: string;
  resourceId: string | null;
  resourceName: string | null;
  actorId: string | null;
  requestId: string | null;
  changes: string[];
}

interface V3Event {
  id: string;
  attributes: {
    time?: string;
    operation?: string;
    request_id?: string | null;
    resource?: { type: string; id: string; name?: string | null };
    values?: { field: string; before: unknown; after: unknown }[];
    principal?: { type: string; id: string } | null;
  };
  meta?: { created_at?: string };
}
interface V3EventPage {
  data: V3Event[];
  links?: { next?: string | null };
}

interface V2Event {
  id: string;
  action: string;
  actorId: string | null;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  changes: unknown;
  occurredAt: string;
}
interface V2EventPage {
  data: V2Event[];
  pagination: { continuationToken: string | null; hasMore: boolean };
}

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

function fromV3(e: V3Event): Row {
  const a = e.attributes;
  return {
    id: e.id,
    time: a.time ?? e.meta?.created_at ?? '',
    operation: a.operation ?? '?',
    resourceType: a.resource?.type ?? '',
    resourceId: a.resource?.id ?? null,
    resourceName: a.resource?.name ?? null,
    actorId: a.principal?.id ?? null,
    requestId: a.request_id ?? null,
    changes: (a.values ?? []).map((v) => `${v.field}: ${show(v.before)} → ${show(v.after)}`),
  };
}

/** v2 `changes` is the changed fields (`{field: {from, to}}` or a list); shown as it comes. */
function changesOf(c: unknown): string[] {
  if (!c || typeof c !== 'object') return [];
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  return Object.entries(c as Record<string, unknown>).map(([k, v]) => {
    if (v && typeof v === 'object' && ('from' in v || 'to' in v || 'before' in v || 'after' in v)) {
      const o = v as Record<string, unknown>;
      return `${k}: ${show(o.from ?? o.before)} → ${show(o.to ?? o.after)}`;
    }
    return `${k}: ${show(v)}`;
  });
}

function fromV2(e: V2Event): Row {
  return {
    id: e.id,
    time: e.occurredAt,
    operation: e.action,
    resourceType: e.targetType,
    resourceId: e.targetId,
    resourceName: null,
    actorId: e.actorId,
    requestId: e.requestId,
    changes: changesOf(e.changes),
  };
}

interface AccountName {
  id: string;
  attributes: { name: string };
}

const PAGE_SIZE = 25;

type Source = { kind: 'v3'; next: string | null } | { kind: 'v2-one' } | { kind: 'v2-all' };

/** v2 pages an account's events oldest first: read up to `pages` pages of 100, newest first. */
async function v2Events(account: string, pages: number): Promise<{ rows: Row[]; complete: boolean }> {
  const rows: Row[] = [];
  let token: string | null = null;
  for (let i = 0; i < pages; i++) {
    const q = new URLSearchParams({ limit: '100' });
    if (token) q.set('continuationToken', token);
    const r: { body: V2EventPage } = await call<V2EventPage>(`/api/v2/service-accounts/${encodeURIComponent(account)}/audit-events?${q}`, {
      action: 'read audit events',
    });
    rows.push(...r.body.data.map(fromV2));
    token = r.body.pagination.continuationToken;
    if (!token) return { rows: rows.reverse(), complete: true };
  }
  return { rows: rows.reverse(), complete: false };
}

const newestFirst = (x: Row, y: Row) => (x.time < y.time ? 1 : x.time > y.time ? -1 : 0);

export function AuditPage({ loc }: { loc: Location }) {
  const account = loc.query.get('account') ?? '';
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [rows, setRows] = useState<Row[] | null>(null);
  const [source, setSource] = useState<Source | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [more, setMore] = useState(false);

  useEffect(() => {
    call<{ data: AccountName[] }>(`${iam()}/service-accounts?sort=name&page[limit]=100`, { action: 'list service accounts' }).then(
      (r) => setNames(new Map(r.body.data.map((a) => [a.id, a.attributes.name]))),
      () => undefined,
    );
  }, []);

  useEffect(() => {
    let live = true;
    setRows(null);
    setError(null);
    (async () => {
      const q: Record<string, string> = { 'page[limit]': String(PAGE_SIZE) };
      if (account) q['filter[resource.id]'] = account;
      const v3 = await call<V3EventPage>(`/v3/audit-events?${new URLSearchParams(q)}`, { optional: true, action: 'read audit events' });
      if (v3) return { rows: v3.body.data.map(fromV3), source: { kind: 'v3', next: v3.body.links?.next ?? null } as Source };
      if (account) return { rows: (await v2Events(account, 10)).rows, source: { kind: 'v2-one' } as Source };
      // No org-wide list on this server: the newest events of the newest accounts, merged.
      const accounts = await call<{ data: AccountName[] }>(`${iam()}/service-accounts?sort=-created_at&page[limit]=25`, {
        action: 'list service accounts',
      });
      const each = await Promise.all(accounts.body.data.map((a) => v2Events(a.id, 2)));
      return {
        rows: each
          .flatMap((e) => e.rows)
          .sort(newestFirst)
          .slice(0, 100),
        source: { kind: 'v2-all' } as Source,
      };
    })().then(
      (r) => {
        if (!live) return;
        setRows(r.rows);
        setSource(r.source);
      },
      (e) => live && setError(e),
    );
    return () => void (live = false);
  }, [account]);

  const loadMore = async () => {
    if (!source || !rows) return;
    setMore(true);
    try {
      if (source.kind === 'v3' && source.next) {
        const path = sameOriginPath(source.next);
        if (!path) return;
        const r = await call<V3EventPage>(path, { action: 'read audit events' });
        setRows([...rows, ...r.body.data.map(fromV3)]);
        setSource({ kind: 'v3', next: r.body.links?.next ?? null });
      }
    } catch (e) {
      setError(e);
    } finally {
      setMore(false);
    }
  };
  const canLoadMore = source?.kind === 'v3' && !!source.next;

  const who = (id: string | null) => {
    if (!id) return <span class="muted">System</span>;
    const name = names.get(id);
    return name ? <Link href={`/accounts/${id}`}>{name}</Link> : <code title={id}>{id.slice(0, 8)}…</code>;
  };

  return (
    <section>
      <PageTitle title="Audit events">Audit events</PageTitle>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="audit-account">Account</label>
          <select
            id="audit-account"
            value={account}
            onChange={(e) => navigate(withQuery('/audit', { account: (e.currentTarget as HTMLSelectElement).value }))}
          >
            <option value="">All accounts</option>
            {account && !names.has(account) && <option value={account}>{account}</option>}
            {[...names].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </form>
      {source?.kind === 'v2-all' && (
        <Notice>
          This server has no org-wide audit list (GET /v3/audit-events): these are the newest events of the newest 25 accounts, from each
          account's own audit log.
        </Notice>
      )}
      <ErrorBox error={error} />
      {!rows && !error && <Loading what="audit events" />}
      {rows && rows.length === 0 && <Empty>No audit events{account ? ' for this account' : ''} yet.</Empty>}
      {rows && rows.length > 0 && (
        <TableWrap label="Audit events">
          <table class="table">
            <caption class="visually-hidden">Audit events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Operation</th>
                <th scope="col">Resource</th>
                <th scope="col">By</th>
                <th scope="col">Changes</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <When at={r.time} />
                  </td>
                  <td>
                    <span class="op">{r.operation}</span>
                  </td>
                  <td>
                    <span class="muted small">{r.resourceType}</span>{' '}
                    {r.resourceType.startsWith('service-account') && r.resourceType !== 'service-account-keys' && r.resourceId ? (
                      names.get(r.resourceId) ? (
                        <Link href={`/accounts/${r.resourceId}`}>{r.resourceName ?? names.get(r.resourceId)}</Link>
                      ) : (
                        <span>{r.resourceName ?? r.resourceId}</span>
                      )
                    ) : (
                      <span>{r.resourceName ?? (r.resourceId ? <code title={r.resourceId}>{r.resourceId.slice(0, 8)}…</code> : '')}</span>
                    )}
                  </td>
                  <td>{who(r.actorId)}</td>
                  <td class="changes">
                    {r.changes.length ? (
                      <ul class="plain">
                        {r.changes.map((c, i) => (
                          <li key={i}>
                            <code>{c}</code>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {canLoadMore && (
        <div class="pager">
          <button type="button" class="button" disabled={more} onClick={loadMore}>
            {more ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}
