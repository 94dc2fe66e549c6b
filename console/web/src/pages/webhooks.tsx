// The organization's webhook subscriptions (issue 32, v2 /api/v2/webhooks): listed with their recent
// deliveries and last errors; made (the signing secret shown once), enabled or disabled, given a new
// secret (shown once) and deleted. The API checks the URL (https and public, unless its host is in
// WEBHOOK_ALLOWED_HOSTS) and says what is wrong next to the field.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import { WEBHOOK_EVENT_TYPES } from '../webhook-events';
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
  SecretDialog,
  StatusBadge,
  TableWrap,
  When,
} from '../ui';
import { ChoiceList } from './access';

interface Webhook {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

interface Delivery {
  id: string;
  eventType: string;
  auditEventId: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

const BASE = '/api/v2/webhooks';
/** How many recent deliveries a subscription's panel shows. */
const RECENT = 20;

type Pending =
  | { kind: 'secret'; title: string; secret: string; url: string }
  | { kind: 'rotate'; hook: Webhook }
  | { kind: 'delete'; hook: Webhook }
  | { kind: 'toggle'; hook: Webhook }
  | { kind: 'new' };

export function WebhooksSection() {
  const [hooks, setHooks] = useState<Webhook[] | null | 'absent'>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const r = await call<{ data: Webhook[] }>(BASE, { optional: true, action: "list the organization's webhooks" });
      setHooks(r ? r.body.data : 'absent');
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => void load(), [load]);
  const act = (p: Pending) => {
    setDone(null);
    setPending(p);
  };

