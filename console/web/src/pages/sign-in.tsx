// Sign in with a client id and secret (exchanged at /oauth2/token for an access token) or a bare key
// secret. The form forgets the secret as soon as it is sent; nothing is stored anywhere.
import { useEffect, useRef, useState } from 'preact/hooks';
import { signIn, type SignOutNotice } from '../api';
import { ErrorBox } from '../ui';

export function SignInPage({ notice }: { notice: SignOutNotice | null }) {
  const [clientId, setClientId] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = 'Sign in · iamgate console';
    heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <main id="main" class="sign-in">
      <h1 ref={heading} tabIndex={-1}>
        Sign in to the iamgate console
      </h1>
      {notice && notice.kind !== 'signed-out' && (
        <div class="alert alert-warn" role="alert">
          {notice.text}
        </div>
      )}
      {notice?.kind === 'signed-out' && (
        <div class="alert alert-info" role="status">
          {notice.text}
        </div>
      )}
      <form
        autocomplete="off"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          const id = clientId;
          const s = secret;
          setSecret('');
          try {
            await signIn(id, s);
          } catch (err) {
            setError(err);
            setBusy(false);
          }
        }}
      >
        <div class="field">
          <label for="client-id">Client id</label>
          <input
            id="client-id"
            name="client-id"
            value={clientId}
            autocomplete="off"
            spellcheck={false}
            aria-describedby="client-id-help"
            onInput={(e) => setClientId((e.currentTarget as HTMLInputElement).value)}
          />
          <p id="client-id-help" class="help">
            Leave empty when you paste a key secret (<code>iamg_…</code>): it is used as it is.
          </p>
        </div>
        <div class="field">
          <label for="client-secret">Client secret or key secret</label>
          <input
            id="client-secret"
            name="client-secret"
            type="password"
            required
            value={secret}
            autocomplete="off"
            onInput={(e) => setSecret((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <ErrorBox error={error} />
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p class="help">The access token is kept in this tab's memory only: reloading the page or closing the tab signs you out.</p>
    </main>
  );
}
