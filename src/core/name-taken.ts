// A write refused by a unique name (the store's UniqueViolation) is a 409 naming the field.
import { conflict } from './errors';
import { UniqueViolation } from './ports';

export async function nameTaken<T>(what: string, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (err instanceof UniqueViolation && err.target === 'name')
      throw conflict(`Another ${what} already has that name`, [{ field: 'name', message: 'is already taken' }]);
    throw err;
  }
}
