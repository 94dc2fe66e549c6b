// Accounts: v3's list (search by name, enabled/disabled, sorted, paged with a total), and creating
// one through v2 (its first secret shown once).
import { useEffect, useState } from 'preact/hooks';
import { call, caller, iam } from '../api';
import { mayGrantRole, ROLES } from '../grants';
import { Link, navigate, withQuery, type Location } from '../router';
import { ActionForm, Dialog, Empty, ErrorBox, Loading, PageTitle, SecretDialog, StatusBadge, TableWrap, When } from '../ui';

const PAGE_SIZE = 20;

interface AccountResource {
  id: string;
  attributes: { name: string; description: string | null; enabled: boolean; email: string };
  meta: { created_at: string };
  relationships: { keys: { data: unknown[] }; groups?: { data: unknown[] } };
}

interface AccountPage {
  data: AccountResource[];
  meta: { pagination: { current_page: number; counts?: { resources: number; pages: number } } };
}

type Sort = 'name' | '-name' | 'created_at' | '-created_at';
const SORTS: Sort[] = ['name', '-name', 'created_at', '-created_at'];

export function AccountsPage({ loc }: { loc: Location }) {
  const search = loc.query.get('search') ?? '';
  const status = loc.query.get('status') ?? '';
  const sort = (SORTS as string[]).includes(loc.query.get('sort') ?? '') ? (loc.query.get('sort') as Sort) : 'name';
  const page = Math.max(1, Number.parseInt(loc.query.get('page') ?? '1', 10) || 1);
  const [draft, setDraft] = useState(search);
  const [result, setResult] = useState<AccountPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => setDraft(search), [search]);

  useEffect(() => {
    let live = true;
    setResult(null);
    setError(null);
    const q: Record<string, string> = { sort, 'page[limit]': String(PAGE_SIZE), 'page[offset]': String((page - 1) * PAGE_SIZE) };
    if (search) q['filter[name]'] = search;
    if (status) q['filter[enabled]'] = status === 'enabled' ? 'true' : 'false';
    call<AccountPage>(`${iam()}/service-accounts?${new URLSearchParams(q)}`, { action: 'list service accounts' }).then(
      (r) => live && setResult(r.body),
      (e) => live && setError(e),
    );
    return () => void (live = false);
  }, [search, status, sort, page, reload]);

  const go = (changes: Record<string, string | number | null>) => {
    navigate(withQuery('/accounts', { search, status, sort: sort === 'name' ? null : sort, page: page === 1 ? null : page, ...changes }));
  };
  const total = result?.meta.pagination.counts;

  const sortHeader = (field: 'name' | 'created_at', label: string) => {
    const dir = sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : 'none';
    const next = dir === 'ascending' ? `-${field}` : field;
    return (
      <th scope="col" aria-sort={dir}>
        <button type="button" class="sort" onClick={() => go({ sort: next === 'name' ? null : next, page: null })}>
          {label}
          <span aria-hidden="true" class="sort-mark">
            {dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ' ↕'}
          </span>
          <span class="visually-hidden">
            {dir === 'none'
              ? ', sort'
              : dir === 'ascending'
                ? ', sorted ascending; sort descending'
                : ', sorted descending; sort ascending'}
          </span>
        </button>
      </th>
    );
  };

  return (
    <section>
      <div class="page-head">
        <PageTitle title="Service accounts">Service accounts</PageTitle>
        <button type="button" class="button primary" onClick={() => setCreating(true)}>
          New account
        </button>
      </div>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ search: draft.trim() || null, page: null });
        }}
      >
        <div class="field">
          <label for="account-search">Search by name</label>
          <input
            id="account-search"
            type="search"
            value={draft}
            maxLength={200}
            onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="account-status">Status</label>
          <select
            id="account-status"
            value={status}
            onChange={(e) => go({ status: (e.currentTarget as HTMLSelectElement).value || null, page: null })}
          >
            <option value="">All</option>
            <option value="enabled">Enabled</option>
            <option value="disabled">Disabled</option>
          </select>
        </div>
        <button type="submit" class="button">
          Search
        </button>
      </form>

      <ErrorBox error={error} />
      {!result && !error && <Loading what="service accounts" />}
      {result && result.data.length === 0 && (
        <Empty>{search || status ? 'No service account matches these filters.' : 'This organization has no service accounts yet.'}</Empty>
      )}
      {result && result.data.length > 0 && (
        <>
          <TableWrap label="Service accounts">
            <table class="table">
              <caption class="visually-hidden">Service accounts{total ? `, ${total.resources} in all` : ''}</caption>
              <thead>
                <tr>
                  {sortHeader('name', 'Name')}
                  <th scope="col">Status</th>
                  <th scope="col">Keys</th>
                  <th scope="col" class="wide-only">
                    Description
                  </th>
                  {sortHeader('created_at', 'Created')}
                </tr>
              </thead>
              <tbody>
                {result.data.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link href={`/accounts/${a.id}`}>{a.attributes.name}</Link>
                    </th>
                    <td>
                      <StatusBadge active={a.attributes.enabled} />
                    </td>
                    <td>{a.relationships.keys.data.length}</td>
                    <td class="wide-only">{a.attributes.description ?? <span class="muted">—</span>}</td>
                    <td>
                      <When at={a.meta.created_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <nav class="pager" aria-label="Pages of service accounts">
            <button type="button" class="button" disabled={page <= 1} onClick={() => go({ page: page - 1 === 1 ? null : page - 1 })}>
              Previous
            </button>
            <span>
              Page {page}
              {total ? ` of ${Math.max(1, total.pages)} · ${total.resources} account${total.resources === 1 ? '' : 's'}` : ''}
            </span>
            <button type="button" class="button" disabled={!total || page >= total.pages} onClick={() => go({ page: page + 1 })}>
              Next
            </button>
          </nav>
        </>
      )}
      {creating && (
        <CreateAccount
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setReload((n) => n + 1);
            navigate(`/accounts/${id}`);
          }}
        />
      )}
    </section>
  );
}

