import { isHttpsOrLoopbackHttp } from '../net/loopback';

/**
 * The only URLs the sign-in may open outside the app: pages on the configured identity
 * provider's authorization origin. https always; plain http only for a provider on this
 * computer's loopback (the development simulator). Returned re-formatted by the URL parser,
 * so what the browser receives is exactly what was checked.
 */
export function toSignInPageUrl(input: string, authorizationEndpoint: string): string | null {
  let url: URL;
  let endpoint: URL;
  try {
    url = new URL(input);
    endpoint = new URL(authorizationEndpoint);
  } catch {
    return null;
  }
  if (url.origin !== endpoint.origin) return null;
  if (url.username !== '' || url.password !== '') return null;
  if (!isHttpsOrLoopbackHttp(url)) return null;
  return url.href;
}
