// One request an account made (v3 …/service-accounts/{id}/logs/{logId}): the request and the
// response as recorded, headers and bodies included (the server redacts credentials before it keeps
// them), with its request id, dialect, route, key and client address.
import { useEffect, useState } from 'preact/hooks';
import { call, iam } from '../api';
import { Link } from '../router';
import { ErrorBox, Loading, Notice, TableWrap, When } from '../ui';
import { AccountFrame, useAccount } from './account';

interface Exchange {
  time?: string;
  headers?: Record<string, string[]>;
  body?: string;
  path?: string;
  query?: Record<string, string[]>;
  raw_query?: string;
  method?: string;
  content_length?: number;
  status?: number;
}

interface LogDocument {
  data: {
    id: string;
    attributes: { duration?: number; request?: Exchange; response?: Exchange };
    meta?: {
      created_at?: string;
      request_id?: string;
      dialect?: string;
      route?: string | null;
      key_id?: string | null;
      client_ip?: string | null;
    };
  };
}

export function LogDetailPage({ id, logId }: { id: string; logId: string }) {
  const { loaded, error: accountError } = useAccount(id, false);
  const [log, setLog] = useState<LogDocument['data'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    let live = true;
    call<LogDocument>(`${iam()}/service-accounts/${encodeURIComponent(id)}/logs/${encodeURIComponent(logId)}`, {
      optional: true,
      action: 'read this request log',
    }).then(
      (r) => {
        if (!live) return;
        if (r) setLog(r.body.data);
        else setMissing(true);
      },
      (e) => live && setError(e),
    );
    return () => void (live = false);
  }, [id, logId]);

  const req = log?.attributes.request;
  const res = log?.attributes.response;
  const m = log?.meta;
  return (
    <AccountFrame id={id} name={loaded?.account.name ?? null} tab="logs">
      <p>
        <Link href={`/accounts/${id}/logs`}>All requests of this account</Link>
      </p>
      <ErrorBox error={accountError} />
      <ErrorBox error={error} />
      {missing && <Notice>This request log is not on the server (it may be older than the logs are kept).</Notice>}
      {!log && !error && !missing && <Loading what="the request" />}
      {log && (
        <>
          <h2>
            <code>
              {req?.method ?? '?'} {req?.path ?? ''}
              {req?.raw_query ? `?${req.raw_query}` : ''}
            </code>{' '}
            <span class={`http-status s${String(res?.status ?? 0)[0]}xx`}>{res?.status ?? '—'}</span>
          </h2>
          <dl class="facts">
            <dt>Time</dt>
            <dd>
              <When at={req?.time ?? m?.created_at} />
            </dd>
            <dt>Duration</dt>
            <dd>{typeof log.attributes.duration === 'number' ? `${log.attributes.duration.toFixed(1)} ms` : '—'}</dd>
            <dt>Request id</dt>
            <dd>{m?.request_id ? <code>{m.request_id}</code> : '—'}</dd>
            <dt>Dialect and route</dt>
            <dd>
              {m?.dialect ?? '—'} {m?.route ? <code>{m.route}</code> : ''}
            </dd>
            <dt>Key</dt>
            <dd>{m?.key_id ? <code>{m.key_id}</code> : <span class="muted">None (an access token or no credential)</span>}</dd>
            <dt>Client address</dt>
            <dd>{m?.client_ip ?? '—'}</dd>
          </dl>
          <Part title="Request" exchange={req} query />
          <Part title="Response" exchange={res} />
        </>
      )}
    </AccountFrame>
  );
}

function Part({ title, exchange, query = false }: { title: string; exchange: Exchange | undefined; query?: boolean }) {
  const slug = title.toLowerCase();
  return (
    <section aria-labelledby={`log-${slug}`}>
      <h2 id={`log-${slug}`}>{title}</h2>
      {query && <Pairs label={`${title} query parameters`} pairs={exchange?.query} none="No query parameters." />}
      <Pairs label={`${title} headers`} pairs={exchange?.headers} none="No headers recorded." />
      <h3>{title} body</h3>
      {exchange?.body ? <pre class="body">{exchange.body}</pre> : <p class="muted">No body.</p>}
    </section>
  );
}

function Pairs({ label, pairs, none }: { label: string; pairs: Record<string, string[]> | undefined; none: string }) {
  const rows = Object.entries(pairs ?? {});
  if (!rows.length) return <p class="muted">{none}</p>;
  return (
    <TableWrap label={label}>
      <table class="table pairs">
        <caption>{label}</caption>
        <tbody>
          {rows.map(([name, values]) => (
            <tr key={name}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td>
                <code>{values.join(', ')}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
