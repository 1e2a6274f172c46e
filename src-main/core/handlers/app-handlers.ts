import type { CallHandler } from '../ipc/dispatcher';
import type { Platform } from '../platform/platform';
import { toSafeExternalUrl } from '../platform/external-url';
import { UserFacingError } from '../ipc/dispatcher';

export interface AppIdentity {
  readonly name: string;
  readonly version: string;
}

export function appHandlers(identity: AppIdentity, platform: Platform): {
  'app.getInfo': CallHandler<'app.getInfo'>;
  'app.openExternal': CallHandler<'app.openExternal'>;
} {
  return {
    'app.getInfo': () => ({
      name: identity.name,
      version: identity.version,
      host: platform.host,
      electronVersion: platform.electronVersion,
      nodeVersion: process.versions.node,
    }),
    'app.openExternal': async ({ url }) => {
      const safe = toSafeExternalUrl(url);
      if (safe === null) {
        throw new UserFacingError('LeadPulse only opens secure web links (https). This link was not opened.');
      }
      return { opened: await platform.openExternal(safe), url: safe };
    },
  };
}
