// The organization's roles (named bundles of permissions: the built-in ones and its own) and groups
// (which bind roles and have accounts as members), from v3; making a role or a group offers only
// the permissions and roles the caller may grant. An account joins a group on its own page.
import { useEffect, useState } from 'preact/hooks';
import { caller, call, iam } from '../api';
import { loadGroups, loadRoles, type GroupItem, type RoleItem } from '../catalogue';
import { mayGrantPermission } from '../grants';
import { ActionForm, Dialog, Empty, ErrorBox, Loading, Notice, PageTitle, TableWrap } from '../ui';
import { ChoiceList, PermissionChoices, usePermissionChoice } from './access';

export function RolesAndGroupsPage() {
  const [roles, setRoles] = useState<RoleItem[] | null>(null);
  const [groups, setGroups] = useState<GroupItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [making, setMaking] = useState<'role' | 'group' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = () =>
    Promise.all([loadRoles(), loadGroups()]).then(([r, g]) => {
      setRoles(r);
      setGroups(g);
    }, setError);
  useEffect(() => void load(), []);
  const made = async (what: string) => {
    setMaking(null);
    await load();
    setDone(what);
  };
  const roleName = (id: string) => roles?.find((r) => r.id === id)?.name ?? id;

  return (
    <section>
      <PageTitle title="Roles and groups">Roles and groups</PageTitle>
      <p>
        A role is a named set of permissions; a group binds roles, and every account in it holds their permissions. Add an account to a
        group on the account's page.
      </p>
      <ErrorBox error={error} />
      {done && <Notice kind="success">{done}</Notice>}

      <div class="toolbar">
        <h2 id="roles-title">Roles</h2>
        <button type="button" class="button" onClick={() => setMaking('role')}>
          New role
        </button>
      </div>
      {!roles && !error && <Loading what="the roles" />}
      {roles && (
        <TableWrap label="Roles">
          <table class="table" aria-labelledby="roles-title">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Permissions</th>
              </tr>
            </thead>
            <tbody>
              {roles.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    {r.name}
                    {r.description && <span class="muted small block">{r.description}</span>}
                  </th>
                  <td>{r.custom ? 'The organization’s' : 'Built in'}</td>
                  <td class="scopes">{r.permissions.length ? r.permissions.map((p) => <code key={p}>{p}</code>) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <div class="toolbar">
        <h2 id="groups-title">Groups</h2>
        <button type="button" class="button" disabled={!roles} onClick={() => setMaking('group')}>
          New group
        </button>
      </div>
      {!groups && !error && <Loading what="the groups" />}
      {groups && groups.length === 0 && <Empty>The organization has no group yet.</Empty>}
      {groups && groups.length > 0 && (
        <TableWrap label="Groups">
          <table class="table" aria-labelledby="groups-title">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Roles</th>
                <th scope="col" class="num">
                  Members
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.id}>
                  <th scope="row">
                    {g.name}
                    {g.description && <span class="muted small block">{g.description}</span>}
                  </th>
                  <td>{g.roleIds.length ? g.roleIds.map(roleName).join(', ') : <span class="muted">None</span>}</td>
                  <td class="num">{g.memberIds.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      {making === 'role' && <NewRole onClose={() => setMaking(null)} onMade={(name) => made(`Role ${name} made.`)} />}
      {making === 'group' && roles && (
        <NewGroup roles={roles} onClose={() => setMaking(null)} onMade={(name) => made(`Group ${name} made.`)} />
      )}
    </section>
  );
}

function NameFields({
  prefix,
  name,
  setName,
  description,
  setDescription,
}: {
  prefix: string;
  name: string;
  setName: (v: string) => void;
  description: string;
  setDescription: (v: string) => void;
}) {
  return (
    <>
      <div class="field">
        <label for={`${prefix}-name`}>Name</label>
        <input
          id={`${prefix}-name`}
          required
          maxLength={200}
          value={name}
          onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <div class="field">
        <label for={`${prefix}-description`}>
          Description <span class="muted">(optional)</span>
        </label>
        <input
          id={`${prefix}-description`}
          maxLength={1000}
          value={description}
          onInput={(e) => setDescription((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
    </>
  );
}

function NewRole({ onClose, onMade }: { onClose: () => void; onMade: (name: string) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const choice = usePermissionChoice([]);
  const make = async () => {
    const attributes = { name: name.trim(), description: description.trim() || null, permissions: choice.picked() };
    await call(`${iam()}/roles`, { method: 'POST', body: { data: { type: 'roles', attributes } }, action: 'make a role' });
    onMade(attributes.name);
  };
  return (
    <Dialog title="New role" onClose={onClose}>
      <ActionForm action={make} submit="Make role" busyLabel="Making…" onCancel={onClose} disabled={!choice.all}>
        <NameFields prefix="role" name={name} setName={setName} description={description} setDescription={setDescription} />
        <PermissionChoices choice={choice} legend="Permissions it grants" idPrefix="role-perm" />
      </ActionForm>
    </Dialog>
  );
}

function NewGroup({ roles, onClose, onMade }: { roles: RoleItem[]; onClose: () => void; onMade: (name: string) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [chosen, setChosen] = useState(new Set<string>());
  // A group grants its roles' permissions to whoever joins: the caller may bind only roles it could grant.
  const offered = roles.filter((r) => r.permissions.every((p) => mayGrantPermission(caller(), p)));
  const byId = new Map(roles.map((r) => [r.id, r]));
  const make = async () => {
    const bindings = offered.filter((r) => chosen.has(r.id)).map((r) => ({ role: r.id }));
    const attributes = { name: name.trim(), description: description.trim() || null, bindings };
    await call(`${iam()}/groups`, { method: 'POST', body: { data: { type: 'groups', attributes } }, action: 'make a group' });
    onMade(attributes.name);
  };
  return (
    <Dialog title="New group" onClose={onClose}>
      <ActionForm action={make} submit="Make group" busyLabel="Making…" onCancel={onClose}>
        <NameFields prefix="group" name={name} setName={setName} description={description} setDescription={setDescription} />
        {offered.length ? (
          <ChoiceList
            legend="Roles it binds"
            idPrefix="group-role"
            options={offered.map((r) => r.id)}
            chosen={chosen}
            onChange={setChosen}
            label={(id) => (
              <>
                {byId.get(id)!.name} <span class="muted small">{byId.get(id)!.permissions.join(', ')}</span>
              </>
            )}
          />
        ) : (
          <p class="muted">No role holds only permissions your credential may grant.</p>
        )}
      </ActionForm>
    </Dialog>
  );
}
