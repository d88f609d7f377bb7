// The one Content-Security-Policy both hosts send with the renderer. Only our own bundle may run: no inline
// scripts, no eval (WebAssembly compilation is allowed for tfjs-wasm and Monaco), no plugins, no framing.
// `connectTo` lists the extra origins the page may open sockets to (the web host's own ws:// origins).

export function contentSecurityPolicy(connectTo: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    // Inline styles: React style props and Monaco/uPlot set element styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connectTo].join(' ')}`,
    // Monaco and tfjs start workers from blob: URLs.
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every response of either host carries. */
export function securityHeaders(connectTo: readonly string[] = []): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(connectTo),
    'X-Content-Type-Options': 'nosniff',
    // The first page load carries the session token in its URL: never leak it to another site.
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
