// The operator's console (/console) driven the way a person uses it, in Debian's Chromium through
// playwright-core: sign in, create an account, rotate its key (the secret read from the one-time
// dialog works against the API, the old one keeps working until revoked), a stale edit shown as a
// conflict, disable (the API then refuses the key), the audit page, sign out; axe-core on every page
// at 1280×800 and 390×844, screenshots in test-artifacts/console/, and no secret outside the dialog.
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { describeWithChromium, ensureConsoleBuilt, launchChromium } from '../support/chromium';
import { basic, bearer, useTestServer } from '../support/server';
import { ARTIFACTS, DESKTOP, expectAccessible, newPage, noHorizontalScroll, PHONE, shot, signIn, storageOf } from './browser-kit';

describeWithChromium('the operator console in Chromium', () => {
  const t = useTestServer();
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ensureConsoleBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    base = `http://127.0.0.1:${t.running.port}`;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    process.stdout.write(`console screenshots: ${ARTIFACTS}\n`);
  });

  /** Token exchange with the account's client id and a secret: 200 while the key works, 401 once refused. */
  const tokenStatus = async (clientId: string, secret: string) =>
    (await t.http.post('/oauth2/token').set(basic(clientId, secret)).type('form').send({ grant_type: 'client_credentials' })).status;

  test('an operator signs in, creates an account, rotates its key, meets a conflict, disables it, reads the audit and signs out', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const { page, seen } = await newPage(context);
    const secrets: string[] = [t.admin.secret];
    try {
      // The server's headers for the page: a strict CSP, no caching of the page itself.
      const response = await page.goto(`${base}/console/`);
      expect(response!.status()).toBe(200);
      const csp = response!.headers()['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toMatch(/style-src 'self'(;|$)/);
      expect(csp).toContain("connect-src 'self'");

      await page.getByRole('heading', { level: 1, name: /Sign in/ }).waitFor();
      await expectAccessible(page, 'sign-in');
      await shot(page, '01-sign-in');
      await signIn(page, t.admin.clientId, t.admin.secret);
      await page.getByRole('link', { name: 'Default admin' }).waitFor();
      await expectAccessible(page, 'accounts');
      await shot(page, '02-accounts');

      // Create an account: its first secret is shown once, in the dialog.
      const name = `Billing export ${Date.now().toString(36)}`;
      await page.getByRole('button', { name: 'New account' }).click();
      const create = page.getByRole('dialog', { name: 'New service account' });
      await create.getByLabel('Name').fill(name);
      await create.getByLabel(/Description/).fill('Nightly export of invoices');
      await create.getByLabel('Role').selectOption('Member');
      await expectAccessible(page, 'new account dialog');
      await create.getByRole('button', { name: 'Create' }).click();
      const firstDialog = page.getByRole('dialog', { name: /first secret/ });
      await firstDialog.waitFor();
      const clientId = (await firstDialog.getByTestId('client-id').textContent())!.trim();
      const firstSecret = await firstDialog.getByLabel('Secret', { exact: true }).inputValue();
      secrets.push(firstSecret);
      expect(firstSecret).toMatch(/^iamg_/);
      expect(await tokenStatus(clientId, firstSecret)).toBe(200);
      await firstDialog.getByRole('button', { name: 'Copy' }).click();
      await firstDialog.getByText(/Copied to the clipboard|Copying is blocked/).waitFor();
      // Escape does not close it and Done waits for the confirmation.
      await page.keyboard.press('Escape');
      await expect(firstDialog.isVisible()).resolves.toBe(true);
      await expect(firstDialog.getByRole('button', { name: 'Done' }).isDisabled()).resolves.toBe(true);
      await firstDialog.getByLabel('I have stored this secret somewhere safe').check();
      await firstDialog.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      const accountId = page.url().split('/').at(-1)!;
      expect(accountId).toMatch(/^[0-9a-f-]{36}$/);
      await page.getByRole('cell', { name: 'Active' }).waitFor();
      await expectAccessible(page, 'account');
      await shot(page, '03-account');

      // Rotation, step 1 and 2: a new key, its secret shown once; both keys work meanwhile.
      await page.getByRole('button', { name: 'Rotate key' }).click();
      const rotate = page.getByRole('dialog', { name: /Rotate a key/ });
      await expectAccessible(page, 'rotation dialog');
      await rotate.getByRole('button', { name: 'Create new key' }).click();
      const secretDialog = page.getByRole('dialog', { name: /New key/ });
      await secretDialog.waitFor();
      const newSecret = await secretDialog.getByLabel('Secret', { exact: true }).inputValue();
      secrets.push(newSecret);
      expect(newSecret).toMatch(/^iamg_/);
      expect(newSecret).not.toBe(firstSecret);
      expect((await secretDialog.getByTestId('client-id').textContent())!.trim()).toBe(clientId);
      await expectAccessible(page, 'secret dialog');
      expect(await tokenStatus(clientId, newSecret)).toBe(200);
      expect(await tokenStatus(clientId, firstSecret)).toBe(200); // no downtime: the old key still works
      await secretDialog.getByLabel('I have stored this secret somewhere safe').check();
      await secretDialog.getByRole('button', { name: 'Done' }).click();
      await expect(secretDialog.count()).resolves.toBe(0);

      // Step 3: revoke the old key; from then on only the new one works.
      const finish = page.getByRole('region', { name: /revoke the old key/ });
      await finish.waitFor();
      await shot(page, '04-rotation-step-3');
      const firstPrefix = firstSecret.slice(0, 12);
      await finish.getByRole('button', { name: new RegExp(`Revoke old key ${firstPrefix}`) }).click();
      const confirmRevoke = page.getByRole('dialog', { name: /Revoke key/ });
      await confirmRevoke.getByRole('button', { name: 'Revoke key' }).click();
      await page.getByText(/is revoked/).waitFor();
      expect(await tokenStatus(clientId, firstSecret)).toBe(401);
      expect(await tokenStatus(clientId, newSecret)).toBe(200);
      await page.getByRole('row', { name: new RegExp(`${firstPrefix}.*Revoked`) }).waitFor();

      // Nothing secret is left in the page, the URL or storage once the dialog is gone.
      const html = await page.content();
      for (const s of secrets) expect(html).not.toContain(s);
      expect(await storageOf(page)).toBe('{"local":{},"session":{},"cookie":""}');

      // A stale edit: someone else changes the account after the page loaded it → a conflict, nothing overwritten.
      await page.getByRole('button', { name: 'Edit' }).click();
      await page.getByLabel('Description').fill('Edited in the console');
      const current = await t.http.get(`/api/v2/service-accounts/${accountId}`).set(t.adminBearer);
      await t.http
        .put(`/api/v2/service-accounts/${accountId}`)
        .set(t.adminBearer)
        .set('If-Match', current.headers.etag)
        .send({ description: 'Changed elsewhere' })
        .expect(200);
      await page.getByRole('button', { name: 'Save' }).click();
      const conflict = page.getByRole('alert').filter({ hasText: 'Conflict' });
      await conflict.waitFor();
      expect(await conflict.textContent()).toMatch(/not saved and nothing was overwritten/);
      expect((await t.http.get(`/api/v2/service-accounts/${accountId}`).set(t.adminBearer)).body.data.description).toBe(
        'Changed elsewhere',
      );
      await expectAccessible(page, 'edit conflict');
      await shot(page, '05-edit-conflict');
      await conflict.getByRole('button', { name: /Load the current version/ }).click();
      await expect(page.getByLabel('Description').inputValue()).resolves.toBe('Edited in the console');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved.').waitFor();
      expect((await t.http.get(`/api/v2/service-accounts/${accountId}`).set(t.adminBearer)).body.data.description).toBe(
        'Edited in the console',
      );

      // Disable, confirmed: the API refuses the account's key from then on.
      await page.getByRole('button', { name: 'Disable' }).click();
      const confirmDisable = page.getByRole('dialog', { name: `Disable ${name}?` });
      await expectAccessible(page, 'disable dialog');
      await confirmDisable.getByRole('button', { name: 'Disable now' }).click();
      await page.getByText(/is disabled/).waitFor();
      await page.getByRole('button', { name: 'Enable' }).waitFor();
      expect(await tokenStatus(clientId, newSecret)).toBe(401);

      // The request logs, dialect usage and audit pages of the account.
      const tabs = page.getByRole('navigation', { name: 'About this account' });
      await tabs.getByRole('link', { name: 'Request logs' }).click();
      await page.getByRole('heading', { level: 1, name: /Request logs/ }).waitFor();
      await page.locator('table, .empty, .alert').first().waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
      await expectAccessible(page, 'request logs');
      await shot(page, '06-request-logs');

      await tabs.getByRole('link', { name: 'Dialect usage' }).click();
      await page.getByRole('heading', { level: 1, name: /Dialect usage/ }).waitFor();
      await page.locator('figure.chart, .empty, .alert').first().waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
      if (await page.locator('figure.chart').count()) {
        expect(await page.getByRole('img', { name: /Requests per day over the last 90 days/ }).count()).toBe(1);
        await page.getByRole('rowheader', { name: 'oauth2' }).waitFor(); // its token requests above
      } else {
        await page
          .getByText(/not available on this server|No requests/)
          .first()
          .waitFor();
      }
      await expectAccessible(page, 'account usage');
      await shot(page, '07-account-usage');

      await tabs.getByRole('link', { name: 'Audit events' }).click();
      await page.getByRole('heading', { level: 1, name: 'Audit events' }).waitFor();
      await expect(page.getByLabel('Account').inputValue()).resolves.toBe(accountId);
      await page
        .getByRole('row')
        .filter({ hasText: /disable/i })
        .first()
        .waitFor();
      await expectAccessible(page, 'audit events');
      await shot(page, '08-audit-account');
      await page.getByLabel('Account').selectOption('');
      await page.getByRole('row').filter({ hasText: 'Default' }).first().waitFor();
      await expectAccessible(page, 'org-wide audit events');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dialect usage' }).click();
      await page.getByRole('heading', { level: 2, name: 'Still on v1' }).waitFor();
      await page.locator('section table, section .empty, section .alert').first().waitFor();
      await expectAccessible(page, 'org usage');

      // Search, filter and sort on the accounts page, with the keyboard.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Service accounts' }).click();
      await page.getByLabel('Search by name').fill('billing');
      await page.keyboard.press('Enter');
      await page.getByRole('link', { name }).waitFor();
      // The filtered page replaces the list when its request returns: wait for it rather than count
      // at once (the account searched for is on both pages, so it alone does not say which is shown).
      await page.getByRole('link', { name: 'Default admin' }).waitFor({ state: 'detached' });
      expect(await page.getByRole('link', { name: 'Default admin' }).count()).toBe(0);
      await page.getByLabel('Status').selectOption('enabled');
      await page.getByText('No service account matches these filters.').waitFor();
      await page.getByLabel('Status').selectOption('disabled');
      await page.getByRole('link', { name }).waitFor();
      await page.getByLabel('Status').selectOption('');
      await page.getByLabel('Search by name').fill('');
      await page.keyboard.press('Enter');
      await page.getByRole('link', { name: 'Default admin' }).waitFor();
      await page.getByRole('button', { name: /^Name/ }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('columnheader', { name: /Name/ }).and(page.locator('[aria-sort="descending"]')).waitFor();
      const names = await page.locator('tbody th').allTextContents();
      expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a, 'en', { sensitivity: 'base' })));
      expect(page.url()).toContain('sort=-name');

      // The narrow screen: nothing wider than the phone; every page still passes axe.
      await page.setViewportSize(PHONE);
      await page.goto(`${base}/console/accounts`); // a reload: the session is gone
      await page.getByRole('heading', { level: 1, name: /Sign in/ }).waitFor();
      expect(await storageOf(page)).toBe('{"local":{},"session":{},"cookie":""}');
      await signIn(page, t.admin.clientId, t.admin.secret);
      await page.getByRole('link', { name }).waitFor();
      await noHorizontalScroll(page);
      await expectAccessible(page, 'accounts on a phone');
      await shot(page, '09-accounts-phone', true);
      await page.getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 2, name: 'Keys' }).waitFor();
      await noHorizontalScroll(page);
      await expectAccessible(page, 'account on a phone');
      await shot(page, '10-account-phone', true);

      // Sign out: back to the sign-in page, which says so.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByText('You are signed out.').waitFor();
      await expectAccessible(page, 'signed out');

      for (const s of secrets) {
        for (const line of seen.console) expect(line).not.toContain(s);
        for (const url of seen.urls) expect(url).not.toContain(s);
      }
      expect(seen.errors).toEqual([]);
      expect(seen.console.filter((l) => /Content Security Policy/i.test(l))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  test('an operator grants permissions, a role through a group, a workspace and a capped key, and the API honours each', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const { page, seen } = await newPage(context);
    const suffix = Date.now().toString(36);
    const name = `Reporter ${suffix}`;
    const secrets: string[] = [t.admin.secret];
    /** What the API answers the account's own credential. */
    const api = async (secret: string) => ({
      list: (await t.http.get('/api/v2/service-accounts').set(bearer(secret))).status,
      reports: (await t.http.get('/auth/verify?scope=reports:read').set(bearer(secret))).status,
      billing: (await t.http.get('/auth/verify?scope=billing:read').set(bearer(secret))).status,
    });
    try {
      await page.goto(`${base}/console/`);
      await signIn(page, t.admin.clientId, t.admin.secret);
      await page.getByRole('button', { name: 'New account' }).click();
      const create = page.getByRole('dialog', { name: 'New service account' });
      await create.getByLabel('Name').fill(name);
      await create.getByRole('button', { name: 'Create' }).click();
      const firstDialog = page.getByRole('dialog', { name: /first secret/ });
      const secret = await firstDialog.getByLabel('Secret', { exact: true }).inputValue();
      secrets.push(secret);
      await firstDialog.getByLabel('I have stored this secret somewhere safe').check();
      await firstDialog.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      const accountId = page.url().split('/').at(-1)!;
      // A new account can do nothing yet.
      expect(await api(secret)).toEqual({ list: 403, reports: 403, billing: 403 });

      // Its own permissions: one the organization has, and one an Admin names.
      const access = page.getByRole('region', { name: 'Access' });
      await access.getByRole('button', { name: 'Change permissions' }).click();
      const perms = page.getByRole('dialog', { name: `Permissions of ${name}` });
      await perms.getByRole('checkbox', { name: 'service-accounts:read', exact: true }).check();
      await perms.getByLabel('Another permission').fill('reports:read');
      await perms.getByRole('button', { name: 'Add' }).click();
      await expect(perms.getByRole('checkbox', { name: 'reports:read' }).isChecked()).resolves.toBe(true);
      await expectAccessible(page, 'permissions dialog');
      await shot(page, '12-permissions');
      await perms.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Permissions saved.').waitFor();
      await access.getByText('reports:read').first().waitFor();
      expect(await api(secret)).toEqual({ list: 200, reports: 200, billing: 403 });
      const own = (await t.http.get(`/v1/service-accounts/${accountId}`).set(t.adminBearer)).body.data.permissions as string[];
      expect(own.sort()).toEqual(['reports:read', 'service-accounts:read']);

      // A role of the organization's own, bound by a group, which the account then joins.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Roles and groups' }).click();
      await page.getByRole('heading', { level: 1, name: 'Roles and groups' }).waitFor();
      await page.getByRole('row', { name: /service-accounts-viewer/ }).waitFor();
      await page.getByRole('button', { name: 'New role' }).click();
      const role = page.getByRole('dialog', { name: 'New role' });
      await role.getByLabel('Name').fill(`Billing reader ${suffix}`);
      await role.getByLabel('Another permission').fill('billing:read');
      await role.getByRole('button', { name: 'Add' }).click();
      await expectAccessible(page, 'new role dialog');
      await role.getByRole('button', { name: 'Make role' }).click();
      await page.getByText(`Role Billing reader ${suffix} made.`).waitFor();
      await page.getByRole('button', { name: 'New group' }).click();
      const group = page.getByRole('dialog', { name: 'New group' });
      await group.getByLabel('Name').fill(`Billing team ${suffix}`);
      await group.getByRole('checkbox', { name: new RegExp(`Billing reader ${suffix}`) }).check();
      await group.getByRole('button', { name: 'Make group' }).click();
      await page.getByRole('row', { name: new RegExp(`Billing team ${suffix}.*Billing reader ${suffix}`) }).waitFor();
      await expectAccessible(page, 'roles and groups');
      await shot(page, '13-roles-and-groups');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Service accounts' }).click();
      await page.getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      await access.getByRole('button', { name: 'Change groups' }).click();
      const groups = page.getByRole('dialog', { name: `Groups of ${name}` });
      await groups.getByRole('checkbox', { name: new RegExp(`Billing team ${suffix}`) }).check();
      await groups.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Groups saved.').waitFor();
      await access.getByText('billing:read').waitFor();
      expect(await api(secret)).toEqual({ list: 200, reports: 200, billing: 200 });

      // A workspace, made on the spot, with a role in it.
      await access.getByRole('button', { name: 'Change workspaces' }).click();
      const spaces = page.getByRole('dialog', { name: `Workspaces of ${name}` });
      await spaces.getByLabel('New workspace').fill(`Reporting ${suffix}`);
      await spaces.getByRole('button', { name: 'Create' }).click();
      await spaces.getByLabel(`Reporting ${suffix}`).selectOption('Reader');
      await expectAccessible(page, 'workspaces dialog');
      await spaces.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Workspaces saved.').waitFor();
      expect((await t.http.get(`/api/v2/service-accounts/${accountId}`).set(t.adminBearer)).body.data.workspaceAssignments).toEqual([
        { workspaceId: expect.any(String), workspaceName: `Reporting ${suffix}`, role: 'Reader' },
      ]);

      // A key capped to one scope: marked as the new key; it reports, and may do nothing else.
      await page.getByRole('button', { name: 'Rotate key' }).click();
      const rotate = page.getByRole('dialog', { name: /Rotate a key/ });
      await rotate.getByLabel('Only the scopes chosen below').check();
      await rotate.getByRole('checkbox', { name: 'reports:read' }).check();
      await expectAccessible(page, 'capped key');
      await rotate.getByRole('button', { name: 'Create new key' }).click();
      const secretDialog = page.getByRole('dialog', { name: /New key/ });
      const capped = await secretDialog.getByLabel('Secret', { exact: true }).inputValue();
      secrets.push(capped);
      await secretDialog.getByLabel('I have stored this secret somewhere safe').check();
      await secretDialog.getByRole('button', { name: 'Done' }).click();
      const fresh = page.getByRole('row', { name: new RegExp(`${capped.slice(0, 12)}.*New key`) });
      await fresh.waitFor();
      expect(await fresh.getByRole('cell', { name: 'reports:read' }).count()).toBe(1);
      expect(await page.getByText('New key', { exact: true }).count()).toBe(1);
      await shot(page, '14-new-key-marked');
      expect(await api(capped)).toEqual({ list: 403, reports: 200, billing: 403 });

      // One request log in full; times to the second.
      await page.getByRole('navigation', { name: 'About this account' }).getByRole('link', { name: 'Request logs' }).click();
      const firstTime = page.locator('tbody tr td a').first();
      await firstTime.waitFor();
      expect(await firstTime.textContent()).toMatch(/\d:\d\d:\d\d/);
      await firstTime.click();
      await page.getByRole('heading', { level: 2, name: 'Request' }).waitFor();
      const headers = page.getByRole('table', { name: 'Request headers' });
      await headers.getByRole('row', { name: /authorization.*redacted/i }).waitFor();
      await expectAccessible(page, 'request log');
      await shot(page, '15-request-log');

      // Audit values wrap in their column.
      await page.getByRole('navigation', { name: 'About this account' }).getByRole('link', { name: 'Audit events' }).click();
      const change = page.locator('td.changes code').filter({ hasText: 'permissions' }).first();
      await change.waitFor();
      const style = (e: unknown) => {
        const s = (
          globalThis as unknown as { getComputedStyle(e: unknown): { whiteSpace: string; overflowWrap: string } }
        ).getComputedStyle(e);
        return [s.whiteSpace, s.overflowWrap];
      };
      expect(await change.evaluate(style)).toEqual(['pre-wrap', 'anywhere']);
      await page.setViewportSize(PHONE);
      await page.getByRole('table').waitFor();
      await noHorizontalScroll(page);

      for (const s of secrets) {
        for (const line of seen.console) expect(line).not.toContain(s);
        for (const url of seen.urls) expect(url).not.toContain(s);
      }
      expect(seen.errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  test('a credential that may grant less is offered less: its roles and permissions, never an account above it', async () => {
    // A Member that may manage accounts and holds reports:read, but not what the Admin's groups give.
    const writer = await t.http
      .post('/api/v2/service-accounts')
      .set(t.adminBearer)
      .send({ name: `Writer ${Date.now().toString(36)}`, scopes: ['service-accounts:read', 'service-accounts:write', 'reports:read'] })
      .expect(201);
    const context = await browser.newContext({ viewport: DESKTOP });
    const { page } = await newPage(context);
    try {
      await page.goto(`${base}/console/`);
      await signIn(page, writer.body.data.clientId, writer.body.data.clientSecret);
      await page.getByRole('button', { name: 'New account' }).click();
      const create = page.getByRole('dialog', { name: 'New service account' });
      expect(await create.getByLabel('Role').locator('option').allTextContents()).toEqual(['Member']);
      const name = `Helper ${Date.now().toString(36)}`;
      await create.getByLabel('Name').fill(name);
      await create.getByRole('button', { name: 'Create' }).click();
      const firstDialog = page.getByRole('dialog', { name: /first secret/ });
      await firstDialog.getByLabel('I have stored this secret somewhere safe').check();
      await firstDialog.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      await page.getByRole('button', { name: 'Change permissions' }).click();
      const perms = page.getByRole('dialog', { name: `Permissions of ${name}` });
      await perms.getByRole('checkbox', { name: 'reports:read' }).waitFor();
      const offered = await perms.getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => b.labels?.[0]?.textContent));
      // What it holds, under every dialect's name for it (GET /v3/iam/permissions lists v1's and v2's aliases, issue 26).
      expect(offered.sort()).toEqual([
        'apikey:create',
        'org:service-accounts:manage',
        'org:service-accounts:read',
        'reports:read',
        'service-accounts:read',
        'service-accounts:write',
        'service_account:read',
        'service_account:write',
      ]);
      expect(await perms.getByLabel('Another permission').count()).toBe(0);
      await perms.getByRole('button', { name: 'Cancel' }).click();

      // The Admin: holds more than this credential may grant, so nothing on its page offers a change.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Service accounts' }).click();
      await page.getByRole('link', { name: 'Default admin' }).click();
      await page.getByText('Your credential cannot change this account').waitFor();
      await expect(page.getByRole('button', { name: 'Change permissions' }).isDisabled()).resolves.toBe(true);
      await expect(page.getByRole('button', { name: 'Change groups' }).isDisabled()).resolves.toBe(true);
      await expectAccessible(page, 'account above the caller');
    } finally {
      await context.close();
    }
  }, 60_000);

  test('a read-only key is told what it lacks, and an expired session signs out with a message', async () => {
    // A key that may only read, used as it is (no client id).
    const reader = await t.http
      .post('/api/v2/service-accounts')
      .set(t.adminBearer)
      .send({ name: `Reader ${Date.now().toString(36)}`, scopes: ['service-accounts:read'] })
      .expect(201);
    const context = await browser.newContext({ viewport: DESKTOP });
    const { page, seen } = await newPage(context);
    try {
      await page.clock.install();
      await page.goto(`${base}/console/accounts/${t.admin.serviceAccountId}`);
      await page.getByLabel('Client secret or key secret').fill(reader.body.data.clientSecret);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Default admin' }).waitFor();
      await page.getByRole('button', { name: 'Disable' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Disable now' }).click();
      const refusal = page.getByRole('dialog').getByRole('alert');
      await refusal.waitFor();
      expect(await refusal.textContent()).toMatch(/Not allowed.*needs service-accounts:write/);
      await expectAccessible(page, '403 in a dialog');
      await shot(page, '11-forbidden');
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      expect((await t.http.get(`/api/v2/service-accounts/${t.admin.serviceAccountId}`).set(t.adminBearer)).body.data.isActive).toBe(true);
      await page.getByRole('button', { name: 'Sign out' }).click();

      // Client credentials: a token with an expiry; when it passes, the console signs out and says why.
      await page.goto(`${base}/console/accounts`);
      await signIn(page, t.admin.clientId, t.admin.secret);
      await page.clock.fastForward('01:00:05');
      await page.getByText('Your session expired, so you were signed out.').waitFor();
      await page.getByRole('heading', { level: 1, name: /Sign in/ }).waitFor();
      await expectAccessible(page, 'expired');
      for (const line of seen.console) expect(line).not.toContain(reader.body.data.clientSecret);
    } finally {
      await context.close();
    }
  }, 60_000);

  test('on a server without whoami, org-wide audit events, request logs or usage (404), every page still works and says so', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const { page, seen } = await newPage(context);
    const gone = /\/v3\/iam\/whoami|\/v3\/audit-events|\/logs(\?|$)|\/usage(\?|$)/;
    await context.route(
      (url) => gone.test(url.pathname + url.search),
      (route) =>
        route.fulfill({
          status: 404,
          contentType: 'application/problem+json',
          body: JSON.stringify({ title: 'Not Found', status: 404, detail: 'No route' }),
        }),
    );
    try {
      await page.goto(`${base}/console/`);
      await signIn(page, '', t.admin.secret); // a key secret: the organization comes from v2's list
      await page.getByRole('link', { name: 'Default admin' }).click();
      await page.getByRole('heading', { level: 2, name: 'Keys' }).waitFor();
      const tabs = page.getByRole('navigation', { name: 'About this account' });
      await tabs.getByRole('link', { name: 'Request logs' }).click();
      await page.getByText('Request logs are not available on this server.').waitFor();
      await tabs.getByRole('link', { name: 'Dialect usage' }).click();
      await page.getByText('Dialect usage is not available on this server.').waitFor();
      await expectAccessible(page, 'usage not available');
      await tabs.getByRole('link', { name: 'Audit events' }).click();
      await page
        .getByRole('row')
        .filter({ hasText: /create/i })
        .first()
        .waitFor(); // v2's own audit events of the account
      await page.getByLabel('Account').selectOption('');
      await page.getByText(/no org-wide audit list/).waitFor();
      await page.getByRole('row').filter({ hasText: 'Default admin' }).first().waitFor();
      await expectAccessible(page, 'audit fallback');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dialect usage' }).click();
      await page.getByText("The organization's v1 usage is not available on this server.").waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(seen.errors).toEqual([]);
      for (const line of seen.console) expect(line).not.toContain(t.admin.secret);
    } finally {
      await context.close();
    }
  }, 60_000);
});
