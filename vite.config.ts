import { defineConfig } from 'vite';
import path from 'node:path';

// The renderer is a static bundle: the web host serves it, Electron loads it from disk.
// base './' so it works from file:// in Electron as well as from the web host.
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'renderer'),
  base: './',
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    sourcemap: true,
  },
  worker: { format: 'es' },
});
