import { IpcError } from './client';

const maxLength = 200;

/**
 * A short sentence a rep can act on. Contract errors are written for the user already;
 * anything else (or anything that looks like a stack trace) becomes the caller's fallback.
 */
export function userMessage(error: unknown, fallback: string): string {
  if (!(error instanceof IpcError)) return fallback;
  const text = error.message.trim();
  if (text === '' || text.length > maxLength || /\n|\bat\s+\S+\s+\(/.test(text)) return fallback;
  return text;
}
