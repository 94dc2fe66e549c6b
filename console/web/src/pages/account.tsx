// One account: v2 for what it is and its keys (with the ETag every change is pinned to), v3 for its
// effective permissions, groups and client id, v1 for its own permissions (access.tsx changes them,
// its groups and workspaces). Edit, disable/enable and key revocation send If-Match, so a stale
// change is a conflict (412), never an overwrite; rotation is create a key (capped to scopes when
// chosen), show its secret once, then revoke the old key. The new key stays marked on the page.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, call, caller, iam, session } from '../api';
import { heldScopes, mayGrantPermission, mayGrantRole, ROLES } from '../grants';
import { Link } from '../router';
import {
  ActionForm,
  ConfirmDialog,
  Dialog,
  Empty,
  ErrorBox,
  formatTime,
  KeyStatusBadge,
  Loading,
  Notice,
  PageTitle,
  SecretDialog,
  StatusBadge,
  TableWrap,
  When,
} from '../ui';
import { AccessSection, ChoiceList } from './access';
import { FederatedSection } from './federated';
import { LeakedDialog, RollDialog, type Rolled } from './key-actions';

export interface Credential {
  id: string;
  clientSecretPrefix: string;
  status: string;
  expirationDate: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  scopes: string[];
  /** Why it was revoked, where the API says (`leaked`); null or absent otherwise. */
  revokedReason?: string | null;
}

export interface V2Account {
  id: string;
  name: string;
  description: string | null;
  isActive: boolean;
  organizationalRole: string;
  credentials: Credential[];
  workspaceAssignments?: { workspaceId: string; workspaceName: string | null; role: string }[];
  lastUsedAt: string | null;
  createdAt: string;
  lastModifiedAt: string;
}

interface V3Included {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
}
interface V3AccountDocument {
  data: {
    attributes: { email: string };
    meta: { effective_permissions?: string[] };
    relationships: { groups?: { data: { id: string }[] } };
  };
  included?: V3Included[];
}

export interface LoadedAccount {
  account: V2Account;
  etag: string | null;
  email: string | null;
  clientId: string | null;
  /** Effective: its own and its groups' (v3). */
  permissions: string[] | null;
  /** Its own (v1); null where the server does not show them. */
  ownPermissions: string[] | null;
  groups: { id: string; name: string }[];
}

/** The account as v2 and v3 show it, reloadable after each change. */
export function useAccount(id: string, withDetail = true) {
  const [loaded, setLoaded] = useState<LoadedAccount | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    setError(null);
    try {
      const base = `/api/v2/service-accounts/${encodeURIComponent(id)}`;
      const [v2, v3, v1] = await Promise.all([
        call<{ data: V2Account }>(base, { action: 'read this service account' }),
        withDetail
          ? call<V3AccountDocument>(`${iam()}/service-accounts/${encodeURIComponent(id)}?include=groups,keys`, {
              action: 'read this service account',
            })
          : Promise.resolve(null),
        // Only v1 shows (and sets) an account's own permissions; a server without it (or retiring it) just hides them.
        withDetail
          ? call<{ data: { permissions: string[] } }>(`/v1/service-accounts/${encodeURIComponent(id)}`, { optional: true }).catch(
              () => null,
            )
          : Promise.resolve(null),
      ]);
      const included = v3?.body.included ?? [];
      const groupNames = new Map(included.filter((i) => i.type === 'groups').map((g) => [g.id, String(g.attributes.name ?? g.id)]));
      const key = included.find((i) => i.type === 'service-account-keys');
      setLoaded({
        account: v2.body.data,
        etag: v2.etag,
        email: v3?.body.data.attributes.email ?? null,
        clientId: key ? String(key.attributes.client_id) : null,
        permissions: v3?.body.data.meta.effective_permissions ?? null,
        ownPermissions: v1?.body.data.permissions ?? null,
        groups: (v3?.body.data.relationships.groups?.data ?? []).map((g) => ({ id: g.id, name: groupNames.get(g.id) ?? g.id })),
      });
    } catch (e) {
      setError(e);
    }
  }, [id, withDetail]);
  useEffect(() => {
    setLoaded(null);
    void load();
  }, [load]);
  return { loaded, error, reload: load };
}

