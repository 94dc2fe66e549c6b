// Shared pieces: page headings that take focus, loading/empty/error states, native modal dialogs
// (focus trapped, Escape closes), the one-time secret dialog, and formatting.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';

/** The page's h1: names the document and takes focus when the page opens, so screen readers hear it. */
export function PageTitle({ children, title }: { children: ComponentChildren; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · iamgate console`;
    ref.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return `Something went wrong: ${e.message}`;
  return 'Something went wrong.';
}

export function ErrorBox({ error, children }: { error: unknown; children?: ComponentChildren }) {
  if (!error) return null;
  const conflict = error instanceof ApiError && error.conflict;
  const requestId = error instanceof ApiError ? error.requestId : null;
  return (
    <div class={conflict ? 'alert alert-conflict' : 'alert alert-error'} role="alert">
      <p>{messageOf(error)}</p>
      {requestId && (
        <p class="muted small">
          Request id: <code>{requestId}</code>
        </p>
      )}
      {children}
    </div>
  );
}

export function Notice({ children, kind = 'info' }: { children: ComponentChildren; kind?: 'info' | 'success' }) {
  return (
    <div class={`alert alert-${kind}`} role="status">
      {children}
    </div>
  );
}

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  /** False: Escape does nothing (the secret dialog closes only once the operator confirms). */
  dismissable?: boolean;
  class?: string;
}

let dialogIds = 0;

/** A native modal <dialog>: the browser traps focus inside and returns it afterwards. */
export function Dialog({ title, onClose, children, dismissable = true, class: cls }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [id] = useState(() => `dialog-${++dialogIds}`);
  useEffect(() => {
    const d = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    if (!d.open) d.showModal();
    return () => {
      if (d.open) d.close();
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class={cls ? `dialog ${cls}` : 'dialog'}
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        if (dismissable) onClose();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}

interface ConfirmProps {
  title: string;
  children: ComponentChildren;
  confirm: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** "Are you sure?" with the API's error shown inside when the action fails. */
export function ConfirmDialog({ title, children, confirm, danger, onConfirm, onClose }: ConfirmProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Dialog title={title} onClose={onClose}>
      <div class="dialog-body">{children}</div>
      <ErrorBox error={error} />
      <div class="actions">
        <button
          type="button"
          class={danger ? 'button danger' : 'button primary'}
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await onConfirm();
              onClose();
            } catch (e) {
              setError(e);
              setBusy(false);
            }
          }}
        >
          {busy ? 'Working…' : confirm}
        </button>
        <button type="button" class="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

interface ActionFormProps {
  /** Runs on submit; a refusal it throws is shown above the buttons, and the form can be sent again. */
  action: () => Promise<void>;
  submit: string;
  busyLabel: string;
  onCancel: () => void;
  /** The submit button waits (e.g. for what the form offers to load). */
  disabled?: boolean;
  /** Told of each refusal (null when the form is sent again), to show the API's words next to the fields it names. */
  onError?: (error: unknown) => void;
  /** The submit button destroys something (red). */
  danger?: boolean;
  children: ComponentChildren;
}

/** A dialog's form: its fields, the API's refusal if any, then submit and Cancel. */
export function ActionForm({ action, submit, busyLabel, onCancel, disabled = false, onError, danger = false, children }: ActionFormProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        onError?.(null);
        try {
          await action();
        } catch (err) {
          setError(err);
          onError?.(err);
          setBusy(false);
        }
      }}
    >
      {children}
      <ErrorBox error={error} />
      <div class="actions">
        <button type="submit" class={danger ? 'button danger' : 'button primary'} disabled={busy || disabled}>
          {busy ? busyLabel : submit}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

interface SecretProps {
  title: string;
  /** A key's client id; absent for a secret of another kind (a webhook's signing secret). */
  clientId?: string;
  secret: string;
  /** What losing it means; a key's by default. */
  note?: ComponentChildren;
  /** Called once the operator confirms they stored it; the caller then forgets the secret. */
  onDone: () => void;
  children?: ComponentChildren;
}

/**
 * The only place a secret is ever rendered: shown once, with a copy button, and closed only after
 * the operator confirms they stored it. The secret is never logged or put in the URL or storage.
 */
export function SecretDialog({ title, clientId, secret, note, onDone, children }: SecretProps) {
  const [stored, setStored] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      field.current?.select();
      setCopied('no');
    }
  };
  return (
    <Dialog title={title} onClose={onDone} dismissable={false} class="secret-dialog">
      <p>
        This secret is shown <strong>only once</strong>. {note ?? 'iamgate keeps only a hash of it: if you lose it, create another key.'}
      </p>
      {children}
      {clientId && (
        <dl class="facts">
          <dt>Client id</dt>
          <dd>
            <code data-testid="client-id">{clientId}</code>
          </dd>
        </dl>
      )}
      <label for="one-time-secret">Secret</label>
      <div class="secret-row">
        <input
          id="one-time-secret"
          ref={field}
          class="secret"
          type="text"
          readOnly
          value={secret}
          spellcheck={false}
          autocomplete="off"
          onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
        />
        <button type="button" class="button" onClick={copy}>
          Copy
        </button>
      </div>
      <p class="small" role="status" aria-live="polite">
        {copied === 'yes'
          ? 'Copied to the clipboard.'
          : copied === 'no'
            ? 'Copying is blocked here: the secret is selected, press Ctrl+C (⌘C).'
            : ''}
      </p>
      <div class="check">
        <input
          id="secret-stored"
          type="checkbox"
          checked={stored}
          onChange={(e) => setStored((e.currentTarget as HTMLInputElement).checked)}
        />
        <label for="secret-stored">I have stored this secret somewhere safe</label>
      </div>
      <div class="actions">
        <button type="button" class="button primary" disabled={!stored} onClick={onDone}>
          Done
        </button>
      </div>
    </Dialog>
  );
}

export function StatusBadge({ active, label }: { active: boolean; label?: string }) {
  return <span class={active ? 'badge badge-ok' : 'badge badge-off'}>{label ?? (active ? 'Enabled' : 'Disabled')}</span>;
}

const KEY_BADGE: Record<string, string> = { Active: 'badge-ok', Disabled: 'badge-off', Revoked: 'badge-off', Expired: 'badge-warn' };

export function KeyStatusBadge({ status }: { status: string }) {
  return <span class={`badge ${KEY_BADGE[status] ?? ''}`}>{status}</span>;
}

// With seconds: request logs and audit events a few seconds apart must read apart.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A time as the console shows it everywhere (to the second), for text outside a <When>. */
export function formatTime(at: string | number | Date): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? String(at) : dateTime.format(d);
}

export function When({ at, never = 'Never' }: { at: string | null | undefined; never?: string }) {
  if (!at) return <span class="muted">{never}</span>;
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return <span>{at}</span>;
  return (
    <time dateTime={d.toISOString()} title={d.toISOString()}>
      {dateTime.format(d)}
    </time>
  );
}

/**
 * The API's complaints about a form's fields, by the form field each belongs to: `jwks.keys[0]` and
 * `audiences[1]` belong to `jwks` and `audiences`, v3's `overlap_seconds` to `overlapSeconds`.
 * Fields the form does not show are left to the error box above the buttons.
 */
export function problemsByField(error: unknown, fields: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!(error instanceof ApiError)) return out;
  const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  for (const [path, messages] of Object.entries(error.fields)) {
    const head = camel(path.split(/[.[/]/)[0] ?? '');
    if (!fields.includes(head)) continue;
    const where = path === head ? '' : `${path}: `;
    (out[head] ??= []).push(...messages.map((m) => `${where}${m}`));
  }
  return out;
}

/** What an input needs to point at its help and problem text (the id of the `<FieldNote>` below it). */
export function describedBy(id: string, problems: string[] | undefined) {
  return { 'aria-describedby': `${id}-note`, 'aria-invalid': problems?.length ? ('true' as const) : undefined };
}

/** Under a field: its help, or what is wrong with it (the API's words, or the form's own check). */
export function FieldNote({ id, help, problems }: { id: string; help?: ComponentChildren; problems?: string[] }) {
  if (problems?.length) {
    return (
      <p id={`${id}-note`} class="help problem">
        {problems.join('; ')}
      </p>
    );
  }
  return (
    <p id={`${id}-note`} class="help">
      {help}
    </p>
  );
}

/** A table that scrolls sideways on a narrow screen; the region is focusable so keyboards can scroll it. */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
