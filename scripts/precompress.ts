/**
 * Brotli and gzip copies of the built text files (`x.js` → `x.js.br`, `x.js.gz`), made once at
 * build time at the highest levels, so the server sends them without compressing per request
 * (@fastify/static `preCompressed`). The service worker's precache crosses the accommodation
 * sites' mobile connections: about 2.5 MB raw.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Logger, Plugin } from 'vite';

/** Text formats; woff2 and png are compressed already (woff2 is brotli inside). */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|xml|ttf|otf|woff)$/;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

export interface PrecompressSummary {
  files: number;
  rawBytes: number;
  brotliBytes: number;
  gzipBytes: number;
}

/** Writes `.br` and `.gz` beside every compressible file under `dir` where they come out smaller. */
export function precompressDirectory(dir: string): PrecompressSummary {
  const summary: PrecompressSummary = { files: 0, rawBytes: 0, brotliBytes: 0, gzipBytes: 0 };
  for (const file of filesUnder(dir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const raw = fs.readFileSync(file);
    const brotli = zlib.brotliCompressSync(raw, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    });
    const gzip = zlib.gzipSync(raw, { level: zlib.constants.Z_BEST_COMPRESSION });
    // A copy that saves nothing would only cost the server a lookup and the client a decode.
    if (brotli.length < raw.length) fs.writeFileSync(`${file}.br`, brotli);
    if (gzip.length < raw.length) fs.writeFileSync(`${file}.gz`, gzip);
    summary.files += 1;
    summary.rawBytes += raw.length;
    summary.brotliBytes += Math.min(brotli.length, raw.length);
    summary.gzipBytes += Math.min(gzip.length, raw.length);
  }
  return summary;
}

/** Vite plugin: precompresses the output after everything else (the service worker included) is written. */
export function precompress(): Plugin {
  let outDir = 'dist';
  let logger: Logger | undefined;
  return {
    name: 'lotse-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      logger = config.logger;
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const { files, rawBytes, brotliBytes, gzipBytes } = precompressDirectory(outDir);
        const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
        logger?.info(`precompressed ${files} files: ${kb(rawBytes)} → ${kb(brotliBytes)} brotli, ${kb(gzipBytes)} gzip`);
      },
    },
  };
}
