import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { callChannel, callNames, eventChannel } from '../../src-shared/contract/ipc-contract';
import { failure } from '../../src-shared/contract/ipc-result';
import type { AppCore } from '../core/app-core';
import type { Logger } from '../core/log/logger';
import { isTrustedSenderUrl } from '../core/platform/trusted-sender';

/**
 * One ipcMain.handle per contract call. Before the dispatcher sees a message we check that it
 * comes from the main frame of our window showing our own origin (VS Code's ValidatedIpcMain).
 */
export function registerIpc(core: AppCore, getWindow: () => BrowserWindow | null, log: Logger): void {
  for (const name of callNames) {
    ipcMain.handle(callChannel(name), (event: IpcMainInvokeEvent, args: unknown) => {
      if (!isOwnFrame(event, getWindow())) {
        log.warn('ipc.forbidden-sender', { name });
        return failure('forbidden-sender', 'This request did not come from the LeadPulse window.');
      }
      return core.dispatcher.dispatch(name, args);
    });
  }
  core.events.attach((name, payload) => {
    const window = getWindow();
    if (window && !window.isDestroyed()) window.webContents.send(eventChannel(name), payload);
  });
}

function isOwnFrame(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  const frame = event.senderFrame;
  if (!window || !frame || event.sender !== window.webContents) return false;
  return frame === window.webContents.mainFrame && isTrustedSenderUrl(frame.url);
}
