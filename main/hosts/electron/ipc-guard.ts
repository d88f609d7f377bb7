// IPC calls are accepted only from our own page in our own window's main frame: an iframe, a second window or a
// page that navigated elsewhere gets nothing, even if it somehow obtained the bridge.
import { APP_ORIGIN } from './window-options';

export interface SenderInfo {
  /** The frame that sent the message, or null when it is gone. */
  frame: { url: string } | null;
  /** Whether that frame is the main frame of the window we created. */
  isOurMainFrame: boolean;
}

export function isTrustedSender(s: SenderInfo): boolean {
  if (!s.frame || !s.isOurMainFrame) return false;
  let url: URL;
  try {
    url = new URL(s.frame.url);
  } catch {
    return false;
  }
  return url.origin === APP_ORIGIN || `${url.protocol}//${url.host}` === APP_ORIGIN;
}
