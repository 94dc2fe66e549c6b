// The catalogue: every operation the service offers, declared once; dialects bind them.
export * as accounts from './accounts';
export * as keys from './keys';
export * as audit from './audit';
export * as workspaces from './workspaces';
export * as usage from './usage';
export * as caller from './caller';
export * as organizations from './organizations';
export * as federation from './federation';
export * as roles from './roles';
export * as groups from './groups';
export * as permissions from './permissions';
export * as logs from './logs';
export * as policy from './policy';
export * as webhooks from './webhooks';
export type { CatalogueEntry, Need, Resource } from './entry';
