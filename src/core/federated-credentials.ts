// Federated credentials' use cases (issue 31): list, read, create, change, delete a service
// account's trust rules. A rule mints tokens with the account's whole power, as a key made without
// scopes does, so creating, changing or deleting one needs what making such a key needs: the right to
// write keys and to manage the account (checked again on the rows read inside the transaction).
import { actingPrincipal } from './acting-principal';
import { changedValues, recordAudit, type AuditFact } from './audit';
import { assertCanManage, requireCapability, requireKeyWrite, type Principal } from './authorization';
import type { CoreDeps } from './deps';
import { conflict, notFound } from './errors';
import {
  AUDITED_RULE_FIELDS,
  auditedRule,
  FEDERATION_LIMITS,
  normalizeAudiences,
  normalizeClaims,
  normalizeIssuer,
  normalizeJwks,
  normalizeSubject,
  type FederatedCredential,
  type FederatedCredentialRequest,
} from './federation-rules';
import type { ServiceAccount } from './model';
import { nameTaken } from './name-taken';
import { assertVersion, untilWritten } from './optimistic-writes';
import type { Repositories } from './ports';
import { FieldChecks, normalizeName } from './rules';
import { getAccountOr404, isUuidShaped } from './views';

export type FederatedCredentialChanges = Partial<FederatedCredentialRequest>;

/** The account's rules, oldest first (at most 20). */
export async function listFederatedCredentials(deps: CoreDeps, p: Principal, accountId: string): Promise<FederatedCredential[]> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => {
    await getAccountOr404(repos, p.organizationId, accountId);
    return repos.federatedCredentials.listForAccount(p.organizationId, accountId);
  });
}

export async function getFederatedCredential(deps: CoreDeps, p: Principal, accountId: string, id: string): Promise<FederatedCredential> {
  requireCapability(p, 'read');
  return deps.store.run(async (repos) => {
    await getAccountOr404(repos, p.organizationId, accountId);
    return credentialOr404(repos, p.organizationId, accountId, id);
  });
}

