/**
 * An error meant for the user carries its own words (what happened, what to do next); the
 * IPC dispatcher passes its message through and gives anything else a generic line.
 */
export class UserFacingError extends Error {
  override readonly name: string = 'UserFacingError';
}