/** The heading and tabs every page of one account shares. */
export function AccountFrame({ id, name, tab, children }: { id: string; name: string | null; tab: string; children: ComponentChildren }) {
  const tabs: [string, string, string][] = [
    ['overview', `/accounts/${id}`, 'Overview'],
    ['logs', `/accounts/${id}/logs`, 'Request logs'],
    ['usage', `/accounts/${id}/usage`, 'Dialect usage'],
    ['audit', `/audit?account=${id}`, 'Audit events'],
  ];
  const label = tabs.find(([t]) => t === tab)![2];
  return (
    <section>
      <p class="crumbs">
        <Link href="/accounts">Service accounts</Link> <span aria-hidden="true">›</span>
      </p>
      <PageTitle title={`${name ?? 'Service account'} · ${label}`}>
        {name ?? 'Service account'}
        {tab !== 'overview' && <span class="subtitle"> · {label}</span>}
      </PageTitle>
      <nav class="tabs" aria-label="About this account">
        {tabs.map(([t, href, text]) => (
          <Link key={t} href={href} class={t === tab ? 'tab current' : 'tab'} aria-current={t === tab ? 'page' : undefined}>
            {text}
          </Link>
        ))}
      </nav>
      {children}
    </section>
  );
}

type Rotation =
  | { step: 'start' }
  | { step: 'secret'; clientId: string; secret: string; newKeyId: string; oldKeyIds: string[] }
  | { step: 'revoke-old'; newKeyId: string; oldKeyIds: string[] };

/** A roll in progress: the key being rolled, then the new secret to show once. */
type Rolling = { step: 'pick'; key: Credential } | ({ step: 'secret' } & Rolled);

