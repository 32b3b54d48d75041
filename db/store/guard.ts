import { isUserError } from '../../src/errors.js';
import { DbError } from '../client.js';

/** Runs a store operation; driver and query errors become a DbError naming the operation (SQL stays in `cause`). */
export const guard = async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch (e) {
    throw isUserError(e) || e instanceof DbError ? e : new DbError(operation, e);
  }
};
