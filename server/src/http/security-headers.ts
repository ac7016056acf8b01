import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';

/**
 * The origin map tiles come from, for the CSP: "https://tile.openstreetmap.org". A `{s}`
 * subdomain placeholder ("https://{s}.tile.example.com/…") becomes a wildcard, "https://*.tile.example.com".
 */
export function tileOrigin(template: string): string {
  const scheme = template.startsWith('https:') ? 'https:' : 'http:';
  const host = template.replace(/^https?:\/\//, '').split('/')[0] ?? '';
  return `${scheme}//${host.replace(/\{s\}/g, '*').replace(/\{[a-z]+\}/gi, '*')}`;
}

/**
 * Browser security headers on every answer (helmet). The web app loads only its own bundle: no
 * inline or remote script. Styles allow 'unsafe-inline' because Mantine writes its theme's CSS
 * variables into a <style> element at run time; a nonce would need index.html rendered per
 * request. Tiles are the one other origin (images, and fetches of them). HSTS only when this
 * process itself serves TLS; behind a TLS-terminating proxy the proxy sends it (docs/configuration.md).
 */
export async function installSecurityHeaders(app: FastifyInstance, config: Config): Promise<void> {
  const tiles = tileOrigin(config.mapTileUrl);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', tiles],
        connectSrc: ["'self'", tiles],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: config.tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // Tiles and other cross-origin images carry no CORP header; requiring it would break the map.
    crossOriginEmbedderPolicy: false,
  });
}
