// An account's federated credentials (issue 31, docs/keyless.md): the outside OIDC tokens (a GitHub
// Actions job, a Kubernetes pod) that stand for it at /oauth2/token without a secret. Listed, added
// and removed through v2 (`…/service-accounts/{id}/federated-credentials`); the API checks every
// field, and what it says of one is shown next to that field.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import {
  ActionForm,
  ConfirmDialog,
  describedBy,
  Dialog,
  Empty,
  ErrorBox,
  FieldNote,
  Loading,
  Notice,
  problemsByField,
  TableWrap,
  When,
} from '../ui';

/** At most this many per account (the API refuses more). */
const MAX_PER_ACCOUNT = 20;

export interface FederatedCredential {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  claims: Record<string, string>;
  jwks: { keys: unknown[] } | null;
  allowTokenReuse: boolean;
  createdAt: string;
  updatedAt: string;
}

const FIELDS = ['name', 'issuer', 'subject', 'audiences', 'claims', 'jwks', 'allowTokenReuse'] as const;

export function FederatedSection({ accountId }: { accountId: string }) {
  const base = `/api/v2/service-accounts/${encodeURIComponent(accountId)}/federated-credentials`;
  const [rules, setRules] = useState<FederatedCredential[] | null | 'absent'>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<FederatedCredential | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(async () => {
    setError(null);
    try {
      const r = await call<{ data: FederatedCredential[] }>(base, { optional: true, action: "read this account's federated credentials" });
      setRules(r ? r.body.data : 'absent');
    } catch (e) {
      setError(e);
    }
  }, [base]);
  useEffect(() => void load(), [load]);

  return (
    <section aria-labelledby="federated-title">
      <h2 id="federated-title">Federated credentials</h2>
      <p class="help">
        Tokens from outside (a GitHub Actions job, a Kubernetes pod) that a rule here admits are exchanged at <code>/oauth2/token</code> for
        an access token of this account, with no secret to keep. Removing or changing a rule ends the tokens it admitted.
      </p>
      {error ? <ErrorBox error={error} /> : null}
      {done && <Notice kind="success">{done}</Notice>}
      {rules === null && !error && <Loading what="the federated credentials" />}
      {rules === 'absent' && <Empty>Federated credentials are not available on this server.</Empty>}
      {Array.isArray(rules) && (
        <>
          {rules.length === 0 ? (
            <Empty>No federated credential: only its keys sign this account in.</Empty>
          ) : (
            <TableWrap label="Table of federated credentials">
              <table class="table">
                <caption class="visually-hidden">Federated credentials</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Issuer</th>
                    <th scope="col">Subject</th>
                    <th scope="col">Audiences</th>
                    <th scope="col">Claims</th>
                    <th scope="col">Keys</th>
                    <th scope="col">Token reuse</th>
                    <th scope="col" class="wide-only">
                      Created
                    </th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rules.map((r) => (
                    <tr key={r.id} data-federated-id={r.id}>
                      <th scope="row">{r.name}</th>
                      <td class="wrap">
                        <code>{r.issuer}</code>
                      </td>
                      <td class="wrap">
                        <code>{r.subject}</code>
                      </td>
                      <td class="scopes">
                        {r.audiences.map((a) => (
                          <code key={a}>{a}</code>
                        ))}
                      </td>
                      <td class="scopes">
                        {Object.keys(r.claims).length ? (
                          Object.entries(r.claims).map(([k, v]) => <code key={k}>{`${k}=${v}`}</code>)
                        ) : (
                          <span class="muted">None</span>
                        )}
                      </td>
                      <td>{r.jwks ? `Inline (${r.jwks.keys.length})` : 'Discovered'}</td>
                      <td>{r.allowTokenReuse ? 'Allowed' : 'Once per token'}</td>
                      <td class="wide-only">
                        <When at={r.createdAt} />
                      </td>
                      <td>
                        <button
                          type="button"
                          class="button small danger-outline"
                          aria-label={`Remove federated credential ${r.name}`}
                          onClick={() => {
                            setDone(null);
                            setRemoving(r);
                          }}
                        >
                          Remove
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          <button
            type="button"
            class="button"
            disabled={rules.length >= MAX_PER_ACCOUNT}
            onClick={() => {
              setDone(null);
              setAdding(true);
            }}
          >
            Add federated credential
          </button>
          {rules.length >= MAX_PER_ACCOUNT && <p class="help">An account has at most {MAX_PER_ACCOUNT}: remove one first.</p>}
        </>
      )}
      {adding && (
        <AddFederatedCredential
          base={base}
          onClose={() => setAdding(false)}
          onAdded={async (r) => {
            setAdding(false);
            setDone(`Federated credential ${r.name} added.`);
            await load();
          }}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove federated credential ${removing.name}?`}
          confirm="Remove"
          danger
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await call(`${base}/${removing.id}`, { method: 'DELETE', action: 'remove this federated credential' });
            setDone(`Federated credential ${removing.name} removed: the access tokens it admitted are refused from their next request on.`);
            await load();
          }}
        >
          <p>
            Tokens from <code>{removing.issuer}</code> for <code>{removing.subject}</code> no longer sign this account in, and the access
            tokens this rule admitted are refused from their next request on.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Lines (or commas) to a list, blanks dropped. */
function listOf(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `name=value` lines to an object, or what is wrong with them. */
function claimsOf(text: string): { claims: Record<string, string> } | { problem: string } {
  const claims: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    const at = line.indexOf('=');
    if (at <= 0) return { problem: `Line ${i + 1}: write name=value, such as repository=acme/app.` };
    claims[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { claims };
}

/** The inline key set, null for none, or what is wrong with it. */
function jwksOf(text: string): { jwks: unknown } | { problem: string } {
  if (!text.trim()) return { jwks: null };
  try {
    return { jwks: JSON.parse(text) as unknown };
  } catch (e) {
    return { problem: `Not JSON: ${(e as Error).message}` };
  }
}

function AddFederatedCredential({
  base,
  onClose,
  onAdded,
}: {
  base: string;
  onClose: () => void;
  onAdded: (r: FederatedCredential) => Promise<void>;
}) {
  const [name, setName] = useState('');
  const [issuer, setIssuer] = useState('');
  const [subject, setSubject] = useState('');
  const [audiences, setAudiences] = useState('');
  const [claims, setClaims] = useState('');
  const [jwks, setJwks] = useState('');
  const [reuse, setReuse] = useState(false);
  const [apiError, setApiError] = useState<unknown>(null);
  const parsedClaims = claimsOf(claims);
  const parsedJwks = jwksOf(jwks);
  const said = problemsByField(apiError, FIELDS);
  const problems: Record<string, string[] | undefined> = {
    ...said,
    claims: 'problem' in parsedClaims ? [parsedClaims.problem] : said.claims,
    jwks: 'problem' in parsedJwks ? [parsedJwks.problem] : said.jwks,
  };
  const ready = !('problem' in parsedClaims) && !('problem' in parsedJwks);
  const add = async () => {
    if (!('claims' in parsedClaims) || !('jwks' in parsedJwks)) return;
    const body: Record<string, unknown> = {
      name: name.trim(),
      issuer: issuer.trim(),
      subject: subject.trim(),
      audiences: listOf(audiences),
      claims: parsedClaims.claims,
      allowTokenReuse: reuse,
    };
    if (parsedJwks.jwks !== null) body.jwks = parsedJwks.jwks;
    const r = await call<{ data: FederatedCredential }>(base, { method: 'POST', action: 'add a federated credential', body });
    await onAdded(r.body.data);
  };
  const text = (id: string, label: string, value: string, set: (v: string) => void, help: string, field: string, hint?: string) => (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        required
        spellcheck={false}
        autocomplete="off"
        placeholder={hint}
        value={value}
        onInput={(e) => set((e.currentTarget as HTMLInputElement).value)}
        {...describedBy(id, problems[field])}
      />
      <FieldNote id={id} help={help} problems={problems[field]} />
    </div>
  );
  const area = (id: string, label: string, value: string, set: (v: string) => void, help: string, field: string, rows: number) => (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        rows={rows}
        spellcheck={false}
        value={value}
        onInput={(e) => set((e.currentTarget as HTMLTextAreaElement).value)}
        {...describedBy(id, problems[field])}
      />
      <FieldNote id={id} help={help} problems={problems[field]} />
    </div>
  );
  return (
    <Dialog title="Add a federated credential" onClose={onClose}>
      <ActionForm action={add} submit="Add" busyLabel="Adding…" onCancel={onClose} onError={setApiError} disabled={!ready}>
        {text('fc-name', 'Name', name, setName, "Unique among this account's federated credentials.", 'name', 'deploy from main')}
        {text(
          'fc-issuer',
          'Issuer',
          issuer,
          setIssuer,
          "Exactly as the tokens' iss says; https. Its keys are discovered from it unless you paste them below.",
          'issuer',
          'https://token.actions.githubusercontent.com',
        )}
        {text(
          'fc-subject',
          'Subject',
          subject,
          setSubject,
          "The tokens' sub, exactly, or a prefix ending in * (repo:acme/app:*).",
          'subject',
          'repo:acme/app:ref:refs/heads/main',
        )}
        {area('fc-audiences', 'Audiences', audiences, setAudiences, "One per line: the token's aud must hold one of them.", 'audiences', 2)}
        {area(
          'fc-claims',
          'Claims (optional)',
          claims,
          setClaims,
          'One name=value per line, each matched exactly (GitHub: repository, ref, environment; Kubernetes: kubernetes.io.namespace).',
          'claims',
          3,
        )}
        {area(
          'fc-jwks',
          'Inline JWKS (optional)',
          jwks,
          setJwks,
          'The issuer\'s public keys as a JSON Web Key Set ({"keys": [...]}), for an issuer iamgate cannot reach, such as many clusters\' service-account issuers. Empty: discovered from the issuer.',
          'jwks',
          4,
        )}
        <div class="check">
          <input
            id="fc-reuse"
            type="checkbox"
            checked={reuse}
            onChange={(e) => setReuse((e.currentTarget as HTMLInputElement).checked)}
            {...describedBy('fc-reuse', problems.allowTokenReuse)}
          />
          <label for="fc-reuse">Allow token reuse</label>
        </div>
        <FieldNote
          id="fc-reuse"
          problems={problems.allowTokenReuse}
          help="For platforms that present one token many times until it is refreshed (Kubernetes). Otherwise each token (jti) is exchanged once, and a token without a jti is refused."
        />
      </ActionForm>
    </Dialog>
  );
}
