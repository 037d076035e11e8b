/**
 * What the server demands of browsers: no request forgery from other sites (or from another
 * port of the same host), no framing, no content sniffing, no referrers, and a
 * Content-Security-Policy the built app runs under (no inline scripts anywhere in it).
 *
 * Forgery: a browser lets any page send a "simple" cross-origin request — a form post with
 * `text/plain`, `application/x-www-form-urlencoded` or no body — with our cookie attached.
 * Demanding `application/json` forces a CORS preflight, which we never grant; checking
 * `Origin` and `Sec-Fetch-Site` refuses what a browser marks as coming from elsewhere.
 * SameSite=Strict alone does not help against another port of the same host (same site).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpError } from './errors';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The policy the app runs under (asserted without violations by e2e/security.spec.ts):
 * scripts, styles, fonts and workers only from this origin; images also as data: URLs (the
 * enrolment QR code, the signature shown on a receipt); nothing may frame us.
 * `'wasm-unsafe-eval'` lets the page compile WebAssembly — Argon2id (hash-wasm) for the PIN that
 * unlocks the tablet's data key (issue #12); WebCrypto has no memory-hard KDF. It allows no
 * JavaScript `eval` or `new Function` (that would be `'unsafe-eval'`). The only WebAssembly the
 * app compiles is hash-wasm's, bundled with it; a script able to compile other WebAssembly could
 * already run JavaScript here.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sets the security headers every answer carries (API, static files, 404s, framework errors). */
export function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-frame-options', 'DENY');
  // Only over https: on plain http the header is ignored by browsers and only misleads.
  if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
}

/** True for `application/json` with any parameters (`; charset=utf-8`). */
function isJsonContentType(header: string | undefined): boolean {
  return header !== undefined && header.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/**
 * onRequest guard for every state-changing API request: refused before its body is read when a
 * browser says it comes from another origin, or when it could have been sent by a plain HTML
 * form (anything but a JSON body, including no body at all when a session cookie rides along).
 */
export function refuseForgedRequest(request: FastifyRequest, hasSessionCookie: boolean): void {
  if (!STATE_CHANGING.has(request.method) || !request.url.startsWith('/api/')) return;
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw httpError(403, 'cross_origin_request', 'Requests from other sites are refused.');
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) {
    throw httpError(403, 'cross_origin_request', 'Requests from other sites are refused.');
  }
  const contentType = request.headers['content-type'];
  const hasBody = request.headers['transfer-encoding'] !== undefined || (request.headers['content-length'] ?? '0') !== '0';
  if ((hasBody || hasSessionCookie || contentType !== undefined) && !isJsonContentType(contentType)) {
    throw httpError(415, 'unsupported_media_type', 'Send this request with Content-Type: application/json.');
  }
}
