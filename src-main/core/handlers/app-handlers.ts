import type { HandlersFor } from '../ipc/dispatcher';
import type { appCalls } from '../../../src-shared/contract/areas/app';
import type { Platform } from '../platform/platform';
import { toSafeExternalUrl } from '../platform/external-url';
import { UserFacingError } from '../ipc/dispatcher';
import type { Logger } from '../log/logger';
import { createRendererErrorReporter } from './renderer-error-reports';

export interface AppIdentity {
  readonly name: string;
  readonly version: string;
}

export function appHandlers(
  identity: AppIdentity,
  platform: Platform,
  log: Logger,
  now: () => number = Date.now,
): HandlersFor<typeof appCalls> {
  const rendererErrors = createRendererErrorReporter({ log, now });
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
    // The contract admits only a short error name and a view id: nothing here can carry customer text.
    'app.reportRendererError': (report) => rendererErrors.report(report),
  };
}
