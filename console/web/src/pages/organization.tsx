// The organization (issue 32), for its Admins and UserAdmins: the credential policy (v2
// GET/PUT /api/v2/credential-policy) with what the janitor would do under the values in the form
// before they are saved (policy-preview.ts: the API has no dry run, so it is worked out from the keys
// the API lists, and labelled a preview), and the webhook subscriptions (webhooks.tsx).
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call, session } from '../api';
import { previewJanitor, previewKeysOf, type ListedAccount, type PolicyRules, type PreviewAction } from '../policy-preview';
import { Link } from '../router';
import { describedBy, Empty, ErrorBox, FieldNote, Loading, Notice, PageTitle, problemsByField, TableWrap, When } from '../ui';
import { WebhooksSection } from './webhooks';

/** Who may see and change it (the API refuses anyone else with 403). */
export function isOrganizationAdmin(): boolean {
  const role = session()?.role;
  return role === 'Admin' || role === 'UserAdmin';
}

interface Policy extends PolicyRules {
  updatedAt: string | null;
}

const RULES: { field: keyof PolicyRules; label: string; max: number; help: string }[] = [
  {
    field: 'maxKeyLifetimeDays',
    label: 'Maximum key lifetime (days)',
    max: 3650,
    help: 'New keys expire at most this many days after they are made (one made without an expiry gets this one). Existing keys are not shortened: the janitor reports them.',
  },
  {
    field: 'disableUnusedKeysAfterDays',
    label: 'Disable keys unused for (days)',
    max: 3650,
    help: 'The janitor disables keys not used for this long (from their last use, or creation when never used). Disabled, not revoked: they can be enabled again.',
  },
  {
    field: 'warnBeforeExpiryDays',
    label: 'Warn before expiry (days)',
    max: 365,
    help: 'The janitor sends key.expiring once for each key that expires within this many days.',
  },
];
const FIELDS = RULES.map((r) => r.field);

/** How many accounts the preview reads at most (v2 pages of 100). */
const PREVIEW_PAGES = 20;

export function OrganizationPage() {
  if (!isOrganizationAdmin()) {
    return (
      <section>
        <PageTitle title="Organization">Organization</PageTitle>
        <Notice>Only an Admin or a UserAdmin may see or change the organization's credential policy and webhooks.</Notice>
      </section>
    );
  }
  return (
    <section>
      <PageTitle title="Organization">Organization</PageTitle>
      <PolicySection />
      <WebhooksSection />
    </section>
  );
}

type Draft = Record<keyof PolicyRules, string>;

const draftOf = (p: PolicyRules): Draft => ({
  maxKeyLifetimeDays: p.maxKeyLifetimeDays?.toString() ?? '',
  disableUnusedKeysAfterDays: p.disableUnusedKeysAfterDays?.toString() ?? '',
  warnBeforeExpiryDays: p.warnBeforeExpiryDays?.toString() ?? '',
});

/** The rules the draft says, and what is wrong with each field that is not a number of days in bounds. */
function readDraft(d: Draft): { rules: PolicyRules; problems: Partial<Record<keyof PolicyRules, string>> } {
  const rules = { maxKeyLifetimeDays: null, disableUnusedKeysAfterDays: null, warnBeforeExpiryDays: null } as PolicyRules;
  const problems: Partial<Record<keyof PolicyRules, string>> = {};
  for (const { field, max } of RULES) {
    const text = d[field].trim();
    if (!text) continue;
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(n >= 1 && n <= max)) problems[field] = `A whole number of days from 1 to ${max}, or empty for off.`;
    else rules[field] = n;
  }
  return { rules, problems };
}

async function listAccounts(): Promise<{ accounts: ListedAccount[]; complete: boolean }> {
  const accounts: ListedAccount[] = [];
  let token: string | null = null;
  for (let page = 0; page < PREVIEW_PAGES; page++) {
    const q = new URLSearchParams({ limit: '100' });
    if (token) q.set('continuationToken', token);
    const r = await call<{ data: ListedAccount[]; pagination: { continuationToken: string | null; hasMore: boolean } }>(
      `/api/v2/service-accounts?${q}`,
      { action: 'list service accounts' },
    );
    accounts.push(...r.body.data);
    token = r.body.pagination.continuationToken;
    if (!r.body.pagination.hasMore || !token) return { accounts, complete: true };
  }
  return { accounts, complete: false };
}

