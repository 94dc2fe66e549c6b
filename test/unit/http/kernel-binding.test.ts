// The HTTP kernel's pieces that need no server: If-Match and ETag as plain values, and a binding
// turned into a row of a dialect's table (what the router, the documents and the tests read).
import { createWorkspace, listWorkspaces } from '../../../src/core/catalogue/workspaces';
import { disableAccount } from '../../../src/core/catalogue/accounts';
import { binder } from '../../../src/http/kernel/bind';
import { etag, expectedVersion, NO_STORE } from '../../../src/http/kernel/wire';
import type { IamCore, Principal } from '../../../src/core';
import type { Call } from '../../../src/http/operation';

const headers = (value: string | string[] | undefined) => ({ headers: { 'if-match': value } });

test('when If-Match names a version (strong or weak), then that is the expected version; `*` or none expects any; anything else never matches', () => {
  expect(expectedVersion(headers('"12"'))).toBe(12);
  expect(expectedVersion(headers(' W/"3" '))).toBe(3);
  expect(expectedVersion(headers(undefined))).toBeUndefined();
  expect(expectedVersion(headers('*'))).toBeUndefined();
  expect(expectedVersion(headers('"a"'))).toBe(-1);
  expect(expectedVersion(headers('"1", "2"'))).toBe(-1);
  expect(expectedVersion(headers(['"1"', '"2"']))).toBe(-1);
  expect(etag(5)).toEqual({ ETag: '"5"' });
  expect(NO_STORE).toEqual({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
});

const TAG = { name: 'Workspaces', description: 'Places.' };
const bind = binder({ workspaces: TAG, accounts: { name: 'Accounts', description: 'Them.' } });

test('when an entry is bound, then the row carries the catalogue’s name, need, tag and words unless the dialect says its own', () => {
  const row = bind(listWorkspaces, {
    method: 'get',
    path: '/places',
    responses: { 200: { description: 'Places' } },
    parse: () => undefined,
    reply: () => ({ status: 200, headers: {} }),
  });
  expect(row).toMatchObject({
    method: 'get',
    path: '/places',
    operationId: 'listWorkspaces',
    needs: 'read',
    tag: TAG,
    summary: listWorkspaces.summary,
    description: listWorkspaces.description,
  });
  expect(row).not.toHaveProperty('ifMatch');
  expect(row.otherProblems).toBeUndefined();
  const own = bind(createWorkspace, {
    method: 'post',
    path: '/places',
    summary: 'Make a place',
    description: 'In this dialect’s words.',
    responses: {},
    parse: () => ({ name: 'x' }),
    reply: () => ({ status: 201, headers: {} }),
  });
  expect(own).toMatchObject({ summary: 'Make a place', description: 'In this dialect’s words.', needs: 'write' });
});

/** What a row's handler is called with, on a request that sends `headers` (no server). */
function callWith(core: object, headers: Record<string, string>): Call {
  const request = {
    method: 'POST',
    url: '/a',
    path: '/a',
    rawQuery: {},
    params: {},
    query: {},
    headers,
    body: null,
    requestId: 'req_1',
    publicBase: 'https://iam.example',
  };
  // The handler reads only these parts of the core.
  return { request, core: core as IamCore, principal: {} as Principal };
}

test('when an entry takes an expected version, then its row honours If-Match: the core gets the version the header names', async () => {
  const row = bind(disableAccount, {
    method: 'post',
    path: '/a/{id}/disable',
    responses: {},
    parse: () => ({ id: 'a' }),
    reply: (view: unknown) => ({ status: 200, headers: {}, body: view }),
  });
  expect(row.ifMatch).toBe(true);
  const calls: unknown[][] = [];
  const core = { setAccountEnabled: async (...args: unknown[]) => (calls.push(args.slice(1)), 'view') };
  expect(await row.handle(callWith(core, { 'if-match': '"4"' }))).toEqual({ status: 200, headers: {}, body: 'view' });
  await row.handle(callWith(core, {}));
  expect(calls).toEqual([
    ['a', false, 4],
    ['a', false, undefined],
  ]);
});

test('when an entry takes no version, then its row never reads If-Match', async () => {
  const row = bind(createWorkspace, {
    method: 'post',
    path: '/w',
    responses: {},
    parse: () => ({ name: 'W' }),
    reply: () => ({ status: 201, headers: {} }),
  });
  const calls: unknown[][] = [];
  const core = { createWorkspace: async (...args: unknown[]) => (calls.push(args), { id: 'w' }) };
  await row.handle(callWith(core, { 'if-match': '"4"' }));
  expect(calls).toEqual([[{}, 'W']]);
  expect(row.ifMatch).toBeUndefined();
});

test('when a dialect names no tag for an entry’s resource, then binding it fails at start', () => {
  const none = binder({});
  expect(() =>
    none(listWorkspaces, { method: 'get', path: '/w', responses: {}, parse: () => undefined, reply: () => ({ status: 200, headers: {} }) }),
  ).toThrow(/names no tag for workspaces/);
});
