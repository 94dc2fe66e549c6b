// What an account may do, and changing it: its own permissions (v1 PATCH, the one dialect that sets
// them), its groups and so the roles they bind (v3 relationships), its workspaces (v2 PUT). Every
// form offers only what the caller may grant (grants.ts) from what the organization has
// (catalogue.ts); the API checks each change again and its refusal is shown in its own words.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { caller, call, iam } from '../api';
import { loadGroups, loadPermissionNames, loadRoles, loadWorkspaces, type GroupItem, type RoleItem, type Workspace } from '../catalogue';
import { mayGrantAnyPermission, mayGrantPermission, mayManage, PERMISSION_PATTERN } from '../grants';
import { Link } from '../router';
import { ActionForm, Dialog, ErrorBox, Loading, Notice } from '../ui';
import type { LoadedAccount } from './account';

const WORKSPACE_ROLES = ['Owner', 'Contributor', 'Reader'] as const;

interface Props {
  loaded: LoadedAccount;
  reload: () => Promise<void>;
  onSaved: (what: string) => void;
}

type Editing = 'permissions' | 'groups' | 'workspaces' | null;

export function AccessSection({ loaded, reload, onSaved }: Props) {
  const [editing, setEditing] = useState<Editing>(null);
  const a = loaded.account;
  const own = loaded.ownPermissions;
  const inherited = (loaded.permissions ?? []).filter((p) => !(own ?? []).includes(p));
  const manageable = mayManage(caller(), { role: a.organizationalRole, permissions: loaded.permissions ?? own ?? [] });
  const done = async (what: string) => {
    setEditing(null);
    await reload();
    onSaved(what);
  };
  const change = (what: Editing, label: string, disabled = false) => (
    <button type="button" class="button small" disabled={!manageable || disabled} onClick={() => setEditing(what)}>
      {label}
    </button>
  );
  return (
    <section aria-labelledby="access-title">
      <h2 id="access-title">Access</h2>
      {!manageable && (
        <Notice>
          Your credential cannot change this account: it holds a role or permissions your credential cannot grant. Ask an Admin.
        </Notice>
      )}
      <dl class="facts access">
        <dt>Own permissions</dt>
        <dd>
          <Chips items={own} none="None" unknown="Not shown by this server (it needs the v1 API)" />
          {change('permissions', 'Change permissions', own === null)}
        </dd>
        <dt>From its groups</dt>
        <dd>
          <Chips items={loaded.permissions === null ? null : inherited} none="Nothing" unknown="Unknown" />
        </dd>
        <dt>Groups</dt>
        <dd>
          <Chips items={loaded.groups.map((g) => g.name)} none="None" />
          {change('groups', 'Change groups')}
        </dd>
        <dt>Workspaces</dt>
        <dd>
          <Chips items={(a.workspaceAssignments ?? []).map((w) => `${w.workspaceName ?? w.workspaceId}: ${w.role}`)} none="None" />
          {change('workspaces', 'Change workspaces')}
        </dd>
      </dl>
      {editing === 'permissions' && own && (
        <PermissionsDialog loaded={loaded} own={own} onClose={() => setEditing(null)} onSaved={() => done('Permissions saved.')} />
      )}
      {editing === 'groups' && <GroupsDialog loaded={loaded} onClose={() => setEditing(null)} onSaved={() => done('Groups saved.')} />}
      {editing === 'workspaces' && (
        <WorkspacesDialog loaded={loaded} onClose={() => setEditing(null)} onSaved={() => done('Workspaces saved.')} />
      )}
    </section>
  );
}

function Chips({ items, none, unknown = 'Unknown' }: { items: string[] | null; none: string; unknown?: string }) {
  if (items === null) return <span class="muted">{unknown}</span>;
  if (!items.length) return <span class="muted">{none}</span>;
  return (
    <ul class="chips">
      {items.map((p) => (
        <li key={p}>
          <code>{p}</code>
        </li>
      ))}
    </ul>
  );
}