export function AccountPage({ id }: { id: string }) {
  const { loaded, error, reload } = useAccount(id);
  const [editing, setEditing] = useState(false);
  const [toggling, setToggling] = useState(false);
  const [revoking, setRevoking] = useState<Credential | null>(null);
  const [rotation, setRotation] = useState<Rotation | null>(null);
  const [rolling, setRolling] = useState<Rolling | null>(null);
  const [leaking, setLeaking] = useState<Credential | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // The key the last rotation made: marked in the table for as long as the page is open.
  const [freshKeyId, setFreshKeyId] = useState<string | null>(null);

  if (!loaded) {
    return (
      <AccountFrame id={id} name={null} tab="overview">
        {error ? <ErrorBox error={error} /> : <Loading what="the account" />}
      </AccountFrame>
    );
  }
  const { account: a, etag } = loaded;
  const live = a.credentials.filter((k) => k.status !== 'Revoked');
  const self = session()?.accountId === a.id;

  return (
    <AccountFrame id={id} name={a.name} tab="overview">
      <div class="toolbar">
        <StatusBadge active={a.isActive} />
        <button
          type="button"
          class="button"
          onClick={() => {
            setDone(null);
            setEditing(true);
          }}
          disabled={editing}
        >
          Edit
        </button>
        <button
          type="button"
          class="button primary"
          onClick={() => {
            setDone(null);
            setRotation({ step: 'start' });
          }}
        >
          Rotate key
        </button>
        <button
          type="button"
          class={a.isActive ? 'button danger' : 'button'}
          onClick={() => {
            setDone(null);
            setToggling(true);
          }}
        >
          {a.isActive ? 'Disable' : 'Enable'}
        </button>
      </div>
      {error && <ErrorBox error={error} />}
      {done && <Notice kind="success">{done}</Notice>}

      {rotation?.step === 'revoke-old' && (
        <FinishRotation
          account={a}
          newKeyId={rotation.newKeyId}
          oldKeyIds={rotation.oldKeyIds}
          onRevoke={(k) => setRevoking(k)}
          onClose={() => setRotation(null)}
        />
      )}

      {editing ? (
        <EditAccount
          loaded={loaded}
          reload={reload}
          onClose={(saved) => {
            setEditing(false);
            if (saved) setDone('Saved.');
          }}
        />
      ) : (
        <dl class="facts">
          <dt>Description</dt>
          <dd>{a.description || <span class="muted">None</span>}</dd>
          <dt>Role</dt>
          <dd>{a.organizationalRole}</dd>
          <dt>Effective permissions</dt>
          <dd>
            {loaded.permissions === null ? (
              <span class="muted">Unknown</span>
            ) : loaded.permissions.length ? (
              <ul class="chips">
                {loaded.permissions.map((p) => (
                  <li key={p}>
                    <code>{p}</code>
                  </li>
                ))}
              </ul>
            ) : (
              <span class="muted">
                None of its own
                {a.organizationalRole === 'Admin' || a.organizationalRole === 'UserAdmin'
                  ? ` (its ${a.organizationalRole} role manages every account)`
                  : ''}
              </span>
            )}
          </dd>
          <dt>Client id</dt>
          <dd>{loaded.clientId ? <code>{loaded.clientId}</code> : <span class="muted">No active key</span>}</dd>
          {loaded.email && (
            <>
              <dt>Email</dt>
              <dd>{loaded.email}</dd>
            </>
          )}
          <dt>Account id</dt>
          <dd>
            <code>{a.id}</code>
          </dd>
          <dt>Last used</dt>
          <dd>
            <When at={a.lastUsedAt} />
          </dd>
          <dt>Created</dt>
          <dd>
            <When at={a.createdAt} />
          </dd>
          <dt>Last changed</dt>
          <dd>
            <When at={a.lastModifiedAt} />
          </dd>
        </dl>
      )}
      {!editing && <AccessSection loaded={loaded} reload={reload} onSaved={setDone} />}

      <h2>Keys</h2>
      {a.credentials.length === 0 ? (
        <Empty>This account has no keys. Rotate key creates one.</Empty>
      ) : (
        <TableWrap label="Keys">
          <table class="table">
            <caption class="visually-hidden">Keys of {a.name}</caption>
            <thead>
              <tr>
                <th scope="col">Prefix</th>
                <th scope="col">Status</th>
                <th scope="col">Scopes</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col" class="wide-only">
                  Created
                </th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...a.credentials].reverse().map((k) => (
                <tr key={k.id} data-key-id={k.id} class={k.id === freshKeyId ? 'fresh-key' : undefined}>
                  <th scope="row">
                    <code>{k.clientSecretPrefix}…</code>
                    {k.id === freshKeyId && <span class="badge badge-new">New key</span>}
                  </th>
                  <td>
                    <KeyStatusBadge status={k.status} />
                    {k.revokedReason && (
                      <span class="badge badge-reason">
                        <span class="visually-hidden">reason: </span>
                        {k.revokedReason}
                      </span>
                    )}
                  </td>
                  <td class="scopes">
                    {k.scopes.length ? k.scopes.map((s) => <code key={s}>{s}</code>) : <span class="muted">None</span>}
                  </td>
                  <td>
                    <When at={k.expirationDate} never="Never" />
                  </td>
                  <td>
                    <When at={k.lastUsedAt} />
                  </td>
                  <td class="wide-only">
                    <When at={k.createdAt} />
                  </td>
                  <td class="key-actions">
                    {k.status === 'Active' && (
                      <button
                        type="button"
                        class="button small"
                        onClick={() => {
                          setDone(null);
                          setRolling({ step: 'pick', key: k });
                        }}
                        aria-label={`Roll key ${k.clientSecretPrefix}`}
                      >
                        Roll
                      </button>
                    )}
                    {k.status !== 'Revoked' && (
                      <button
                        type="button"
                        class="button small danger-outline"
                        onClick={() => {
                          setDone(null);
                          setLeaking(k);
                        }}
                        aria-label={`Leaked? Revoke key ${k.clientSecretPrefix} now`}
                      >
                        Leaked?
                      </button>
                    )}
                    {k.status !== 'Revoked' && (
                      <button
                        type="button"
                        class="button small danger-outline"
                        onClick={() => {
                          setDone(null);
                          setRevoking(k);
                        }}
                        aria-label={`Revoke key ${k.clientSecretPrefix}`}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <FederatedSection accountId={a.id} />

      {rolling?.step === 'pick' && (
        <RollDialog
          account={a}
          credential={rolling.key}
          onClose={() => setRolling(null)}
          onRolled={async (r) => {
            setRolling({ step: 'secret', ...r });
            setFreshKeyId(r.newKeyId);
            await reload();
          }}
        />
      )}
      {rolling?.step === 'secret' && (
        <SecretDialog
          title="Key rolled: store the new secret now"
          clientId={rolling.clientId}
          secret={rolling.secret}
          onDone={() => {
            setDone(
              `Key ${rolling.oldPrefix}… was rolled: it keeps working until ${formatTime(rolling.oldExpiresAt)}, then it is refused. Deploy the new key before then.`,
            );
            setRolling(null);
          }}
        >
          <p>
            The old key <code>{rolling.oldPrefix}…</code> keeps working until <When at={rolling.oldExpiresAt} />, then expires by itself.
          </p>
        </SecretDialog>
      )}
      {leaking && (
        <LeakedDialog
          account={a}
          credential={leaking}
          etag={etag}
          onClose={() => setLeaking(null)}
          onRevoked={async (message) => {
            setLeaking(null);
            setDone(message);
            await reload();
          }}
        />
      )}

      {toggling && (
        <ConfirmDialog
          title={a.isActive ? `Disable ${a.name}?` : `Enable ${a.name}?`}
          confirm={a.isActive ? 'Disable now' : 'Enable'}
          danger={a.isActive}
          onClose={() => setToggling(false)}
          onConfirm={async () => {
            await call(`/api/v2/service-accounts/${a.id}/${a.isActive ? 'disable' : 'enable'}`, {
              method: 'POST',
              ifMatch: etag,
              action: `${a.isActive ? 'disable' : 'enable'} this account`,
            });
            setDone(
              a.isActive
                ? `${a.name} is disabled: its keys and tokens are refused from the next request on.`
                : `${a.name} is enabled again.`,
            );
            await reload();
          }}
        >
          {a.isActive ? (
            <p>
              Every key and token of this account is refused from its next request on, on every iamgate process. You can enable it again
              later.{self && <strong> This is the account you are signed in with: you will be signed out.</strong>}
            </p>
          ) : (
            <p>Its keys that are not revoked or expired work again.</p>
          )}
        </ConfirmDialog>
      )}

      {revoking && (
        <ConfirmDialog
          title={`Revoke key ${revoking.clientSecretPrefix}…?`}
          confirm="Revoke key"
          danger
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await call(`${iam()}/service-accounts/${a.id}/keys/${revoking.id}`, {
              method: 'DELETE',
              ifMatch: etag,
              action: 'revoke this key',
            });
            setDone(`Key ${revoking.clientSecretPrefix}… is revoked: it is refused from its next request on.`);
            if (rotation?.step === 'revoke-old') {
              const left = rotation.oldKeyIds.filter((k) => k !== revoking.id);
              setRotation(left.length ? { ...rotation, oldKeyIds: left } : null);
            }
            await reload();
          }}
        >
          <p>Clients still using this key fail from their next request on. This cannot be undone.</p>
          <p>
            It was last used: <When at={revoking.lastUsedAt} />.
          </p>
          {live.length === 1 && (
            <p>
              <strong>This is the account's last usable key.</strong> Create a new one first, or the account cannot sign in.
            </p>
          )}
        </ConfirmDialog>
      )}

      {rotation?.step === 'start' && (
        <StartRotation
          account={a}
          held={heldScopes(a.organizationalRole, loaded.permissions ?? loaded.ownPermissions ?? [])}
          onClose={() => setRotation(null)}
          onCreated={async (r) => {
            setRotation({ step: 'secret', ...r });
            setFreshKeyId(r.newKeyId);
            await reload();
          }}
        />
      )}
      {rotation?.step === 'secret' && (
        <SecretDialog
          title="New key: store its secret now"
          clientId={rotation.clientId}
          secret={rotation.secret}
          onDone={() => setRotation({ step: 'revoke-old', newKeyId: rotation.newKeyId, oldKeyIds: rotation.oldKeyIds })}
        >
          <p>Step 2 of 3: put this secret where your clients read it and deploy them. The old key keeps working until you revoke it.</p>
        </SecretDialog>
      )}
    </AccountFrame>
  );
}

interface IssuedKeyDocument {
  data: { id: string; attributes: { client_id: string; client_secret: string } };
}
interface IssuedCredential {
  data: { id: string; clientId: string; clientSecret: string };
}

/**
 * Step 1: a new key, optionally with an expiry; either following the account (v3, it can use all the
 * account can, now and later) or capped to chosen scopes (v2, the dialect that takes them): among
 * what the account holds, those the caller may grant.
 */
function StartRotation({
  account,
  held,
  onClose,
  onCreated,
}: {
  account: V2Account;
  held: string[];
  onClose: () => void;
  onCreated: (r: { clientId: string; secret: string; newKeyId: string; oldKeyIds: string[] }) => Promise<void>;
}) {
  const [expires, setExpires] = useState('');
  const [capped, setCapped] = useState(false);
  const offered = held.filter((s) => mayGrantPermission(caller(), s));
  const [scopes, setScopes] = useState(new Set<string>());
  const old = account.credentials.filter((k) => k.status !== 'Revoked');
  const create = async () => {
    const expiresAt = expires ? new Date(`${expires}T23:59:59Z`).toISOString() : null;
    const action = 'create a key for this account';
    let issued: { clientId: string; secret: string; newKeyId: string };
    if (capped) {
      const chosen = offered.filter((s) => scopes.has(s));
      const r = await call<IssuedCredential>(`/api/v2/service-accounts/${account.id}/credentials`, {
        method: 'POST',
        action,
        body: { expirationDate: expiresAt, scopes: chosen },
      });
      issued = { clientId: r.body.data.clientId, secret: r.body.data.clientSecret, newKeyId: r.body.data.id };
    } else {
      const r = await call<IssuedKeyDocument>(`${iam()}/service-accounts/${account.id}/keys`, {
        method: 'POST',
        action,
        body: { data: { type: 'service-account-keys', attributes: { expires_at: expiresAt } } },
      });
      const d = r.body.data;
      issued = { clientId: d.attributes.client_id, secret: d.attributes.client_secret, newKeyId: d.id };
    }
    await onCreated({ ...issued, oldKeyIds: old.map((k) => k.id) });
  };
  return (
    <Dialog title={`Rotate a key of ${account.name}`} onClose={onClose}>
      <ol class="steps">
        <li aria-current="step">
          <strong>Create a new key.</strong> Its secret is shown once.
        </li>
        <li>Store the secret and deploy it to your clients: both keys work meanwhile, so nothing goes down.</li>
        <li>Revoke the old key once its last use stops moving.</li>
      </ol>
      <ActionForm action={create} submit="Create new key" busyLabel="Creating…" onCancel={onClose}>
        <div class="field">
          <label for="key-expires">
            Expires on <span class="muted">(optional, end of day UTC)</span>
          </label>
          <input id="key-expires" type="date" value={expires} onInput={(e) => setExpires((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <fieldset class="choices">
          <legend>What the key may do</legend>
          <div class="check">
            <input id="key-follows" type="radio" name="key-scope" checked={!capped} onChange={() => setCapped(false)} />
            <label for="key-follows">Everything the account can do, now and as its permissions change</label>
          </div>
          <div class="check">
            <input id="key-capped" type="radio" name="key-scope" checked={capped} onChange={() => setCapped(true)} />
            <label for="key-capped">Only the scopes chosen below</label>
          </div>
        </fieldset>
        {capped &&
          (offered.length ? (
            <ChoiceList legend="Scopes" idPrefix="scope" options={offered} chosen={scopes} onChange={setScopes} />
          ) : (
            <p class="muted">The account holds nothing your credential may grant: such a key could do nothing.</p>
          ))}
      </ActionForm>
    </Dialog>
  );
}

/** Step 3: the old keys side by side with the new one, each revocable once clients moved. */
function FinishRotation({
  account,
  newKeyId,
  oldKeyIds,
  onRevoke,
  onClose,
}: {
  account: V2Account;
  newKeyId: string;
  oldKeyIds: string[];
  onRevoke: (k: Credential) => void;
  onClose: () => void;
}) {
  const fresh = account.credentials.find((k) => k.id === newKeyId);
  const old = account.credentials.filter((k) => oldKeyIds.includes(k.id) && k.status !== 'Revoked');
  return (
    <section class="panel" aria-labelledby="finish-rotation">
      <h2 id="finish-rotation">Step 3 of 3: revoke the old key</h2>
      <p>
        New key {fresh ? <code>{fresh.clientSecretPrefix}…</code> : ''} last used: <When at={fresh?.lastUsedAt} never="not yet" />. When
        your clients use it and the old key's last use stops moving, revoke the old key.
      </p>
      {old.length === 0 ? (
        <p>No old key is left: the rotation is complete.</p>
      ) : (
        <ul class="plain">
          {old.map((k) => (
            <li key={k.id}>
              <code>{k.clientSecretPrefix}…</code> last used <When at={k.lastUsedAt} />{' '}
              <button type="button" class="button danger" onClick={() => onRevoke(k)}>
                Revoke old key {k.clientSecretPrefix}…
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" class="button" onClick={onClose}>
        {old.length ? 'Later' : 'Close'}
      </button>
    </section>
  );
}

/** v2 PUT with If-Match: a change made meanwhile by anyone is a 412, shown as a conflict. */
function EditAccount({
  loaded,
  reload,
  onClose,
}: {
  loaded: LoadedAccount;
  reload: () => Promise<void>;
  onClose: (saved: boolean) => void;
}) {
  const a = loaded.account;
  const [name, setName] = useState(a.name);
  const [description, setDescription] = useState(a.description ?? '');
  const [role, setRole] = useState(a.organizationalRole);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <form
      class="edit"
      aria-labelledby="edit-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await call(`/api/v2/service-accounts/${a.id}`, {
            method: 'PUT',
            ifMatch: loaded.etag,
            action: 'change this account',
            body: { name: name.trim(), description, organizationalRole: role },
          });
          await reload();
          onClose(true);
        } catch (err) {
          setError(err);
          setBusy(false);
        }
      }}
    >
      <h2 id="edit-title">Edit</h2>
      <div class="field">
        <label for="edit-name">Name</label>
        <input id="edit-name" required maxLength={200} value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
      </div>
      <div class="field">
        <label for="edit-description">Description</label>
        <textarea
          id="edit-description"
          rows={3}
          maxLength={1000}
          value={description}
          onInput={(e) => setDescription((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </div>
      <div class="field">
        <label for="edit-role">Role</label>
        <select id="edit-role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value)}>
          {ROLES.filter((r) => r === a.organizationalRole || mayGrantRole(caller(), r)).map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <ErrorBox error={error}>
        {error instanceof ApiError && error.conflict && (
          <button
            type="button"
            class="button"
            onClick={async () => {
              await reload();
              setError(null);
            }}
          >
            Load the current version (your edits stay in the form)
          </button>
        )}
      </ErrorBox>
      <div class="actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" class="button" onClick={() => onClose(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