function PolicySection() {
  const [policy, setPolicy] = useState<Policy | null | 'absent'>(null);
  const [draft, setDraft] = useState<Draft>(
    draftOf({ maxKeyLifetimeDays: null, disableUnusedKeysAfterDays: null, warnBeforeExpiryDays: null }),
  );
  const [asOf, setAsOf] = useState('');
  const [keys, setKeys] = useState<{ accounts: ListedAccount[]; complete: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  const load = async () => {
    const r = await call<{ data: Policy }>('/api/v2/credential-policy', {
      optional: true,
      action: "read the organization's credential policy",
    });
    setPolicy(r ? r.body.data : 'absent');
    if (r) setDraft(draftOf(r.body.data));
    return r;
  };
  useEffect(() => {
    load()
      .then((r) => (r ? listAccounts().then(setKeys) : undefined))
      .catch(setError);
  }, []);

  if (error) return <ErrorBox error={error} />;
  if (policy === null) return <Loading what="the credential policy" />;
  if (policy === 'absent') {
    return (
      <section aria-labelledby="policy-title">
        <h2 id="policy-title">Credential policy</h2>
        <Empty>Credential policies are not available on this server.</Empty>
      </section>
    );
  }
  const { rules, problems: local } = readDraft(draft);
  const said = problemsByField(saveError, FIELDS);
  const problems = (f: keyof PolicyRules) => (local[f] ? [local[f]!] : said[f]);
  const valid = Object.keys(local).length === 0;
  const at = asOf ? Date.parse(`${asOf}T00:00:00Z`) : Date.now();
  const preview = valid && keys && !Number.isNaN(at) ? previewJanitor(previewKeysOf(keys.accounts), rules, at) : null;
  const days = (n: number | null) => (n === null ? 'Off' : `${n} day${n === 1 ? '' : 's'}`);

  return (
    <section aria-labelledby="policy-title">
      <h2 id="policy-title">Credential policy</h2>
      <dl class="facts">
        {RULES.map((r) => (
          <Fragment key={r.field}>
            <dt>{r.label.replace(' (days)', '')}</dt>
            <dd data-rule={r.field}>{days(policy[r.field])}</dd>
          </Fragment>
        ))}
        <dt>Last set</dt>
        <dd>
          <When at={policy.updatedAt} never="Never (every rule off)" />
        </dd>
      </dl>
      {saved && <Notice kind="success">Policy saved: the janitor applies it from its next run, and new keys are capped at once.</Notice>}
      <form
        class="policy"
        aria-labelledby="policy-form-title"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!valid) return;
          setBusy(true);
          setSaveError(null);
          setSaved(false);
          try {
            await call('/api/v2/credential-policy', { method: 'PUT', action: 'change the credential policy', body: rules });
            await load();
            setSaved(true);
          } catch (err) {
            setSaveError(err);
          }
          setBusy(false);
        }}
      >
        <h3 id="policy-form-title">Change it</h3>
        <p class="help">Each rule is a number of days; leave it empty to turn it off.</p>
        {RULES.map((r) => (
          <div class="field" key={r.field}>
            <label for={`policy-${r.field}`}>{r.label}</label>
            <input
              id={`policy-${r.field}`}
              type="text"
              inputMode="numeric"
              value={draft[r.field]}
              placeholder="Off"
              onInput={(e) => {
                setSaved(false);
                setDraft({ ...draft, [r.field]: (e.currentTarget as HTMLInputElement).value });
              }}
              {...describedBy(`policy-${r.field}`, problems(r.field))}
            />
            <FieldNote id={`policy-${r.field}`} help={r.help} problems={problems(r.field)} />
          </div>
        ))}

        <section class="panel preview" aria-labelledby="preview-title">
          <h3 id="preview-title">Preview: what the janitor would do under these values</h3>
          <div class="field">
            <label for="preview-as-of">
              As of <span class="muted">(optional, start of the day UTC; default now)</span>
            </label>
            <input id="preview-as-of" type="date" value={asOf} onInput={(e) => setAsOf((e.currentTarget as HTMLInputElement).value)} />
          </div>
          <PreviewResult preview={preview} keys={keys} valid={valid} />
        </section>

        <ErrorBox error={saveError} />
        <div class="actions">
          <button type="submit" class="button primary" disabled={busy || !valid || !preview}>
            {busy ? 'Saving…' : 'Save policy'}
          </button>
        </div>
      </form>
    </section>
  );
}

const ACTION_WORDS: Record<PreviewAction['action'], string> = {
  disable: 'Disable (unused)',
  'warn-expiry': 'Warn: expires soon',
  'over-lifetime': 'Report: lives longer than the maximum',
};

function PreviewResult({
  preview,
  keys,
  valid,
}: {
  preview: PreviewAction[] | null;
  keys: { accounts: ListedAccount[]; complete: boolean } | null;
  valid: boolean;
}) {
  if (!valid) return <p class="help">Correct the values above to see the preview.</p>;
  if (!keys || !preview) return <Loading what="the organization's keys" />;
  const count = (a: PreviewAction['action']) => preview.filter((p) => p.action === a).length;
  return (
    <>
      <p role="status" aria-live="polite" data-testid="preview-summary">
        Under these values the janitor would disable {count('disable')}, warn about {count('warn-expiry')} and report{' '}
        {count('over-lifetime')} of the organization's keys.
      </p>
      <p class="help">
        A preview worked out here from the keys the API lists, by the janitor's rules. It cannot know what the API does not show: a key
        enabled again counts idle from then, a warning or report already sent is not sent again, and a read-only Admin key does not keep the
        organization's last Admin in. The janitor's own dry run is <code>iamgate janitor --dry-run --as-of …</code> on the server.
        {!keys.complete && ` Only the first ${keys.accounts.length} accounts were read.`}
      </p>
      {preview.length === 0 ? (
        <Empty>Nothing would happen.</Empty>
      ) : (
        <TableWrap label="Preview of the janitor">
          <table class="table">
            <caption class="visually-hidden">What the janitor would do</caption>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Account</th>
                <th scope="col">Key</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {preview.map((p) => (
                <tr key={`${p.action}-${p.key.keyId}`} data-action={p.action} data-key-id={p.key.keyId}>
                  <th scope="row">{ACTION_WORDS[p.action]}</th>
                  <td>
                    <Link href={`/accounts/${p.key.accountId}`}>{p.key.accountName}</Link>
                  </td>
                  <td>
                    <code>{p.key.prefix}…</code>
                  </td>
                  <td>
                    {p.action === 'disable' ? (
                      <>
                        {p.key.lastUsedAt ? 'last used' : 'never used; made'} <When at={p.idleSince} />
                      </>
                    ) : p.action === 'warn-expiry' ? (
                      <>
                        expires <When at={p.key.expiresAt} />
                      </>
                    ) : (
                      <>
                        made <When at={p.key.createdAt} />, expires <When at={p.key.expiresAt} never="never" />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