/** Checkboxes in a fieldset: `options` are what may be chosen, `chosen` what is ticked. */
export function ChoiceList({
  legend,
  options,
  chosen,
  onChange,
  label = (o) => <code>{o}</code>,
  idPrefix,
}: {
  legend: string;
  options: string[];
  chosen: Set<string>;
  onChange: (next: Set<string>) => void;
  label?: (option: string) => ComponentChildren;
  idPrefix: string;
}) {
  return (
    <fieldset class="choices">
      <legend>{legend}</legend>
      {options.map((o, i) => (
        <div class="check" key={o}>
          <input
            id={`${idPrefix}-${i}`}
            type="checkbox"
            checked={chosen.has(o)}
            onChange={(e) => {
              const next = new Set(chosen);
              if ((e.currentTarget as HTMLInputElement).checked) next.add(o);
              else next.delete(o);
              onChange(next);
            }}
          />
          <label for={`${idPrefix}-${i}`}>{label(o)}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** An uncapped Admin may grant any permission: a field to name one the organization does not use yet. */
export function AnotherPermission({ onAdd, idPrefix }: { onAdd: (p: string) => void; idPrefix: string }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  if (!mayGrantAnyPermission(caller())) return null;
  const add = () => {
    const p = text.trim();
    if (!PERMISSION_PATTERN.test(p)) {
      setProblem('A permission is lower-case words joined by colons, such as reports:read.');
      return;
    }
    setProblem(null);
    setText('');
    onAdd(p);
  };
  return (
    <div class="field">
      <label for={`${idPrefix}-another`}>Another permission</label>
      <div class="inline">
        <input
          id={`${idPrefix}-another`}
          value={text}
          spellcheck={false}
          aria-describedby={`${idPrefix}-another-help`}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" class="button" onClick={add}>
          Add
        </button>
      </div>
      <p id={`${idPrefix}-another-help`} class={problem ? 'help problem' : 'help'}>
        {problem ?? 'As an Admin you may grant any permission, such as reports:read.'}
      </p>
    </div>
  );
}

/**
 * A form's permission checkboxes: the permissions the organization has that the caller may grant,
 * `held` ticked at first, and any an uncapped Admin types in (ticked as added). `picked()` lists
 * the ticked ones in the order shown.
 */
export function usePermissionChoice(held: string[]) {
  const [loaded, setLoaded] = useState<{ options: string[] | null; hidden: number; error: unknown }>({
    options: null,
    hidden: 0,
    error: null,
  });
  const [chosen, setChosen] = useState(new Set(held));
  const [added, setAdded] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    loadRoles()
      .then((roles) => loadPermissionNames(roles, held))
      .then(
        (names) => {
          if (!live) return;
          const grantable = names.filter((p) => mayGrantPermission(caller(), p));
          setLoaded({ options: grantable, hidden: names.length - grantable.length, error: null });
        },
        (error) => live && setLoaded({ options: null, hidden: 0, error }),
      );
    return () => void (live = false);
  }, []);
  const all = loaded.options ? [...new Set([...loaded.options, ...added])] : null;
  const add = (p: string) => {
    setAdded((list) => (list.includes(p) ? list : [...list, p]));
    setChosen((c) => new Set([...c, p]));
  };
  return {
    all,
    hidden: loaded.hidden,
    error: loaded.error,
    chosen,
    setChosen,
    add,
    picked: () => (all ?? []).filter((p) => chosen.has(p)),
  };
}

function PermissionsDialog({
  loaded,
  own,
  onClose,
  onSaved,
}: {
  loaded: LoadedAccount;
  own: string[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const a = loaded.account;
  const choice = usePermissionChoice(own);
  const save = async () => {
    await call(`/v1/service-accounts/${encodeURIComponent(a.id)}`, {
      method: 'PATCH',
      ifMatch: loaded.etag,
      body: { permissions: choice.picked() },
      action: "change this account's permissions",
    });
    onSaved();
  };
  return (
    <Dialog title={`Permissions of ${a.name}`} onClose={onClose}>
      <ActionForm action={save} submit="Save" busyLabel="Saving…" onCancel={onClose} disabled={!choice.all}>
        <p>Its own permissions, besides what its groups give it. Keys made without scopes follow them from the next request on.</p>
        <PermissionChoices choice={choice} legend="Permissions" idPrefix="perm" />
      </ActionForm>
    </Dialog>
  );
}

/** usePermissionChoice's checkboxes, with how many are not offered and the field for another. */
export function PermissionChoices({
  choice,
  legend,
  idPrefix,
}: {
  choice: ReturnType<typeof usePermissionChoice>;
  legend: string;
  idPrefix: string;
}) {
  const { all, hidden, error } = choice;
  return (
    <>
      <ErrorBox error={error} />
      {!all && !error && <Loading what="the organization's permissions" />}
      {all && <ChoiceList legend={legend} idPrefix={idPrefix} options={all} chosen={choice.chosen} onChange={choice.setChosen} />}
      {hidden > 0 && (
        <p class="muted small">
          {hidden} more permission{hidden === 1 ? '' : 's'} of the organization {hidden === 1 ? 'is' : 'are'} not offered: your credential
          cannot grant {hidden === 1 ? 'it' : 'them'}.
        </p>
      )}
      <AnotherPermission idPrefix={idPrefix} onAdd={choice.add} />
    </>
  );
}

function GroupsDialog({ loaded, onClose, onSaved }: { loaded: LoadedAccount; onClose: () => void; onSaved: () => void }) {
  const a = loaded.account;
  const [catalogue, setCatalogue] = useState<{ groups: GroupItem[]; roles: Map<string, RoleItem> } | null>(null);
  const [chosen, setChosen] = useState(new Set(loaded.groups.map((g) => g.id)));
  const [loadError, setLoadError] = useState<unknown>(null);
  useEffect(() => {
    Promise.all([loadGroups(), loadRoles()]).then(
      ([groups, roles]) => setCatalogue({ groups, roles: new Map(roles.map((r) => [r.id, r])) }),
      setLoadError,
    );
  }, []);
  const grants = (g: GroupItem) => g.roleIds.flatMap((id) => catalogue?.roles.get(id)?.permissions ?? []);
  // A group is offered when the caller may grant all it gives, or when the account is in it already (to leave it).
  const offered = catalogue?.groups.filter((g) => chosen.has(g.id) || grants(g).every((p) => mayGrantPermission(caller(), p))) ?? [];
  const describe = (id: string) => {
    const g = catalogue!.groups.find((x) => x.id === id)!;
    const roles = g.roleIds.map((r) => catalogue!.roles.get(r)?.name ?? r);
    return (
      <>
        {g.name} <span class="muted small">{roles.length ? `roles: ${roles.join(', ')}` : 'binds no role'}</span>
      </>
    );
  };
  const save = async () => {
    const before = new Set(loaded.groups.map((g) => g.id));
    const member = { data: [{ type: 'service-accounts', id: a.id }] };
    const path = (id: string) => `${iam()}/groups/${encodeURIComponent(id)}/relationships/service-accounts`;
    for (const id of [...chosen].filter((g) => !before.has(g))) {
      await call(path(id), { method: 'POST', body: member, action: 'add this account to the group' });
    }
    for (const id of [...before].filter((g) => !chosen.has(g))) {
      await call(path(id), { method: 'DELETE', body: member, action: 'take this account out of the group' });
    }
    onSaved();
  };
  return (
    <Dialog title={`Groups of ${a.name}`} onClose={onClose}>
      <ActionForm action={save} submit="Save" busyLabel="Saving…" onCancel={onClose} disabled={!catalogue}>
        <p>
          A group gives its members the permissions of the roles it binds. Roles and groups are made on{' '}
          <Link href="/access">Roles and groups</Link>.
        </p>
        <ErrorBox error={loadError} />
        {!catalogue && !loadError && <Loading what="the groups" />}
        {catalogue && offered.length === 0 && <p class="muted">The organization has no group you may add this account to.</p>}
        {catalogue && offered.length > 0 && (
          <ChoiceList
            legend="Groups"
            idPrefix="group"
            options={offered.map((g) => g.id)}
            chosen={chosen}
            onChange={setChosen}
            label={describe}
          />
        )}
      </ActionForm>
    </Dialog>
  );
}

function WorkspacesDialog({ loaded, onClose, onSaved }: { loaded: LoadedAccount; onClose: () => void; onSaved: () => void }) {
  const a = loaded.account;
  const [workspaces, setWorkspaces] = useState<Workspace[] | null>(null);
  const [roles, setRoles] = useState<Record<string, string>>(
    Object.fromEntries((a.workspaceAssignments ?? []).map((w) => [w.workspaceId, w.role])),
  );
  const [newName, setNewName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const refresh = () => loadWorkspaces().then(setWorkspaces, setError);
  useEffect(() => void refresh(), []);
  const save = async () => {
    const workspaceAssignments = Object.entries(roles)
      .filter(([, role]) => role)
      .map(([workspaceId, role]) => ({ workspaceId, role }));
    await call(`/api/v2/service-accounts/${encodeURIComponent(a.id)}`, {
      method: 'PUT',
      ifMatch: loaded.etag,
      body: { workspaceAssignments },
      action: "change this account's workspaces",
    });
    onSaved();
  };
  const create = async () => {
    setError(null);
    try {
      await call('/api/v2/workspaces', { method: 'POST', body: { name: newName.trim() }, action: 'create a workspace' });
      setNewName('');
      await refresh();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Dialog title={`Workspaces of ${a.name}`} onClose={onClose}>
      <ActionForm action={save} submit="Save" busyLabel="Saving…" onCancel={onClose} disabled={!workspaces}>
        {!workspaces && !error && <Loading what="the workspaces" />}
        {workspaces && workspaces.length === 0 && <p class="muted">The organization has no workspace yet.</p>}
        {workspaces?.map((w, i) => (
          <div class="field" key={w.id}>
            <label for={`ws-${i}`}>{w.name}</label>
            <select
              id={`ws-${i}`}
              value={roles[w.id] ?? ''}
              onChange={(e) => setRoles({ ...roles, [w.id]: (e.currentTarget as HTMLSelectElement).value })}
            >
              <option value="">Not assigned</option>
              {WORKSPACE_ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div class="field">
          <label for="ws-new">New workspace</label>
          <div class="inline">
            <input id="ws-new" value={newName} maxLength={200} onInput={(e) => setNewName((e.currentTarget as HTMLInputElement).value)} />
            <button type="button" class="button" disabled={!newName.trim()} onClick={create}>
              Create
            </button>
          </div>
        </div>
        <ErrorBox error={error} />
      </ActionForm>
    </Dialog>
  );
}
