// The PWA is configured here and only here: manifest, service worker, precache list.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import pkg from './package.json' with { type: 'json' };
import { precompress } from './scripts/precompress';

const apiTarget = process.env.LOTSE_API ?? 'http://localhost:8080';

/**
 * The fonts' @font-face rules (@fontsource) name each file twice, as woff2 and as woff. Every
 * browser that runs this app (ES2022, `build.target`) reads woff2, which the service worker
 * precaches; the woff fallback is never fetched but cost every start 0.3 KB of CSS (issue #15).
 */
const woff2Only = {
  postcssPlugin: 'lotse-woff2-only',
  AtRule: {
    'font-face': (rule: { walkDecls: (prop: string, visit: (decl: { value: string }) => void) => void }) => {
      rule.walkDecls('src', (decl) => {
        const sources = decl.value.split(/,\s*(?=url\()/);
        const woff2 = sources.filter((source) => !/format\(\s*['"]woff['"]\s*\)/.test(source));
        if (woff2.length > 0) decl.value = woff2.join(', ');
      });
    },
  },
};

/**
 * The subsets of each shipped font that the app's languages need (shared/domain/languages.md):
 * Latin with its extensions (German, English, Turkish, Kurmanji, Somali, Albanian, French; the
 * Vietnamese subset for the combining accents of names typed decomposed), Cyrillic with its
 * extension (Russian, Chechen's palochka), Arabic script (Arabic, Farsi/Dari, Pashto, Sorani) and
 * Ethiopic (Tigrinya). @fontsource ships more per family — Greek, Devanagari, and in the Arabic and
 * Ethiopic fonts Latin (drawn by Noto Sans, next in every font stack, styles.css), mathematical
 * and symbol subsets: their @font-face rules were 1.3 KB of the CSS every start loads and their
 * files never fetched for our texts (issue #15). A family not named here keeps all its subsets.
 */
const fontSubsets: Record<string, { file: string; keep: readonly string[] }> = {
  'Noto Sans': { file: 'noto-sans', keep: ['latin', 'latin-ext', 'vietnamese', 'cyrillic', 'cyrillic-ext'] },
  'Noto Sans Arabic': { file: 'noto-sans-arabic', keep: ['arabic'] },
  'Noto Sans Ethiopic Variable': { file: 'noto-sans-ethiopic', keep: ['ethiopic'] },
};
// `Once`, not an at-rule visitor: Vite replaces the url()s by asset placeholders before the visitors run.
const scriptsOnly = {
  postcssPlugin: 'lotse-font-subsets',
  Once(root: { walkAtRules: (name: string, visit: (rule: FontFaceRule) => void) => void }) {
    root.walkAtRules('font-face', (rule) => {
      let family = '';
      let file = '';
      rule.walkDecls('font-family', (decl) => void (family = decl.value.replace(/^['"]|['"]$/g, '')));
      rule.walkDecls('src', (decl) => void (file = /url\(['"]?(?:[^)'"]*\/)?([^/)'"]+)['"]?\)/.exec(decl.value)?.[1] ?? ''));
      const subsets = fontSubsets[family];
      if (!subsets || !file.startsWith(`${subsets.file}-`)) return;
      const subset = file.slice(subsets.file.length + 1).replace(/-(\d+|wght)-(normal|italic)\.woff2?$/, '');
      if (!subsets.keep.includes(subset)) rule.remove();
    });
  },
};
interface FontFaceRule { remove: () => void; walkDecls: (prop: string, visit: (decl: { value: string }) => void) => void }

/**
 * The shell's own font (Noto Sans, Latin, regular and bold) is asked for by index.html itself, so
 * it arrives while the entry chunk loads: the first screen's first layout (the unlock screen's, on
 * every start of a tablet with a passphrase) then lays its text out in it, instead of first in a
 * fallback font looked up on the system and again when the web font arrives (issue #15).
 */
const preloadShellFonts = {
  name: 'lotse-preload-shell-fonts',
  transformIndexHtml: {
    order: 'post' as const,
    handler(_html: string, context: { bundle?: Record<string, unknown> }) {
      if (!context.bundle) return [];
      return Object.keys(context.bundle)
        .filter((file) => /(^|\/)noto-sans-latin-(400|700)-normal-[^/]*\.woff2$/.test(file))
        .sort()
        .map((file) => ({ tag: 'link', attrs: { rel: 'preload', as: 'font', type: 'font/woff2', href: `/${file}`, crossorigin: '' }, injectTo: 'head' as const }));
    },
  },
};

export default defineConfig({
  // LOTSE_BUILD_ID marks a build apart from another of the same version (the update e2e test needs two).
  define: { __APP_VERSION__: JSON.stringify(process.env.LOTSE_BUILD_ID ? `${pkg.version}+${process.env.LOTSE_BUILD_ID}` : pkg.version) },
  css: { postcss: { plugins: [scriptsOnly, woff2Only] } },
  plugins: [
    react(),
    preloadShellFonts,
    VitePWA({
      // 'prompt': a new version waits until the user accepts it, and the app
      // never offers it while an interview is open.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      manifest: {
        id: '/',
        name: 'Lotse – Profiling im Übergangsmanagement',
        short_name: 'Lotse',
        description: 'Einwilligung und Profilingbogen offline erfassen und synchronisieren.',
        lang: 'de',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#1f4e79',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Everything the app needs offline: shell, lazy chunks (screens, locales, content) and fonts.
        globPatterns: ['**/*.{js,css,html,woff2,png,svg,webmanifest}'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: '/index.html',
        // The API must never be answered with the app shell.
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        clientsClaim: false,
        skipWaiting: false,
        // The server never hands out source maps (src/server/README.md, security).
        sourcemap: false,
      },
      devOptions: { enabled: false },
    }),
    precompress(),
  ],
  // The unlock worker (src/data/argon2-worker.ts) is a module worker: it loads hash-wasm's Argon2id
  // as a chunk of its own when it first derives a key.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // No modulepreload polyfill in the entry chunk (≈ 0.3 KB gzip on the way to every screen,
    // issue #15): the tablets' browsers (Chromium; Safari from 17) follow `<link rel=modulepreload>`
    // themselves, and one that does not still loads every module on import, only without the hint.
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        // zod is loaded where artifacts are checked (pull, publish, the coordinator's pages), never
        // on the way to an interview's form (issue #15): a chunk of its own, so that no small module
        // the form needs can share a chunk with it and drag it along.
        manualChunks: (id) => (id.includes('/node_modules/zod/') ? 'zod' : undefined),
      },
      // Our own modules have no import-time side effects (schemas are built, nothing runs),
      // so an entry point that re-exports many concerns costs a screen only what it uses.
      treeshake: {
        moduleSideEffects: (id) => id.includes('/node_modules/') || id.endsWith('.css') || id.endsWith('/src/app/main.tsx') || id.endsWith('/src/app/zod-without-eval.ts'),
      },
    },
    // Written for the benchmark's per-source breakdown and for reading stack traces, but not
    // named in the scripts, and the server refuses every *.map: the source stays ours.
    sourcemap: 'hidden',
    chunkSizeWarningLimit: 2000,
  },
  server: {
    port: 5173,
    proxy: { '/api': apiTarget },
  },
});
