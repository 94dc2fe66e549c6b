// The console's parts of issues 30-32, in Chromium through playwright-core, each checked through the
// API: rolling a key with an overlap (the old key's new expiry shown and kept), "leaked?" (with the
// leaked secret, the reason `leaked` recorded and shown; without, an ordinary revocation), federated
// credentials (the API's refusals next to their fields; a rule made here admits a real token, and
// removing it ends that), and the organization page (Admins only): a credential policy previewed
// (the preview agrees with the janitor's own plan) then saved and read back, and a webhook made, its
// secret shown once and used by a receiver on 127.0.0.1, a delivery listed, its secret rotated.
// axe-core on every page and dialog; no secret left in the page, the URLs or the console.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeWithChromium, ensureConsoleBuilt, launchChromium } from '../support/chromium';
import { kubernetesClaims, signingKey, signToken } from '../support/oidc-issuer';
import { basic, bearer, useTestServer } from '../support/server';
import { startReceiver, type Receiver } from '../support/webhook-receiver';
import { DESKTOP, expectAccessible, expectNoLeaks, newPage, noHorizontalScroll, PHONE, shot, signIn, ARTIFACTS } from './browser-kit';

describeWithChromium('the console: key rolls and leaks, federated credentials, policy and webhooks', () => {
  const t = useTestServer({ webhookAllowedHosts: ['127.0.0.1'], webhookPollMs: 50, webhookTimeoutMs: 2_000, janitorIntervalS: 0 });
  let browser: Browser;
  let base: string;
  let receiver: Receiver;

  beforeAll(async () => {
    ensureConsoleBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    base = `http://127.0.0.1:${t.running.port}`;
    receiver = await startReceiver();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
  });

  const tokenStatus = async (clientId: string, secret: string) =>
    (await t.http.post('/oauth2/token').set(basic(clientId, secret)).type('form').send({ grant_type: 'client_credentials' })).status;
  const credentials = async (accountId: string) =>
    (await t.http.get(`/api/v2/service-accounts/${accountId}`).set(t.adminBearer)).body.data.credentials as {
      id: string;
      clientSecretPrefix: string;
      status: string;
      expirationDate: string | null;
      revokedReason: string | null;
    }[];
  const newAccount = async (name: string) => {
    const made = await t.http.post('/api/v2/service-accounts').set(t.adminBearer).send({ name }).expect(201);
    return made.body.data as { id: string; clientId: string; clientSecret: string };
  };
  /** Opens an account's page as the Admin: the sign-in page first, then the account where it was asked for. */
  const openAccount = async (page: Page, id: string, name: string) => {
    await page.goto(`${base}/console/accounts/${id}`);
    await page.getByLabel('Client id').fill(t.admin.clientId);
    await page.getByLabel('Client secret or key secret').fill(t.admin.secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  };

  test('a key is rolled with a chosen overlap (the old key shows its new expiry and keeps working), then keys are marked leaked', async () => {
    const name = `Exporter ${Date.now().toString(36)}`;
    const account = await newAccount(name);
    const firstSecret = account.clientSecret;
    const secrets = [t.admin.secret, firstSecret];
    const context = await browser.newContext({ viewport: DESKTOP });
    const { page, seen } = await newPage(context);
    try {
      await openAccount(page, account.id, name);
      const oldPrefix = firstSecret.slice(0, 12);

      // Roll with a two-hour overlap: the new secret once, the old key's expiry in the dialog and the table.
      await page.getByRole('button', { name: `Roll key ${oldPrefix}` }).click();
      const roll = page.getByRole('dialog', { name: `Roll key ${oldPrefix}…` });
      await roll.getByLabel('Overlap').fill('8');
      await roll.getByLabel('Unit').selectOption('days');
      await roll.getByText('At most 7 days.').waitFor();
      await expect(roll.getByRole('button', { name: 'Roll key' }).isDisabled()).resolves.toBe(true);
      await expect(roll.getByLabel('Overlap').getAttribute('aria-invalid')).resolves.toBe('true');
      await roll.getByLabel('Overlap').fill('2');
      await roll.getByLabel('Unit').selectOption('hours');
      await roll.getByText(/The old key stops working at about/).waitFor();
      await expectAccessible(page, 'roll dialog');
      await shot(page, '20-roll-dialog');
      const before = Date.now();
      await roll.getByRole('button', { name: 'Roll key' }).click();
      const rolled = page.getByRole('dialog', { name: /Key rolled/ });
      await rolled.waitFor();
      const newSecret = await rolled.getByLabel('Secret', { exact: true }).inputValue();
      secrets.push(newSecret);
      expect(newSecret).toMatch(/^iamg_/);
      expect((await rolled.getByTestId('client-id').textContent())!.trim()).toBe(account.clientId);
      const old = (await credentials(account.id)).find((k) => k.clientSecretPrefix === oldPrefix)!;
      const expiry = Date.parse(old.expirationDate!);
      expect(expiry).toBeGreaterThanOrEqual(before + 2 * 3_600_000 - 5_000);
      expect(expiry).toBeLessThanOrEqual(Date.now() + 2 * 3_600_000 + 5_000);
      // The dialog names the old key's expiry, to the second.
      await expect(rolled.locator('time').getAttribute('datetime')).resolves.toBe(new Date(expiry).toISOString());
      expect(await rolled.locator('time').textContent()).toMatch(/\d:\d\d:\d\d/);
      await expectAccessible(page, 'rolled secret dialog');
      expect(await tokenStatus(account.clientId, newSecret)).toBe(200);
      expect(await tokenStatus(account.clientId, firstSecret)).toBe(200); // the overlap: both work
      await rolled.getByLabel('I have stored this secret somewhere safe').check();
      await rolled.getByRole('button', { name: 'Done' }).click();
      await page.getByText(new RegExp(`Key ${oldPrefix}… was rolled: it keeps working until`)).waitFor();
      const oldRow = page.locator(`tr[data-key-id="${old.id}"]`);
      await expect(oldRow.locator('time').first().getAttribute('datetime')).resolves.toBe(new Date(expiry).toISOString());
      const newPrefix = newSecret.slice(0, 12);
      await page.getByRole('row', { name: new RegExp(`${newPrefix}.*New key`) }).waitFor();
      await shot(page, '21-rolled');

      // Leaked, with the secret: a secret of another key is refused before it is sent; this key's is
      // revoked by public revocation, which records the reason, shown on the key.
      await page.getByRole('button', { name: `Leaked? Revoke key ${newPrefix} now` }).click();
      const leaked = page.getByRole('dialog', { name: `Key ${newPrefix}… leaked?` });
      await leaked.getByLabel(/The leaked secret/).fill(firstSecret);
      await leaked.getByText(`This is not the secret of key ${newPrefix}…`, { exact: false }).waitFor();
      await expect(leaked.getByRole('button', { name: 'Revoke now' }).isDisabled()).resolves.toBe(true);
      await leaked.getByLabel(/The leaked secret/).fill(newSecret);
      await expectAccessible(page, 'leaked dialog');
      await shot(page, '22-leaked-dialog');
      await leaked.getByRole('button', { name: 'Revoke now' }).click();
      await page.getByText(/is revoked as leaked/).waitFor();
      const newKey = (await credentials(account.id)).find((k) => k.clientSecretPrefix === newPrefix)!;
      expect(newKey).toMatchObject({ status: 'Revoked', revokedReason: 'leaked' });
      expect(await tokenStatus(account.clientId, newSecret)).toBe(401);
      await page.getByRole('row', { name: new RegExp(`${newPrefix}.*Revoked.*reason: leaked`) }).waitFor();

      // Leaked, without the secret: revoked all the same, with no reason (the API takes none from an operator).
      await page.getByRole('button', { name: `Leaked? Revoke key ${oldPrefix} now` }).click();
      await page
        .getByRole('dialog', { name: `Key ${oldPrefix}… leaked?` })
        .getByRole('button', { name: 'Revoke now' })
        .click();
      await page.getByText(/No reason is recorded/).waitFor();
      expect((await credentials(account.id)).find((k) => k.id === old.id)).toMatchObject({ status: 'Revoked', revokedReason: null });
      expect(await tokenStatus(account.clientId, firstSecret)).toBe(401);
      const oldRevoked = page.getByRole('row', { name: new RegExp(`${oldPrefix}.*Revoked`) });
      await oldRevoked.waitFor();
      expect(await oldRevoked.getByText('leaked').count()).toBe(0);
      await expectAccessible(page, 'account with a leaked key');
      await shot(page, '23-leaked-key', true);
      await page.getByRole('region', { name: 'Keys', exact: true }).screenshot({ path: join(ARTIFACTS, '23-keys.png') });

      const html = await page.content();
      for (const s of secrets) expect(html).not.toContain(s);
      expectNoLeaks(seen, secrets);
    } finally {
      await context.close();
    }
  }, 120_000);

  test('federated credentials are added (the API refusals next to their fields), admit a token, and are removed', async () => {
    const name = `Deployer ${Date.now().toString(36)}`;
    const account = await newAccount(name);
    const key = await signingKey('ES256');
    const issuer = 'https://kubernetes.default.svc.cluster.local';
    const exchange = async () =>
      t.http
        .post('/oauth2/token')
        .type('form')
        .send({
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          subject_token: await signToken(kubernetesClaims(issuer, 'ci', 'deployer'), { key }),
          subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        });
    expect((await exchange()).status).toBe(400);
    const context = await browser.newContext({ viewport: DESKTOP });
    const { page, seen } = await newPage(context);
    try {
      await openAccount(page, account.id, name);
      const section = page.getByRole('region', { name: 'Federated credentials', exact: true });
      await section.getByText('No federated credential').waitFor();
      await section.getByRole('button', { name: 'Add federated credential' }).click();
      const add = page.getByRole('dialog', { name: 'Add a federated credential' });
      await add.getByLabel('Name').fill('ci deployer');
      await add.getByLabel('Issuer').fill('http://cluster.example');
      await add.getByLabel('Subject').fill('*');
      await add.getByLabel('Audiences').fill('iamgate');
      await add.getByLabel(/Claims/).fill('kubernetes.io.namespace ci');
      await add.getByText('Line 1: write name=value').waitFor();
      await add.getByLabel(/Claims/).fill('kubernetes.io.namespace=ci');
      await add.getByLabel(/Inline JWKS/).fill('{"keys": [');
      await add.getByText(/Not JSON/).waitFor();
      await expect(add.getByRole('button', { name: 'Add', exact: true }).isDisabled()).resolves.toBe(true);
      await add.getByLabel(/Inline JWKS/).fill(JSON.stringify({ keys: [key.publicJwk] }, null, 2));
      // The API refuses the http issuer and the bare `*`: each refusal next to its field.
      await add.getByRole('button', { name: 'Add', exact: true }).click();
      await add.getByRole('alert').waitFor();
      await expect(add.locator('#fc-issuer-note').textContent()).resolves.toMatch(/https/);
      await expect(add.locator('#fc-subject-note').textContent()).resolves.toMatch(/prefix/);
      await expect(add.getByLabel('Issuer').getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(add.getByLabel('Subject').getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(add.getByLabel('Name').getAttribute('aria-invalid')).resolves.toBe(null);
      await expectAccessible(page, 'federated credential refused');
      await shot(page, '24-federated-refused');
      await add.getByLabel('Issuer').fill(issuer);
      await add.getByLabel('Subject').fill('system:serviceaccount:ci:deployer');
      await add.getByLabel('Allow token reuse').check();
      await add.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByText('Federated credential ci deployer added.').waitFor();
      const row = section.getByRole('row', { name: /ci deployer/ });
      await row.getByText('Inline (1)').waitFor();
      await row.getByText('kubernetes.io.namespace=ci').waitFor();
      const listed = (await t.http.get(`/api/v2/service-accounts/${account.id}/federated-credentials`).set(t.adminBearer)).body.data;
      expect(listed).toEqual([
        expect.objectContaining({
          name: 'ci deployer',
          issuer,
          subject: 'system:serviceaccount:ci:deployer',
          audiences: ['iamgate'],
          claims: { 'kubernetes.io.namespace': 'ci' },
          jwks: { keys: [expect.objectContaining({ kty: 'EC', kid: key.kid })] },
          allowTokenReuse: true,
        }),
      ]);
      // The rule admits the pod's token, for this account (which may not list accounts: 403, not 401).
      const admitted = await exchange();
      expect(admitted.status).toBe(200);
      const introspect = async () =>
        (await t.http.post('/oauth2/introspect').set(t.adminBearer).type('form').send({ token: admitted.body.access_token })).body;
      expect(await introspect()).toMatchObject({ active: true, sub: account.id });
      expect((await t.http.get('/api/v2/service-accounts?limit=1').set(bearer(admitted.body.access_token))).status).toBe(403);
      await expectAccessible(page, 'federated credentials');
      await shot(page, '25-federated');

      // A second rule of the same name: the API's 409 next to the name.
      await section.getByRole('button', { name: 'Add federated credential' }).click();
      await add.getByLabel('Name').fill('ci deployer');
      await add.getByLabel('Issuer').fill(issuer);
      await add.getByLabel('Subject').fill('system:serviceaccount:ci:other');
      await add.getByLabel('Audiences').fill('iamgate');
      await add.getByRole('button', { name: 'Add', exact: true }).click();
      await add.locator('#fc-name-note', { hasText: 'already taken' }).waitFor();
      await add.getByRole('button', { name: 'Cancel' }).click();

      // Removed: gone from the list, and the token it admitted is refused from then on.
      await section.getByRole('button', { name: 'Remove federated credential ci deployer' }).click();
      await page.getByRole('dialog', { name: 'Remove federated credential ci deployer?' }).getByRole('button', { name: 'Remove' }).click();
      await page.getByText(/Federated credential ci deployer removed/).waitFor();
      await section.getByText('No federated credential').waitFor();
      expect((await t.http.get(`/api/v2/service-accounts/${account.id}/federated-credentials`).set(t.adminBearer)).body.data).toEqual([]);
      expect((await t.http.get('/api/v2/service-accounts?limit=1').set(bearer(admitted.body.access_token))).status).toBe(401);
      expect(await introspect()).toMatchObject({ active: false });
      expect((await exchange()).status).toBe(400);
      expectNoLeaks(seen, [t.admin.secret, account.clientSecret]);
    } finally {
      await context.close();
    }
  }, 120_000);

  test('the organization page: hidden from a Member; a policy previewed as the janitor plans it, saved and read back; a webhook with its deliveries', async () => {
    // A Member (no Admin role) sees no Organization link, and the page says it is not for it.
    const member = await t.http
      .post('/api/v2/service-accounts')
      .set(t.adminBearer)
      .send({ name: `Member ${Date.now().toString(36)}`, scopes: ['service-accounts:read'] })
      .expect(201);
    const secrets = [t.admin.secret, member.body.data.clientSecret];
    const context = await browser.newContext({ viewport: DESKTOP });
    const { page, seen } = await newPage(context);
    try {
      await page.goto(`${base}/console/`);
      await signIn(page, '', member.body.data.clientSecret);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Dialect usage' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Organization' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Sign out' }).click();

      await signIn(page, t.admin.clientId, t.admin.secret);
      await nav.getByRole('link', { name: 'Organization' }).click();
      await page.getByRole('heading', { level: 1, name: 'Organization' }).waitFor();
      const policy = page.getByRole('region', { name: 'Credential policy', exact: true });
      await policy.getByTestId('preview-summary').waitFor();
      await expectAccessible(page, 'organization');

      // A value out of bounds is refused next to its field, and cannot be saved.
      await policy.getByLabel('Disable keys unused for (days)').fill('0');
      await policy.getByText('A whole number of days from 1 to 3650, or empty for off.').waitFor();
      await expect(policy.getByRole('button', { name: 'Save policy' }).isDisabled()).resolves.toBe(true);

      // The preview, 40 days from now, of a policy not yet saved.
      await policy.getByLabel('Disable keys unused for (days)').fill('30');
      await policy.getByLabel('Maximum key lifetime (days)').fill('90');
      await policy.getByLabel('Warn before expiry (days)').fill('7');
      const asOf = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
      await policy.getByLabel(/As of/).fill(asOf);
      await policy
        .getByTestId('preview-summary')
        .filter({ hasText: /would disable [1-9]/ })
        .waitFor();
      const preview = await policy
        .locator('tr[data-action]')
        .evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-action')} ${r.getAttribute('data-key-id')}`));
      expect(preview.length).toBeGreaterThan(0);
      await expectAccessible(page, 'policy preview');
      await shot(page, '26-policy-preview', true);
      await policy.locator('section.preview').screenshot({ path: join(ARTIFACTS, '26-policy-preview-panel.png') });
      await policy.getByRole('button', { name: 'Save policy' }).click();
      await policy.getByText(/Policy saved/).waitFor();
      await policy.locator('dd[data-rule="disableUnusedKeysAfterDays"]', { hasText: '30 days' }).waitFor();
      const saved = (await t.http.get('/api/v2/credential-policy').set(t.adminBearer)).body.data;
      expect(saved).toMatchObject({ maxKeyLifetimeDays: 90, disableUnusedKeysAfterDays: 30, warnBeforeExpiryDays: 7 });
      expect(saved.updatedAt).toEqual(expect.any(String));
      // Now saved, the janitor's own plan at that instant is what the preview showed.
      const plan = await t.running.runtime.core.planJanitor(new Date(`${asOf}T00:00:00Z`));
      const planned = plan.filter((a) => a.organizationId === t.admin.organizationId).map((a) => `${a.action} ${a.keyId}`);
      expect([...preview].sort()).toEqual([...planned].sort());

      // A webhook: a private plain-http URL is refused next to the field; the receiver's is taken.
      const webhooks = page.getByRole('region', { name: 'Webhooks', exact: true });
      await webhooks.getByText('No webhook').waitFor();
      await webhooks.getByRole('button', { name: 'New webhook' }).click();
      const create = page.getByRole('dialog', { name: 'New webhook' });
      await create.getByLabel('URL').fill('http://10.0.0.1/hooks');
      await create.getByRole('checkbox', { name: 'service-account.created' }).check();
      await create.getByRole('checkbox', { name: 'key.created' }).check();
      await create.getByLabel(/Description/).fill('console test receiver');
      await create.getByRole('button', { name: 'Create webhook' }).click();
      await create.locator('#webhook-url-note', { hasText: 'https' }).waitFor();
      await expect(create.getByLabel('URL').getAttribute('aria-invalid')).resolves.toBe('true');
      await expectAccessible(page, 'webhook refused');
      await create.getByLabel('URL').fill(receiver.url);
      await create.getByRole('button', { name: 'Create webhook' }).click();
      const secretDialog = page.getByRole('dialog', { name: /store its signing secret/ });
      const secret = await secretDialog.getByLabel('Secret', { exact: true }).inputValue();
      secrets.push(secret);
      expect(secret).toMatch(/^whsec_/);
      expect(await secretDialog.getByTestId('client-id').count()).toBe(0);
      await expectAccessible(page, 'webhook secret');
      receiver.secret = secret;
      await secretDialog.getByLabel('I have stored this secret somewhere safe').check();
      await secretDialog.getByRole('button', { name: 'Done' }).click();
      expect(await page.getByRole('dialog').count()).toBe(0);
      expect(await page.content()).not.toContain(secret);
      const [hook] = (await t.http.get('/api/v2/webhooks').set(t.adminBearer)).body.data;
      expect(hook).toMatchObject({ url: receiver.url, events: ['service-account.created', 'key.created'], enabled: true });

      // A change: delivered, signed with that secret, and listed with its state.
      const made = await newAccount(`Hooked ${Date.now().toString(36)}`);
      secrets.push(made.clientSecret);
      await receiver.waitFor((r) => r.some((x) => x.type === 'service-account.created' && x.data.targetId === made.id));
      expect(receiver.unverified).toBe(0);
      await webhooks.getByRole('button', { name: `Deliveries to ${receiver.url}` }).click();
      const deliveries = page.getByRole('region', { name: /Recent deliveries to/ });
      const delivered = deliveries.getByRole('row', { name: /service-account\.created.*delivered/ });
      for (let i = 0; i < 40 && !(await delivered.count()); i++) {
        await deliveries.getByRole('button', { name: 'Refresh' }).click();
        await page.waitForTimeout(250);
      }
      await delivered.first().waitFor();
      expect(await delivered.first().locator('time').first().textContent()).toMatch(/\d:\d\d:\d\d/);
      await expectAccessible(page, 'webhook deliveries');
      await shot(page, '27-webhook-deliveries', true);
      await webhooks.screenshot({ path: join(ARTIFACTS, '28-webhooks.png') });

      // A new secret, shown once: the receiver verifies with it from then on.
      await webhooks.getByRole('button', { name: `Rotate secret of the webhook to ${receiver.url}` }).click();
      await page
        .getByRole('dialog', { name: /Rotate the signing secret/ })
        .getByRole('button', { name: 'Rotate secret' })
        .click();
      const rotated = page.getByRole('dialog', { name: 'New signing secret: store it now' });
      const secret2 = await rotated.getByLabel('Secret', { exact: true }).inputValue();
      secrets.push(secret2);
      expect(secret2).toMatch(/^whsec_/);
      expect(secret2).not.toBe(secret);
      receiver.secret = secret2;
      await rotated.getByLabel('I have stored this secret somewhere safe').check();
      await rotated.getByRole('button', { name: 'Done' }).click();
      const again = await newAccount(`Hooked again ${Date.now().toString(36)}`);
      secrets.push(again.clientSecret);
      await receiver.waitFor((r) => r.some((x) => x.type === 'service-account.created' && x.data.targetId === again.id));

      // Disabled, then deleted, through the page; the API agrees each time.
      await webhooks.getByRole('button', { name: `Disable the webhook to ${receiver.url}` }).click();
      await page
        .getByRole('dialog', { name: /Disable the webhook/ })
        .getByRole('button', { name: 'Disable' })
        .click();
      await webhooks.getByRole('button', { name: `Enable the webhook to ${receiver.url}` }).waitFor();
      expect((await t.http.get(`/api/v2/webhooks/${hook.id}`).set(t.adminBearer)).body.data.enabled).toBe(false);
      await page.setViewportSize(PHONE);
      await noHorizontalScroll(page);
      await expectAccessible(page, 'organization on a phone');
      await page.setViewportSize(DESKTOP);
      await webhooks.getByRole('button', { name: `Delete the webhook to ${receiver.url}` }).click();
      await page
        .getByRole('dialog', { name: /Delete the webhook/ })
        .getByRole('button', { name: 'Delete' })
        .click();
      await webhooks.getByText('No webhook').waitFor();
      expect((await t.http.get('/api/v2/webhooks').set(t.adminBearer)).body.data).toEqual([]);

      const html = await page.content();
      for (const s of secrets) expect(html).not.toContain(s);
      expectNoLeaks(seen, secrets);
    } finally {
      await context.close();
    }
  }, 150_000);
});
