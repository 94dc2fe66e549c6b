// The requests an account made: v3 …/service-accounts/{id}/logs (Ctrl-Hub's request logs), newest
// first, filtered by status class and method, paged by the document's own links; each time opens the
// request's detail (log-detail.tsx).
import { useEffect, useState } from 'preact/hooks';
import { call, iam, sameOriginPath } from '../api';
import { Link, navigate, withQuery, type Location } from '../router';
import { Empty, ErrorBox, Loading, Notice, TableWrap, When } from '../ui';
import { AccountFrame, useAccount } from './account';

interface LogResource {
  id: string;
  attributes: {
    duration?: number;
    request?: { time?: string; path?: string; method?: string; raw_query?: string };
    response?: { status?: number };
  };
  meta?: { created_at?: string; dialect?: string; request_id?: string };
}

interface LogPage {
  data: LogResource[];
  links?: { next?: string | null; prev?: string | null };
}

const PAGE_SIZE = 25;

export function LogsPage({ id, loc }: { id: string; loc: Location }) {
  const { loaded, error: accountError } = useAccount(id, false);
  const status = loc.query.get('status') ?? '';
  const method = loc.query.get('method') ?? '';
  const offset = Math.max(0, Number.parseInt(loc.query.get('offset') ?? '0', 10) || 0);
  const [page, setPage] = useState<LogPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    let live = true;
    setPage(null);
    setError(null);
    setMissing(false);
    const q: Record<string, string> = { 'page[limit]': String(PAGE_SIZE), 'page[offset]': String(offset) };
    if (status) q['filter[status]'] = status;
    if (method) q['filter[method]'] = method;
    call<LogPage>(`${iam()}/service-accounts/${encodeURIComponent(id)}/logs?${new URLSearchParams(q)}`, {
      optional: true,
      action: 'read request logs',
    }).then(
      (r) => {
        if (!live) return;
        if (!r) setMissing(true);
        else setPage(r.body);
      },
      (e) => live && setError(e),
    );
    return () => void (live = false);
  }, [id, status, method, offset]);

  const go = (changes: Record<string, string | number | null>) =>
    navigate(withQuery(`/accounts/${id}/logs`, { status, method, offset: offset || null, ...changes }));
  // A server whose …/logs still answers audit entries (no `request` member) has no request logs yet.
  const auditShaped = page?.data.length ? page.data.every((l) => !l.attributes.request) : false;
  const pathOf = (link: string | null | undefined) => (link ? sameOriginPath(link) : null);

  return (
    <AccountFrame id={id} name={loaded?.account.name ?? null} tab="logs">
      <ErrorBox error={accountError} />
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="log-status">Status</label>
          <select
            id="log-status"
            value={status}
            onChange={(e) => go({ status: (e.currentTarget as HTMLSelectElement).value || null, offset: null })}
          >
            <option value="">Any</option>
            <option value="2xx">2xx success</option>
            <option value="4xx">4xx client error</option>
            <option value="5xx">5xx server error</option>
          </select>
        </div>
        <div class="field">
          <label for="log-method">Method</label>
          <select
            id="log-method"
            value={method}
            onChange={(e) => go({ method: (e.currentTarget as HTMLSelectElement).value || null, offset: null })}
          >
            <option value="">Any</option>
            {['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorBox error={error} />
      {missing && <Notice>Request logs are not available on this server.</Notice>}
      {!page && !error && !missing && <Loading what="request logs" />}
      {page && page.data.length === 0 && (
        <Empty>No requests recorded{status || method ? ' that match these filters' : ' for this account yet'}.</Empty>
      )}
      {page && auditShaped && <Notice>This server's logs endpoint returns audit entries, not request logs: see Audit events.</Notice>}
      {page && page.data.length > 0 && !auditShaped && (
        <>
          <TableWrap label="Request logs">
            <table class="table">
              <caption class="visually-hidden">Requests made by this account, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Method</th>
                  <th scope="col">Path</th>
                  <th scope="col">Status</th>
                  <th scope="col">Duration</th>
                </tr>
              </thead>
              <tbody>
                {page.data.map((l) => {
                  const s = l.attributes.response?.status;
                  const q = l.attributes.request?.raw_query;
                  return (
                    <tr key={l.id}>
                      <td>
                        <Link href={`/accounts/${id}/logs/${l.id}`}>
                          <When at={l.attributes.request?.time ?? l.meta?.created_at} />
                          <span class="visually-hidden"> (details)</span>
                        </Link>
                      </td>
                      <td>
                        <code>{l.attributes.request?.method ?? '—'}</code>
                      </td>
                      <td class="path">
                        <code>
                          {l.attributes.request?.path ?? '—'}
                          {q ? `?${q}` : ''}
                        </code>
                      </td>
                      <td>
                        <span class={`http-status s${String(s ?? 0)[0]}xx`}>{s ?? '—'}</span>
                      </td>
                      <td class="num">{typeof l.attributes.duration === 'number' ? `${l.attributes.duration.toFixed(1)} ms` : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
          <nav class="pager" aria-label="Pages of request logs">
            <button
              type="button"
              class="button"
              disabled={!pathOf(page.links?.prev) && offset === 0}
              onClick={() => go({ offset: Math.max(0, offset - PAGE_SIZE) || null })}
            >
              Newer
            </button>
            <button type="button" class="button" disabled={!pathOf(page.links?.next)} onClick={() => go({ offset: offset + PAGE_SIZE })}>
              Older
            </button>
          </nav>
        </>
      )}
    </AccountFrame>
  );
}
