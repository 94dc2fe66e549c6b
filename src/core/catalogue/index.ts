// The catalogue: every operation the service offers, declared once; dialects bind them.
export * as accounts from './accounts';
export * as keys from './keys';
export * as audit from './audit';
export * as workspaces from './workspaces';
export * as usage from './usage';
export * as federation from './federation';
export type { CatalogueEntry, Need, Resource } from './entry';
