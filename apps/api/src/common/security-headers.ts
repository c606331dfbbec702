import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { AppConfig } from '../config/app-config';

/** HSTS max-age: one year, what browsers' preload rules and most audits expect. */
const HSTS_MAX_AGE_S = 365 * 24 * 60 * 60;

/**
 * The CSP source for the map tiles (`VIGIE_TILE_URL`), or none. A template such as
 * `https://{s}.tile.example.org/{z}/{x}/{y}.png` becomes `https://*.tile.example.org`: CSP only
 * allows a wildcard as the leftmost label, so a placeholder elsewhere in the host falls back to the
 * scheme alone (looser, and said so in the docs).
 */
export function tileSource(template: string | undefined): string | null {
  if (!template) return null;
  const match = /^(https?):\/\/([^/?#]+)/.exec(template);
  if (!match) return null;
  const [, scheme, authority] = match;
  if (!authority.includes('{')) return `${scheme}://${authority}`;
  const [host, port] = authority.split(':');
  const labels = host.split('.');
  const [first, ...rest] = labels;
  if (!first.includes('{') || rest.some((label) => label.includes('{')) || rest.length < 2) {
    return `${scheme}:`;
  }
  return `${scheme}://*.${rest.join('.')}${port && !port.includes('{') ? `:${port}` : ''}`;
}

/** Served over TLS (the address users reach Vigie at is https): HSTS and upgrade-insecure-requests. */
export function servedOverTls(config: Pick<AppConfig, 'VIGIE_PUBLIC_URL'>): boolean {
  return config.VIGIE_PUBLIC_URL?.startsWith('https://') ?? false;
}

/**
 * The Content-Security-Policy of everything the server sends (console, API, OpenAPI UI), unless a
 * route sends a stricter one of its own (file downloads, the report preview).
 *
 * - Scripts: only our own files (`'self'`), no inline script, no eval: the built console and the
 *   OpenAPI UI load every script from a file.
 * - Styles: `'unsafe-inline'` is accepted. MUI styles through emotion, which inserts `<style>`
 *   elements at run time, and the OpenAPI UI page carries an inline `<style>`; a nonce would need
 *   the console's HTML rendered per request and every library's inline styles traced. Inline CSS
 *   cannot run code; what it could leak is bounded by `img-src`, `font-src` and `connect-src`,
 *   which reach no third party (except the tile server, when one is configured).
 * - Images: ours, `data:` (the second-factor QR code, the map's drawing icons) and the tile server.
 * - The installable app (issue 13): its service worker and web app manifest are our own files;
 *   said explicitly rather than left to fall back on `script-src` and `default-src`.
 */
export function contentSecurityPolicy(
  config: Pick<AppConfig, 'VIGIE_PUBLIC_URL' | 'VIGIE_TILE_URL'>,
): Record<string, string[]> {
  const tiles = tileSource(config.VIGIE_TILE_URL);
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', ...(tiles ? [tiles] : [])],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  // Only over TLS: on plain http (a laptop, the tests) it would send every request to https.
  if (servedOverTls(config)) directives['upgrade-insecure-requests'] = [];
  return directives;
}

/** helmet's options: the headers of every response (DESIGN §8, issue 10 item 15). */
export function securityHeaders(
  config: Pick<AppConfig, 'VIGIE_PUBLIC_URL' | 'VIGIE_TILE_URL'>,
): HelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(config) },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: servedOverTls(config)
      ? { maxAge: HSTS_MAX_AGE_S, includeSubDomains: false }
      : false,
  };
}

/**
 * The headers helmet sets with these options, computed once: they depend on the configuration
 * only (no nonce), so every response gets the same set from one `onRequest` hook. `@fastify/helmet`
 * would rebuild helmet's middleware on every request (docs/decisions.md, "Security headers").
 */
export function securityHeaderValues(
  config: Pick<AppConfig, 'VIGIE_PUBLIC_URL' | 'VIGIE_TILE_URL'>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(securityHeaders(config))(
    {} as IncomingMessage,
    response as unknown as ServerResponse,
    (error?: unknown) => {
      failure = error;
    },
  );
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}
