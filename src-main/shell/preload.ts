/**
 * The preload exposes exactly one object, window.leadpulse, derived from the IPC contract.
 * ipcRenderer itself never reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildBridge } from '../../src-shared/contract/bridge';
import { callChannel, eventChannel } from '../../src-shared/contract/ipc-contract';

const bridge = buildBridge({
  invoke: (name, args) => ipcRenderer.invoke(callChannel(name), args),
  subscribe: (name, listener) => {
    const channel = eventChannel(name);
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => ipcRenderer.removeListener(channel, forward);
  },
});

contextBridge.exposeInMainWorld('leadpulse', bridge);
