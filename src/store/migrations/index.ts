import { InitialSchema1732300000000 } from './1732300000000-initial-schema';

/** Every migration, oldest first. A new schema change is a new file here, never an edit. */
export const MIGRATIONS = [InitialSchema1732300000000];
