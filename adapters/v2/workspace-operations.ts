// v2's workspaces, which workspace assignments name, bound from the catalogue.
import { workspaces } from '../../src/core/catalogue';
import { binder } from '../../src/http/kernel/bind';
import { TAGS } from '../../schemas/v2/api';
import * as schema from '../../schemas/v2/requests';
import * as res from '../../schemas/v2/responses';
import { item, list, okList } from './envelope';
import * as map from './mapper';

const bind = binder(TAGS);

export const workspaceOperations = [
  bind(workspaces.listWorkspaces, {
    method: 'get',
    path: '/workspaces',
    query: schema.noQuery,
    responses: okList('Workspaces', res.workspace),
    parse: () => undefined,
    reply: (found, request) => list(request, found.map(map.renderWorkspace)),
  }),
  bind(workspaces.createWorkspace, {
    method: 'post',
    path: '/workspaces',
    body: schema.createWorkspace,
    example: { name: 'Production' },
    responses: { 201: { description: 'The workspace', schema: res.item(res.workspace) } },
    parse: (request) => ({ name: request.body.name }),
    reply: (made, request) => item(request, 201, map.renderWorkspace(made)),
  }),
];
