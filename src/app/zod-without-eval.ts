/**
 * zod compiles fast object parsers with `new Function`, and probes whether it may by calling it
 * once when a schema is built. Under the server's Content-Security-Policy (`script-src 'self'`,
 * no 'unsafe-eval') that probe is a reported violation. The app's parsing is small, so zod's
 * interpreted path costs nothing a user would notice. Imported first by main.tsx, before any
 * module builds a schema; vite.config.ts keeps it although it exports nothing.
 */
import { z } from 'zod';

z.config({ jitless: true });
