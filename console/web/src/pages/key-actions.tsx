// What can happen to one key besides revocation (issue 30): rolling it (a new key now, the old one
// expiring by itself after an overlap the operator picks: v2's …/credentials/{id}/roll) and "leaked?"
// (revoke now). The API records the reason `leaked` only for a revocation that presents the secret
// (public revocation, POST /credentials/revoke, or a secret-scanning report): an operator's own
// revocation (v2 …/revoke, v3 DELETE) takes no reason. So the leaked dialog revokes through public
// revocation when the operator pastes the leaked secret, and through the ordinary revocation otherwise.
import { useState } from 'preact/hooks';
import { call, iam, revokeLeakedSecret } from '../api';
import { ActionForm, describedBy, Dialog, FieldNote, formatTime, problemsByField, When } from '../ui';
import type { Credential, V2Account } from './account';

/** The API's bounds for an overlap: a week at most (0: the old key stops at once). */
export const MAX_OVERLAP_SECONDS = 604_800;
const UNITS: [string, number][] = [
  ['minutes', 60],
  ['hours', 3_600],
  ['days', 86_400],
];

export interface Rolled {
  clientId: string;
  secret: string;
  newKeyId: string;
  oldKeyId: string;
  oldPrefix: string;
  /** When the old key stops working. */
  oldExpiresAt: string;
}

interface RolledCredential {
  data: { id: string; clientId: string; clientSecret: string; previousCredential: { id: string; expirationDate: string } };
}

/** The overlap the fields say, in seconds, or what is wrong with them. */
function overlapOf(amount: string, unitSeconds: number): { seconds: number } | { problem: string } {
  const text = amount.trim();
  if (!/^\d+$/.test(text)) return { problem: 'Enter a whole number (0: the old key stops at once).' };
  const seconds = Number(text) * unitSeconds;
  if (seconds > MAX_OVERLAP_SECONDS) return { problem: 'At most 7 days.' };
  return { seconds };
}

