/**
 * Only https links leave the app, and only after being re-formatted by the URL parser, so
 * what the system browser receives is exactly what we checked (Element's webcontents-handler
 * does the same). Credentials in a link are refused: they are a phishing trick, not a need.
 */
export function toSafeExternalUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.hostname === '') return null;
  return url.href;
}
