/** The renderer is served only from this origin; IPC from any other page is refused. */
export const appScheme = 'leadpulse';
export const appOrigin = `${appScheme}://app`;
export const appEntryUrl = `${appOrigin}/index.html`;

export function isTrustedSenderUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === appOrigin;
  } catch {
    return false;
  }
}