export async function createFederatedCredential(
  deps: CoreDeps,
  p: Principal,
  accountId: string,
  req: FederatedCredentialRequest,
): Promise<FederatedCredential> {
  requireKeyWrite(p);
  // Checked first so a refusal costs no key import, then again on the rows inside the transaction.
  const account = await deps.store.run((repos) => getAccountOr404(repos, p.organizationId, accountId));
  assertCanManage(p, account);
  const fields = await checkedFields(deps, req);
  const now = deps.clock.now().toISOString();
  return nameTaken(
    'federated credential of this account',
    deps.store.transaction(async (repos) => {
      // Holds the account's row (PostgreSQL) so two creations cannot both pass the count below.
      if (!(await repos.accounts.bumpVersion(p.organizationId, accountId, now))) throw notFound('Service account');
      const current = await authorizedAccount(deps, repos, p, accountId);
      if ((await repos.federatedCredentials.countForAccount(p.organizationId, accountId)) >= FEDERATION_LIMITS.perAccount)
        throw conflict(`A service account holds at most ${FEDERATION_LIMITS.perAccount} federated credentials; delete one first`);
      const credential: FederatedCredential = {
        ...fields,
        id: deps.ids.next(),
        organizationId: p.organizationId,
        serviceAccountId: current.id,
        tokenKeyId: deps.ids.next(),
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      await repos.federatedCredentials.insert(credential);
      await recordAudit(deps, repos, p, ruleFact('federated-credential.create', null, credential), p.organizationId);
      return credential;
    }),
  );
}

/** `expectedVersion`: the rule's (If-Match). Every change gives the rule a new token key id: its tokens end. */
export async function updateFederatedCredential(
  deps: CoreDeps,
  p: Principal,
  accountId: string,
  id: string,
  changes: FederatedCredentialChanges,
  expectedVersion?: number,
): Promise<FederatedCredential> {
  requireKeyWrite(p);
  const checks = new FieldChecks();
  const policy = deps.federation;
  const name = changes.name === undefined ? undefined : normalizeName(changes.name, checks);
  const issuer = changes.issuer === undefined ? undefined : normalizeIssuer(changes.issuer, policy, checks);
  const subject = changes.subject === undefined ? undefined : normalizeSubject(changes.subject, checks);
  const audiences = changes.audiences === undefined ? undefined : normalizeAudiences(changes.audiences, checks);
  const claims = changes.claims === undefined ? undefined : normalizeClaims(changes.claims, checks);
  const jwks = changes.jwks === undefined ? undefined : await normalizeJwks(changes.jwks, policy, checks);
  checks.throwIfAny();
  return nameTaken(
    'federated credential of this account',
    untilWritten(expectedVersion, 'federated credential', () =>
      deps.store.transaction(async (repos) => {
        const current = await credentialOr404(repos, p.organizationId, accountId, id);
        await authorizedAccount(deps, repos, p, accountId);
        assertVersion(current, expectedVersion);
        const updated: FederatedCredential = { ...current };
        if (name !== undefined) updated.name = name;
        if (issuer !== undefined) updated.issuer = issuer;
        if (subject !== undefined) updated.subject = subject;
        if (audiences !== undefined) updated.audiences = audiences;
        if (claims !== undefined) updated.claims = claims;
        if (jwks !== undefined) updated.jwks = jwks;
        if (changes.allowTokenReuse !== undefined) updated.allowTokenReuse = changes.allowTokenReuse;
        const fact = ruleFact('federated-credential.update', current, updated);
        if (!fact.values!.length) return current;
        const written: FederatedCredential = {
          ...updated,
          tokenKeyId: deps.ids.next(),
          updatedAt: deps.clock.now().toISOString(),
          version: current.version + 1,
        };
        if (!(await repos.federatedCredentials.update(written, current.version))) return null;
        await recordAudit(deps, repos, p, fact, p.organizationId);
        return written;
      }),
    ),
  );
}

/** The rule is gone at once: the tokens it minted stop working on their next request. */
export async function deleteFederatedCredential(
  deps: CoreDeps,
  p: Principal,
  accountId: string,
  id: string,
  expectedVersion?: number,
): Promise<void> {
  requireKeyWrite(p);
  await untilWritten(expectedVersion, 'federated credential', () =>
    deps.store.transaction(async (repos) => {
      const current = await credentialOr404(repos, p.organizationId, accountId, id);
      await authorizedAccount(deps, repos, p, accountId);
      assertVersion(current, expectedVersion);
      if (!(await repos.federatedCredentials.delete(p.organizationId, current.id, current.version))) return null;
      await recordAudit(deps, repos, p, ruleFact('federated-credential.delete', current, null), p.organizationId);
      return true;
    }),
  );
}

/** Every field of a new rule, checked (jwks keys imported) before any transaction starts. */
async function checkedFields(
  deps: CoreDeps,
  req: FederatedCredentialRequest,
): Promise<Pick<FederatedCredential, 'name' | 'issuer' | 'subject' | 'audiences' | 'claims' | 'jwks' | 'allowTokenReuse'>> {
  const checks = new FieldChecks();
  const policy = deps.federation;
  const fields = {
    name: normalizeName(req.name, checks),
    issuer: normalizeIssuer(req.issuer, policy, checks),
    subject: normalizeSubject(req.subject, checks),
    audiences: normalizeAudiences(req.audiences, checks),
    claims: normalizeClaims(req.claims ?? {}, checks),
    jwks: await normalizeJwks(req.jwks ?? null, policy, checks),
    allowTokenReuse: req.allowTokenReuse ?? false,
  };
  checks.throwIfAny();
  return fields;
}

/** The account, and the caller (as its rows stand now) allowed to mint its keys. */
async function authorizedAccount(deps: CoreDeps, repos: Repositories, p: Principal, accountId: string): Promise<ServiceAccount> {
  const account = await getAccountOr404(repos, p.organizationId, accountId);
  const acting = await actingPrincipal(repos, p, deps.clock.now());
  requireKeyWrite(acting);
  assertCanManage(acting, account);
  return account;
}

async function credentialOr404(repos: Repositories, orgId: string, accountId: string, id: string): Promise<FederatedCredential> {
  const found = isUuidShaped(id) && isUuidShaped(accountId) ? await repos.federatedCredentials.get(orgId, id.toLowerCase()) : null;
  if (!found || found.serviceAccountId !== accountId.toLowerCase()) throw notFound('Federated credential');
  return found;
}

function ruleFact(action: string, before: FederatedCredential | null, after: FederatedCredential | null): AuditFact {
  const target = (after ?? before)!;
  const values = changedValues(AUDITED_RULE_FIELDS, auditedRule(before), auditedRule(after));
  return {
    action,
    targetType: 'federated-credential',
    targetId: target.id,
    serviceAccountId: target.serviceAccountId,
    changes: Object.fromEntries(values.map((v) => [v.field, action.endsWith('.delete') ? v.before : v.after])),
    values,
    targetName: target.name,
  };
}