/** Roll: a new key with the old one's scopes, and an overlap during which both work. */
export function RollDialog({
  account,
  credential: k,
  onClose,
  onRolled,
}: {
  account: V2Account;
  credential: Credential;
  onClose: () => void;
  onRolled: (r: Rolled) => Promise<void>;
}) {
  const [amount, setAmount] = useState('24');
  const [unit, setUnit] = useState(3_600);
  const [apiError, setApiError] = useState<unknown>(null);
  const overlap = overlapOf(amount, unit);
  const problems = [
    ...('problem' in overlap ? [overlap.problem] : []),
    ...(problemsByField(apiError, ['overlapSeconds']).overlapSeconds ?? []),
  ];
  // What the API will do: now + overlap, never later than an expiry the key already had.
  const until =
    'seconds' in overlap
      ? Math.min(Date.now() + overlap.seconds * 1000, k.expirationDate ? Date.parse(k.expirationDate) : Number.POSITIVE_INFINITY)
      : null;
  const roll = async () => {
    if (!('seconds' in overlap)) return;
    const r = await call<RolledCredential>(`/api/v2/service-accounts/${account.id}/credentials/${k.id}/roll`, {
      method: 'POST',
      action: 'roll this key',
      body: { overlapSeconds: overlap.seconds },
    });
    const d = r.body.data;
    await onRolled({
      clientId: d.clientId,
      secret: d.clientSecret,
      newKeyId: d.id,
      oldKeyId: d.previousCredential.id,
      oldPrefix: k.clientSecretPrefix,
      oldExpiresAt: d.previousCredential.expirationDate,
    });
  };
  return (
    <Dialog title={`Roll key ${k.clientSecretPrefix}…`} onClose={onClose}>
      <p>
        A new key is made now, with this key's scopes and as long a life from now as this one had from its creation. Its secret is shown
        once. This key keeps working for the overlap you pick, then expires by itself: deploy the new secret meanwhile, and nothing needs
        revoking.
      </p>
      <ActionForm
        action={roll}
        submit="Roll key"
        busyLabel="Rolling…"
        onCancel={onClose}
        onError={setApiError}
        disabled={!('seconds' in overlap)}
      >
        <fieldset class="overlap">
          <legend>How long the old key keeps working</legend>
          <div class="inline">
            <div class="field">
              <label for="roll-overlap">Overlap</label>
              <input
                id="roll-overlap"
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                value={amount}
                onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)}
                {...describedBy('roll-overlap', problems)}
              />
            </div>
            <div class="field">
              <label for="roll-unit">Unit</label>
              <select id="roll-unit" value={String(unit)} onChange={(e) => setUnit(Number((e.currentTarget as HTMLSelectElement).value))}>
                {UNITS.map(([name, seconds]) => (
                  <option key={name} value={String(seconds)}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <FieldNote
            id="roll-overlap"
            problems={problems}
            help={
              until === null ? undefined : until <= Date.now() + 1000 ? (
                'The old key stops working at once.'
              ) : (
                <>
                  The old key stops working at about {formatTime(until)}
                  {k.expirationDate && until === Date.parse(k.expirationDate) ? ', when it was due to expire anyway' : ''}. At most 7 days.
                </>
              )
            }
          />
        </fieldset>
      </ActionForm>
    </Dialog>
  );
}

/**
 * "Leaked?": revoke now. With the leaked secret pasted, through public revocation, which records the
 * reason `leaked` (and audits and announces it as a leak, `key.leaked`); without it, the ordinary
 * revocation, which takes no reason. A pasted secret that is not this key's is refused before it is
 * sent; one the API does not take still gets the key revoked, the ordinary way, and says so.
 */
export function LeakedDialog({
  account,
  credential: k,
  etag,
  onClose,
  onRevoked,
}: {
  account: V2Account;
  credential: Credential;
  etag: string | null;
  onClose: () => void;
  onRevoked: (message: string) => Promise<void>;
}) {
  const [secret, setSecret] = useState('');
  const pasted = secret.trim();
  const problem =
    pasted && !pasted.startsWith(k.clientSecretPrefix)
      ? [`This is not the secret of key ${k.clientSecretPrefix}… (its secret starts with ${k.clientSecretPrefix}).`]
      : undefined;
  const revokePlainly = () =>
    call(`${iam()}/service-accounts/${account.id}/keys/${k.id}`, { method: 'DELETE', ifMatch: etag, action: 'revoke this key' });
  const revoke = async () => {
    const key = `Key ${k.clientSecretPrefix}…`;
    if (!pasted) {
      await revokePlainly();
      await onRevoked(
        `${key} is revoked: it is refused from its next request on. No reason is recorded (the leaked secret was not given).`,
      );
      return;
    }
    await revokeLeakedSecret(pasted);
    const after = await call<{ data: Credential }>(`/api/v2/service-accounts/${account.id}/credentials/${k.id}`, {
      action: 'read this key',
    });
    if (after.body.data.status === 'Revoked') {
      await onRevoked(`${key} is revoked as leaked: it is refused from its next request on, and the reason "leaked" is recorded.`);
      return;
    }
    // The API took the report but revoked nothing: the secret was not this live key's. Revoke anyway.
    await revokePlainly();
    await onRevoked(
      `${key} is revoked: it is refused from its next request on. The pasted secret was not accepted as this key's, so no reason is recorded.`,
    );
  };
  return (
    <Dialog title={`Key ${k.clientSecretPrefix}… leaked?`} onClose={onClose}>
      <p>
        Revoke it now: every client using it fails from its next request on, on every iamgate process. This cannot be undone; make a new key
        with <strong>Rotate key</strong> afterwards.
      </p>
      <p>
        It was last used: <When at={k.lastUsedAt} />.
      </p>
      <ActionForm action={revoke} submit="Revoke now" busyLabel="Revoking…" onCancel={onClose} danger disabled={!!problem}>
        <div class="field">
          <label for="leaked-secret">
            The leaked secret <span class="muted">(optional)</span>
          </label>
          <input
            id="leaked-secret"
            type="password"
            autocomplete="off"
            spellcheck={false}
            value={secret}
            onInput={(e) => setSecret((e.currentTarget as HTMLInputElement).value)}
            {...describedBy('leaked-secret', problem)}
          />
          <FieldNote
            id="leaked-secret"
            problems={problem}
            help={
              <>
                With it, the key is revoked as a leaked secret (<code>POST /credentials/revoke</code>): the reason <code>leaked</code> is
                recorded on the key and in the audit, and webhooks receive <code>key.leaked</code>. Without it, the key is revoked all the
                same, but the API records no reason for a revocation by an operator.
              </>
            }
          />
        </div>
      </ActionForm>
    </Dialog>
  );
}