interface CreatedAccount {
  data: { id: string; clientId: string; clientSecret: string; name: string };
}

/** v2 creation: name, description, role; the response holds the first secret, shown once. */
function CreateAccount({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [role, setRole] = useState('Member');
  const [created, setCreated] = useState<{ id: string; clientId: string; secret: string; name: string } | null>(null);

  const create = async () => {
    const r = await call<CreatedAccount>('/api/v2/service-accounts', {
      method: 'POST',
      action: 'create a service account',
      body: { name: name.trim(), description: description.trim() || null, organizationalRole: role },
    });
    setCreated({ id: r.body.data.id, clientId: r.body.data.clientId, secret: r.body.data.clientSecret, name: r.body.data.name });
  };

  if (created) {
    return (
      <SecretDialog
        title={`${created.name} is created: its first secret`}
        clientId={created.clientId}
        secret={created.secret}
        onDone={() => {
          const id = created.id;
          setCreated(null);
          onClose();
          onCreated(id);
        }}
      />
    );
  }
  return (
    <Dialog title="New service account" onClose={onClose}>
      <ActionForm action={create} submit="Create" busyLabel="Creating…" onCancel={onClose}>
        <div class="field">
          <label for="new-name">Name</label>
          <input
            id="new-name"
            required
            maxLength={200}
            value={name}
            onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="new-description">
            Description <span class="muted">(optional)</span>
          </label>
          <textarea
            id="new-description"
            rows={2}
            maxLength={1000}
            value={description}
            onInput={(e) => setDescription((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </div>
        <div class="field">
          <label for="new-role">Role</label>
          <select id="new-role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value)}>
            {ROLES.filter((r) => mayGrantRole(caller(), r)).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
      </ActionForm>
    </Dialog>
  );
}
