/**
 * zod compiles fast object parsers with `new Function`, and probes whether it may by calling it
 * once when a schema is built. Under the server's Content-Security-Policy (`script-src 'self'`,
 * no 'unsafe-eval') that probe is a reported violation. The app's parsing is small, so zod's
 * interpreted path costs nothing a user would notice. Imported first by main.tsx, before any
 * module builds a schema; vite.config.ts keeps it although it exports nothing.
 *
 * zod keeps its configuration on `globalThis.__zod_globalConfig` (shared by every copy of zod on
 * a page) and reads it from there when it loads; setting it there, rather than calling
 * `z.config`, keeps zod itself out of the entry chunk: no screen before an interview uses it.
 * zod-without-eval.test.ts proves zod picks it up.
 */
declare global {
  var __zod_globalConfig: { jitless?: boolean } | undefined;
}

globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig ?? {}, { jitless: true });

export {};
