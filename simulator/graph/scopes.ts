/** Scope strings as the Microsoft identity platform reads them for Microsoft Graph. */
export const oidcScopes = new Set(['openid', 'profile', 'email', 'offline_access']);

const graphPrefix = 'https://graph.microsoft.com/';
const defaultGraphScopes = ['Mail.Read', 'Mail.Send', 'User.Read'];

/** Graph permission names requested (prefix and .default resolved), or null for a malformed one. */
export function graphScopesOf(scope: string): string[] | null {
  const out: string[] = [];
  for (const raw of scope.split(/\s+/).filter(Boolean)) {
    if (oidcScopes.has(raw.toLowerCase())) continue;
    const name = raw.startsWith(graphPrefix) ? raw.slice(graphPrefix.length) : raw;
    if (name === '.default') out.push(...defaultGraphScopes);
    else if (/^[A-Za-z]+(\.[A-Za-z]+)+$/.test(name)) out.push(name);
    else return null;
  }
  return [...new Set(out)];
}

export function hasScope(granted: readonly string[], needed: string): boolean {
  const n = needed.toLowerCase();
  return granted.some((g) => g.toLowerCase() === n || g.toLowerCase().startsWith(`${n}.`));
}

export const scopeWords: Record<string, string> = {
  'Mail.Read': 'Read your mail',
  'Mail.ReadWrite': 'Read and write access to your mail',
  'Mail.Send': 'Send mail as you',
  'User.Read': 'Sign you in and read your profile',
  offline_access: 'Maintain access to data you have given it access to',
  openid: 'Sign you in',
  profile: 'View your basic profile',
  email: 'View your email address',
};
