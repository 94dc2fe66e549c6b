// Who the caller is: any credential that works may ask (issue 26).
import { entry } from './entry';

export const whoami = entry({
  operationId: 'getWhoami',
  summary: 'The caller: its account, key and usable permissions',
  description:
    'The account and key behind the credential, and the permissions it can use right now (a read key, a capped key or a ' +
    'narrowed token shows fewer than the account holds). Any working credential may ask.',
  needs: 'authenticated',
  resource: 'caller',
  // The caller itself is part of the answer: what its credential can use now.
  run: async (core, p, _input: void) => ({ principal: p, view: await core.getSelf(p) }),
});
