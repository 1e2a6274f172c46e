/**
 * The Electron shell: lifecycle, window, protocol, IPC registration. The only code (with the
 * other files in shell/) that imports electron; everything else lives in core/.
 */
import { app, dialog, shell, type BrowserWindow } from 'electron';
import path from 'node:path';
import { createAppCore } from '../core/app-core';
import { DesktopConfigError, loadDesktopConfig, type DesktopConfig } from '../core/config/desktop-config';
import { createLogger } from '../core/log/logger';
import { createOsKeychain } from '../core/secrets/index';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { registerIpc } from './ipc-registration';
import { createMainWindow } from './main-window';
import { denyAllPermissions, guardAllWebContents } from './web-contents-guards';

const log = createLogger();
const shellDir = __dirname;
const rendererDir = path.resolve(shellDir, '../renderer');

// --user-data-dir (tests, IT) moves Chromium's own files too; set before anything reads
// userData (the single-instance lock does).
const userDataDir = app.commandLine.getSwitchValue('user-data-dir');
if (userDataDir) app.setPath('userData', userDataDir);

app.enableSandbox();
registerAppScheme();
guardAllWebContents();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // A wrong setting (e.g. a machine policy) is IT's to fix: name it in a dialog and quit.
  const configOrQuit = (): DesktopConfig => {
    try {
      return loadDesktopConfig(process.env);
    } catch (error) {
      if (!(error instanceof DesktopConfigError)) throw error;
      dialog.showErrorBox('LeadPulse cannot start', error.message);
      app.exit(1);
      throw error;
    }
  };

  const config = configOrQuit();
  const core = createAppCore({
    identity: { name: app.getName(), version: app.getVersion() },
    platform: {
      host: 'electron',
      electronVersion: process.versions.electron ?? null,
      openExternal: async (safeUrl) => {
        await shell.openExternal(safeUrl);
        return true;
      },
      // Checked by the core against the configured provider's authorization origin first.
      openSignInPage: async (checkedUrl) => {
        await shell.openExternal(checkedUrl);
        return true;
      },
    },
    log,
    config,
    connectivityIntervalMs: config.connectivityIntervalMs,
    localData: {
      // The same overrides as the browser host: a profile folder and keychain entry of their
      // own (tests, or IT putting profiles elsewhere); default: the OS user-data folder.
      dataDir: config.dataDir ?? path.join(app.getPath('userData'), 'profiles', 'default'),
      keychain: createOsKeychain(),
      keychainService: config.keychainService,
      seedDemo: config.seedDemo,
      // Bundled next to main.cjs (scripts/build-bundles.mjs).
      integrityWorker: path.join(__dirname, 'integrity-worker.cjs'),
    },
  });

  void app.whenReady().then(() => {
    denyAllPermissions();
    handleAppProtocol(rendererDir);
    registerIpc(core, () => mainWindow, log);
    mainWindow = createMainWindow(shellDir);
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    core.start();
  });

  app.on('window-all-closed', () => {
    void core.stop().finally(() => app.quit());
  });
}
