// IPC channel names shared by electron-main and the preload (which may import nothing but 'electron' at run time;
// esbuild inlines these constants into its bundle).
export const CALL_CHANNEL = 'tinyml:call';
export const EVENT_CHANNEL = 'tinyml:event';
