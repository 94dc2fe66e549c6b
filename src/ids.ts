import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import type { Clock, IdGenerator } from './core/ports';

export const systemClock: Clock = { now: () => new Date() };

/** v7 ids sort by creation time, which keyset pagination relies on. */
export const uuidIds: IdGenerator = { next: () => uuidv7(), random: () => uuidv4() };
