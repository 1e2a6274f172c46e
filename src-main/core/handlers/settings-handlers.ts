import type { HandlersFor } from '../ipc/dispatcher';
import type { settingsCalls } from '../../../src-shared/contract/areas/settings';
import type { LocalDataService } from '../local-data/local-data-service';

type SettingsHandlers = HandlersFor<typeof settingsCalls>;

export function settingsHandlers(data: LocalDataService, actor: () => string): SettingsHandlers {
  return {
    'settings.getLocalDataStatus': () => data.status(),
    'settings.removeAllLocalData': async () => {
      const removed = await data.removeAll();
      return { deletedFiles: removed.deletedFiles, keychainEntryDeleted: removed.keychainEntryDeleted };
    },
    'settings.removeMailbox': ({ accountId }) =>
      data.use((store) => {
        const removed = store.mailboxes.remove(accountId, actor());
        return { removedLeads: removed.removedLeads, removedMessages: removed.removedMessages };
      }),
  };
}
