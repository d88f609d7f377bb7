// The main window's options, as data, so a test can hold the security flags in place. The renderer gets no Node,
// runs sandboxed in an isolated world, and reaches the back end only through the preload's `tinymlHost` bridge.
import type { BrowserWindowConstructorOptions } from 'electron';

/** The renderer is served from this privileged custom scheme (not file://), so CSP 'self', fetch and WASM work. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'TinyML Studio',
    // Shown once the first paint is ready, so the user never sees a white flash.
    show: false,
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}