  return (
    <section aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p class="help">
        Every change in the organization, POSTed to your URLs as signed Standard Webhooks (<code>webhook-id</code>,{' '}
        <code>webhook-timestamp</code>, <code>webhook-signature</code>), at least once and in order, retried for 24 hours.
      </p>
      <ErrorBox error={error} />
      {done && <Notice kind="success">{done}</Notice>}
      {hooks === null && !error && <Loading what="the webhooks" />}
      {hooks === 'absent' && <Empty>Webhooks are not available on this server.</Empty>}
      {Array.isArray(hooks) && (
        <>
          {hooks.length === 0 ? (
            <Empty>No webhook: nothing is sent anywhere.</Empty>
          ) : (
            <TableWrap label="Table of webhook subscriptions">
              <table class="table">
                <caption class="visually-hidden">Webhook subscriptions</caption>
                <thead>
                  <tr>
                    <th scope="col">URL</th>
                    <th scope="col">Events</th>
                    <th scope="col">Status</th>
                    <th scope="col" class="wide-only">
                      Created
                    </th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {hooks.map((h) => (
                    <tr key={h.id} data-webhook-id={h.id}>
                      <th scope="row" class="wrap">
                        <code>{h.url}</code>
                        {h.description && <span class="block muted small">{h.description}</span>}
                      </th>
                      <td class="scopes">
                        {h.events.map((e) => (
                          <code key={e}>{e}</code>
                        ))}
                      </td>
                      <td>
                        <StatusBadge active={h.enabled} />
                        {h.disabledReason && <span class="block small">{h.disabledReason}</span>}
                      </td>
                      <td class="wide-only">
                        <When at={h.createdAt} />
                      </td>
                      <td class="key-actions">
                        <button
                          type="button"
                          class="button small"
                          aria-expanded={open === h.id}
                          aria-controls={`deliveries-${h.id}`}
                          aria-label={`Deliveries to ${h.url}`}
                          onClick={() => setOpen(open === h.id ? null : h.id)}
                        >
                          Deliveries
                        </button>
                        <button
                          type="button"
                          class="button small"
                          aria-label={`${h.enabled ? 'Disable' : 'Enable'} the webhook to ${h.url}`}
                          onClick={() => act({ kind: 'toggle', hook: h })}
                        >
                          {h.enabled ? 'Disable' : 'Enable'}
                        </button>
                        <button
                          type="button"
                          class="button small"
                          aria-label={`Rotate secret of the webhook to ${h.url}`}
                          onClick={() => act({ kind: 'rotate', hook: h })}
                        >
                          Rotate secret
                        </button>
                        <button
                          type="button"
                          class="button small danger-outline"
                          aria-label={`Delete the webhook to ${h.url}`}
                          onClick={() => act({ kind: 'delete', hook: h })}
                        >
                          Delete
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          {hooks.map((h) => open === h.id && <Deliveries key={h.id} hook={h} />)}
          <button type="button" class="button" onClick={() => act({ kind: 'new' })}>
            New webhook
          </button>
        </>
      )}

      {pending?.kind === 'new' && (
        <NewWebhook
          onClose={() => setPending(null)}
          onCreated={async (h, secret) => {
            setPending({ kind: 'secret', title: 'Webhook created: store its signing secret now', secret, url: h.url });
            await load();
          }}
        />
      )}
      {pending?.kind === 'secret' && (
        <SecretDialog
          title={pending.title}
          secret={pending.secret}
          note="Your receiver verifies each delivery's signature with it; if you lose it, rotate it."
          onDone={() => {
            setDone(`The webhook to ${pending.url} signs with the secret you stored; it is not shown again.`);
            setPending(null);
          }}
        >
          <p>
            Deliveries to <code>{pending.url}</code> are signed with it from now on.
          </p>
        </SecretDialog>
      )}
      {pending?.kind === 'toggle' && (
        <ConfirmDialog
          title={`${pending.hook.enabled ? 'Disable' : 'Enable'} the webhook to ${pending.hook.url}?`}
          confirm={pending.hook.enabled ? 'Disable' : 'Enable'}
          danger={pending.hook.enabled}
          onClose={() => setPending(null)}
          onConfirm={async () => {
            const h = pending.hook;
            await call(`${BASE}/${h.id}`, {
              method: 'PUT',
              action: `${h.enabled ? 'disable' : 'enable'} this webhook`,
              body: { enabled: !h.enabled },
            });
            setDone(
              h.enabled
                ? `The webhook to ${h.url} is disabled: its events wait.`
                : `The webhook to ${h.url} is enabled: its queue is sent again.`,
            );
            await load();
          }}
        >
          {pending.hook.enabled ? (
            <p>Nothing more is sent to it until it is enabled again; its events keep queueing meanwhile (for up to 24 hours each).</p>
          ) : (
            <p>Its queued events are sent again, in order, from where it stopped.</p>
          )}
        </ConfirmDialog>
      )}
      {pending?.kind === 'rotate' && (
        <ConfirmDialog
          title={`Rotate the signing secret of the webhook to ${pending.hook.url}?`}
          confirm="Rotate secret"
          // The dialog closes itself after confirming: by then the new secret is showing, and stays.
          onClose={() => setPending((p) => (p?.kind === 'rotate' ? null : p))}
          onConfirm={async () => {
            const h = pending.hook;
            const r = await call<{ data: Webhook & { secret: string } }>(`${BASE}/${h.id}/rotate-secret`, {
              method: 'POST',
              action: "rotate this webhook's secret",
            });
            setPending({ kind: 'secret', title: 'New signing secret: store it now', secret: r.body.data.secret, url: h.url });
            await load();
          }}
        >
          <p>
            A new secret signs every delivery from now on, those still queued too; the old one stops at once. Give it to the receiver right
            away.
          </p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete the webhook to ${pending.hook.url}?`}
          confirm="Delete"
          danger
          onClose={() => setPending(null)}
          onConfirm={async () => {
            const h = pending.hook;
            await call(`${BASE}/${h.id}`, { method: 'DELETE', action: 'delete this webhook' });
            if (open === h.id) setOpen(null);
            setDone(`The webhook to ${h.url} is deleted.`);
            await load();
          }}
        >
          <p>Nothing more is sent to it, and its queued deliveries are dropped. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

const STATE_BADGE: Record<Delivery['state'], string> = { delivered: 'badge-ok', pending: 'badge-warn', failed: 'badge-off' };

/** A subscription's recent deliveries, newest first, with their last errors. */
function Deliveries({ hook }: { hook: Webhook }) {
  const [list, setList] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(async () => {
    setBusy(true);
    try {
      const r = await call<{ data: Delivery[] }>(`${BASE}/${hook.id}/deliveries?limit=${RECENT}`, {
        action: "read this webhook's deliveries",
      });
      setList(r.body.data);
      setError(null);
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  }, [hook.id]);
  useEffect(() => void load(), [load]);
  return (
    <section class="panel" id={`deliveries-${hook.id}`} aria-labelledby={`deliveries-${hook.id}-title`}>
      <h3 id={`deliveries-${hook.id}-title`}>
        Recent deliveries to <code>{hook.url}</code>
      </h3>
      <button type="button" class="button small" onClick={() => void load()} disabled={busy}>
        {busy ? 'Refreshing…' : 'Refresh'}
      </button>
      <ErrorBox error={error} />
      {list === null && !error && <Loading what="the deliveries" />}
      {list?.length === 0 && <Empty>Nothing sent yet (finished deliveries are kept 7 days).</Empty>}
      {!!list?.length && (
        <TableWrap label={`Deliveries to ${hook.url}`}>
          <table class="table">
            <caption class="visually-hidden">The last {RECENT} deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">State</th>
                <th scope="col" class="num">
                  Attempts
                </th>
                <th scope="col">Last answer</th>
                <th scope="col">Last error</th>
                <th scope="col">Made</th>
                <th scope="col">Finished or next attempt</th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id} data-delivery-id={d.id}>
                  <th scope="row">
                    <code>{d.eventType}</code>
                  </th>
                  <td>
                    <span class={`badge ${STATE_BADGE[d.state]}`}>{d.state}</span>
                  </td>
                  <td class="num">{d.attempts}</td>
                  <td>{d.lastStatus ?? <span class="muted">None</span>}</td>
                  <td class="wrap">{d.lastError ?? <span class="muted">None</span>}</td>
                  <td>
                    <When at={d.createdAt} />
                  </td>
                  <td>
                    {d.finishedAt ? (
                      <When at={d.finishedAt} />
                    ) : (
                      <>
                        next <When at={d.nextAttemptAt} />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

const FIELDS = ['url', 'events', 'description', 'enabled'] as const;

function NewWebhook({ onClose, onCreated }: { onClose: () => void; onCreated: (h: Webhook, secret: string) => Promise<void> }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState(new Set<string>());
  const [enabled, setEnabled] = useState(true);
  const [apiError, setApiError] = useState<unknown>(null);
  const problems = problemsByField(apiError, FIELDS);
  const create = async () => {
    const r = await call<{ data: Webhook & { secret: string } }>(BASE, {
      method: 'POST',
      action: 'make a webhook',
      body: {
        url: url.trim(),
        events: WEBHOOK_EVENT_TYPES.filter((e) => events.has(e)),
        description: description.trim() || null,
        enabled,
      },
    });
    const { secret, ...hook } = r.body.data;
    await onCreated(hook, secret);
  };
  return (
    <Dialog title="New webhook" onClose={onClose}>
      <ActionForm action={create} submit="Create webhook" busyLabel="Creating…" onCancel={onClose} onError={setApiError}>
        <div class="field">
          <label for="webhook-url">URL</label>
          <input
            id="webhook-url"
            required
            inputMode="url"
            spellcheck={false}
            autocomplete="off"
            placeholder="https://hooks.example.com/iamgate"
            value={url}
            onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)}
            {...describedBy('webhook-url', problems.url)}
          />
          <FieldNote
            id="webhook-url"
            problems={problems.url}
            help="https, at a public address (a host the server's WEBHOOK_ALLOWED_HOSTS lists may be plain http and private)."
          />
        </div>
        <div class="field">
          <label for="webhook-description">
            Description <span class="muted">(optional)</span>
          </label>
          <input
            id="webhook-description"
            maxLength={1000}
            value={description}
            onInput={(e) => setDescription((e.currentTarget as HTMLInputElement).value)}
            {...describedBy('webhook-description', problems.description)}
          />
          <FieldNote id="webhook-description" problems={problems.description} />
        </div>
        <div class="inline">
          <button type="button" class="button small" onClick={() => setEvents(new Set(WEBHOOK_EVENT_TYPES))}>
            Select every event
          </button>
          <button type="button" class="button small" onClick={() => setEvents(new Set())}>
            Clear
          </button>
        </div>
        <ChoiceList legend="Events" idPrefix="webhook-event" options={[...WEBHOOK_EVENT_TYPES]} chosen={events} onChange={setEvents} />
        {problems.events && <FieldNote id="webhook-events" problems={problems.events} />}
        <div class="check">
          <input
            id="webhook-enabled"
            type="checkbox"
            checked={enabled}
            onChange={(e) => setEnabled((e.currentTarget as HTMLInputElement).checked)}
          />
          <label for="webhook-enabled">Send events from now on (untick to make it disabled)</label>
        </div>
      </ActionForm>
    </Dialog>
  );
}
