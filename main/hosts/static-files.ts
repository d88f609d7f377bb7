// Maps a URL path to a file of the built renderer, for the web host's HTTP server and Electron's app://
// protocol alike. Nothing outside the static folder can be reached: "..", encoded separators, NUL bytes and
// symlinks that lead out are all refused, and only regular files are served.
import { promises as fs } from 'node:fs';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  // application/wasm is required by WebAssembly.instantiateStreaming (tfjs-backend-wasm).
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.tflite': 'application/octet-stream',
  '.bin': 'application/octet-stream',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticFile {
  path: string;
  size: number;
  mime: string;
}

/**
 * Resolves a URL pathname ("/assets/index.js", already without query) to a file under `root`, or null when it
 * does not exist or is not allowed. "/" means "/index.html".
 */
export async function resolveStaticFile(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null; // malformed %-escape
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return null;
  if (segments.length === 0) segments.push('index.html');

  let realRoot: string;
  try {
    realRoot = await fs.realpath(root);
  } catch {
    return null;
  }
  const abs = path.join(realRoot, ...segments);
  try {
    const real = await fs.realpath(abs);
    if (!isInside(realRoot, real)) return null;
    const st = await fs.stat(real);
    if (!st.isFile()) return null;
    return { path: real, size: st.size, mime: mimeType(real) };
  } catch {
    return null;
  }
}

function isInside(root: string, p: string): boolean {
  const r = path.relative(root, p);
  return r !== '' && r !== '..' && !r.startsWith(`..${path.sep}`) && !path.isAbsolute(r);
}
