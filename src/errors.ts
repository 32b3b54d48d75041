export type UserErrorCode =
  | 'E_BAD_FILE' // empty, random bytes, not a report, not UTF-8
  | 'E_TOO_LARGE' // past a size, page or entry limit
  | 'E_TIMEOUT' // an import past IMPORT_TIMEOUT_SECONDS
  | 'E_MISSING_SECTION' // a required section or table could not be found
  | 'E_NO_DATA'
  | 'E_AMBIGUOUS'
  | 'E_BAD_ARGS'
  | 'E_FORBIDDEN';

/** An error whose message is Chinese text meant for the user; anything else is a bug to log. */
export class UserError extends Error {
  readonly code: UserErrorCode;
  constructor(code: UserErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
    this.code = code;
  }
}

export const isUserError = (e: unknown): e is UserError => e instanceof UserError;

/** What the user sees when something that is not their mistake failed; the cause goes to the log. */
export const GENERIC_ERROR = '查询出错，请稍后再试';
