// Electron's main process: one window, the same services the web host serves, IPC instead of a WebSocket.
// Thin on purpose: composition is in compose.ts, validation in the dispatcher, the menu in app-menu.ts.
// The renderer is loaded from dist/renderer through the privileged app:// scheme (not file://): it gives the page
// a real origin for CSP 'self', lets fetch() load WASM and models, and lets us set response headers.
import { app, BrowserWindow, ipcMain, Menu, protocol, session, shell, type IpcMainInvokeEvent } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResultMessage } from '../../../shared/api/wire';
import { composeApp, type AppContext } from '../../compose';
import { resolveHomeDir } from '../../services/app-paths';
import { securityHeaders } from '../content-security-policy';
import { createDispatcher } from '../dispatcher';
import { openInitialProject } from '../open-initial-project';
import { findRendererDir } from '../renderer-dir';
import { resolveStaticFile } from '../static-files';
import { appMenuTemplate } from './app-menu';
import { isTrustedSender } from './ipc-guard';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';
import { APP_ENTRY_URL, APP_HOST, APP_SCHEME, mainWindowOptions } from './window-options';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = findRendererDir(import.meta.url);
const preloadPath = path.join(here, 'preload.cjs');

// Must happen before `ready`: a standard, secure scheme behaves like https for the page (origin, fetch, storage).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
]);

if (!app.requestSingleInstanceLock()) {
  // Another TinyML Studio is running; it gets focus (below) and this one leaves.
  app.quit();
} else {
  let ctx: AppContext | null = null;
  let win: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  // Defence in depth for every web contents ever created (including any a bug might open).
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
    // The app is a single page: any navigation (a dropped file, a stray link) would replace it. Reload is not a navigation.
    contents.on('will-navigate', (e) => e.preventDefault());
    contents.on('will-redirect', (e) => e.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Links to documentation and datasheets go to the user's browser, never into a window of ours.
      if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  app.whenReady().then(async () => {
    const headers = securityHeaders();
    protocol.handle(APP_SCHEME, async (request) => {
      const url = new URL(request.url);
      const file = url.host === APP_HOST ? await resolveStaticFile(rendererDir, url.pathname) : null;
      if (!file) return new Response('Not found', { status: 404, headers: { ...headers, 'Content-Type': 'text/plain' } });
      return new Response(await readFile(file.path), { status: 200, headers: { ...headers, 'Content-Type': file.mime } });
    });
    // Any other response the page might receive (there should be none) carries the same policy.
    // DevTools pages are left alone: they are Chromium's own and need their own policy.
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      if (/^(devtools|chrome|chrome-extension):/.test(details.url)) return callback({});
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [headers['Content-Security-Policy']] } });
    });
    // The renderer needs no camera, microphone, geolocation, notifications, …: serial ports are opened by the main process.
    session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
    session.defaultSession.setPermissionCheckHandler((_wc, permission) => permission === 'clipboard-sanitized-write');

    ctx = composeApp({ homeDir: resolveHomeDir() });
    const dispatch = createDispatcher(ctx.services, (e) => console.error('internal error in API call:', e));

    ipcMain.handle(CALL_CHANNEL, async (event: IpcMainInvokeEvent, msg: unknown): Promise<ResultMessage> => {
      const frame = event.senderFrame;
      const trusted = isTrustedSender({ frame, isOurMainFrame: !!win && !win.isDestroyed() && frame === win.webContents.mainFrame });
      if (!trusted) {
        const id = typeof (msg as { id?: unknown })?.id === 'number' ? (msg as { id: number }).id : 0;
        return { type: 'result', id, ok: false, error: { code: 'UNAUTHORIZED', message: 'API calls are accepted only from the TinyML Studio window.' } };
      }
      return dispatch(msg);
    });

    const rebuildMenu = async () => {
      const recent = await ctx!.services.project.recent().catch(() => []);
      const reportError = (e: unknown) => ctx!.events.emit('output.line', { channel: 'app', level: 'error', text: (e as Error).message, time: new Date().toISOString() });
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          appMenuTemplate({
            isMac: process.platform === 'darwin',
            recent,
            uiCommand: (command) => ctx!.events.emit('ui.command', { command }),
            openProject: (dir) => void ctx!.services.project.open(dir).catch(reportError),
            openSample: () => void ctx!.services.project.openSample().catch(reportError),
          }),
        ),
      );
    };

    ctx.events.subscribe((msg) => {
      if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, msg);
      if (msg.name === 'project.changed') void rebuildMenu();
    });

    await openInitialProject(ctx.services.project, (t) => console.error(t));
    await rebuildMenu();
    win = createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) win = createWindow();
    });
  }).catch((e) => {
    console.error('TinyML Studio failed to start:', e);
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Services own child processes and serial ports: dispose them before the process exits.
  let disposed = false;
  app.on('will-quit', (e) => {
    if (disposed || !ctx) return;
    e.preventDefault();
    disposed = true;
    void ctx.dispose().finally(() => app.quit());
  });

  function createWindow(): BrowserWindow {
    const w = new BrowserWindow(mainWindowOptions(preloadPath));
    w.once('ready-to-show', () => w.show());
    // If the page never paints (a broken build), still show the window so the user sees something and can open DevTools.
    setTimeout(() => {
      if (!w.isDestroyed() && !w.isVisible()) w.show();
    }, 5000);
    void w.loadURL(APP_ENTRY_URL);
    return w;
  }
}
