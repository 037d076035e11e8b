/**
 * Bundle: gzip bytes of the JavaScript and CSS it takes to show the home screen, and to open
 * an interview. Read two ways and compared: statically from the built index.html (entry
 * script, modulepreloads, stylesheets) and in Chromium, summing the JS/CSS the page actually
 * fetched before the home screen was interactive (that adds the lazily loaded German UI
 * locale chunks), then what a navigation to an interview adds.
 * Baseline: a minimal React 19 "hello" page built with the same Vite in the same run.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from '@playwright/test';
import interviewTexts from '../../locales/de/interview.json' with { type: 'json' };
import type { Benchmark, BenchContext } from '../lib/context';
import { launchChromium, tabletContext } from '../lib/browser';
import { consentedDraft, passphraseIfAsked, putRecords } from '../lib/app-seed';
import { loadPublishedContent } from '../lib/interviews';
import { fetchedResources, installPageMarks, markOf, type FetchedResource } from '../lib/page-marks';
import type { Figure } from '../lib/report';
import { repoRoot } from '../lib/paths';
import { startLotseServer } from '../lib/servers';
import { charactersByOrigin, originOfSource } from '../lib/sourcemap';
import { median } from '../lib/stats';

const HOME_BUDGET_KB = 150;
/** Issue #15: JS + CSS to reach the form ≤ 200 KB (under 0.4× Enketo's 563 KB for the same step). */
const FORM_BUDGET_KB = 200;
const HOME_LOADS = 5;

const gzipCache = new Map<string, number>();
/** gzip -9 bytes of a built file. */
function gzipBytes(file: string): number {
  let size = gzipCache.get(file);
  if (size === undefined) {
    size = zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
    gzipCache.set(file, size);
  }
  return size;
}

const isCode = (file: string) => /\.(m?js|css)$/.test(file);
const kb = (bytes: number) => bytes / 1024;

/** Entry script, modulepreloads and stylesheets named by a built index.html. */
export function staticEntryFiles(dir: string): string[] {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const files = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if (!url || /^https?:/.test(url)) continue;
    const isEntry = tag.startsWith('<script') && /type="module"/.test(tag);
    const isPreload = /rel="modulepreload"/.test(tag);
    const isStyle = /rel="stylesheet"/.test(tag);
    if (isEntry || isPreload || isStyle) files.add(url.replace(/^\.?\//, ''));
  }
  return [...files];
}

function sumGzip(dir: string, files: Iterable<string>): number {
  let total = 0;
  for (const file of files) total += gzipBytes(path.join(dir, file));
  return total;
}

/** Build files (relative paths) among the fetched resources, in the order fetched. */
function codeFilesOf(dir: string, resources: FetchedResource[]): string[] {
  const files: string[] = [];
  for (const resource of resources) {
    const file = resource.path.replace(/^\//, '');
    if (isCode(file) && fs.existsSync(path.join(dir, file)) && !files.includes(file)) files.push(file);
  }
  return files;
}

/** What a chunk is mostly made of, by its source map (e.g. "locales", "src/data", "zod"). */
function mainOrigin(dir: string, file: string): string {
  const mapFile = path.join(dir, `${file}.map`);
  if (!fs.existsSync(mapFile)) return '?';
  const map = JSON.parse(fs.readFileSync(mapFile, 'utf8')) as { sources: string[]; mappings: string };
  const mapped = charactersByOrigin(fs.readFileSync(path.join(dir, file), 'utf8'), map).filter(([origin]) => origin !== '(unmapped)');
  if (mapped[0]) return mapped[0][0];
  if (map.sources[0]) return originOfSource(map.sources[0]);
  // JSON modules (UI locales, content) come with an empty map: known by their file name.
  const name = path.basename(file).replace(/-[\w-]{8}\.js$/, '');
  if (fs.readdirSync(path.join(repoRoot, 'locales')).some((lang) => fs.existsSync(path.join(repoRoot, 'locales', lang, `${name}.json`)))) return 'locales';
  if (fs.existsSync(path.join(repoRoot, 'content/forms', `${name}.json`)) || fs.existsSync(path.join(repoRoot, 'content/notices/notice@1', `${name}.json`))) return 'content';
  return '?';
}

/** "locales: a.js, b.js (7.9 KB); src/data: c.js (3.1 KB)" */
function describeByOrigin(dir: string, files: string[]): string {
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const origin = mainOrigin(dir, file);
    groups.set(origin, [...(groups.get(origin) ?? []), file]);
  }
  return [...groups]
    .sort((a, b) => sumGzip(dir, b[1]) - sumGzip(dir, a[1]))
    .map(([origin, group]) => `${origin}: ${group.map((file) => path.basename(file)).join(', ')} (${kb(sumGzip(dir, group)).toFixed(1)} KB)`)
    .join('; ');
}

function describeFiles(dir: string, files: string[], limit = 6): string {
  return files
    .map((file) => [path.basename(file), gzipBytes(path.join(dir, file))] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, bytes]) => `${name} ${kb(bytes).toFixed(1)} KB`)
    .join(', ');
}

/** Navigates inside the single-page app (the router listens to popstate), without a reload. */
async function navigateInApp(page: Page, to: string): Promise<void> {
  await page.evaluate((target) => {
    window.history.pushState(null, '', target);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, to);
}

export const bundleBenchmark: Benchmark = {
  name: 'bundle',
  title: 'Bundle (gzip JS + CSS)',
  async run(context: BenchContext) {
    const { appDir, helloDir } = await context.builds();
    const figures: Figure[] = [];
    const notes: string[] = [];
    const helloFiles = staticEntryFiles(helloDir);
    const hello = sumGzip(helloDir, helloFiles);
    const staticFiles = staticEntryFiles(appDir);
    const staticBytes = sumGzip(appDir, staticFiles);

    const server = await startLotseServer('sqlite', { label: 'bundle', staticDir: appDir });
    const { browser, close } = await launchChromium(context.chromiumPath);
    try {
      // Home screen: what the page fetched before it was interactive, over several fresh loads —
      // a lazy import started right after the first render can land on either side of the mark.
      const loads: { files: string[]; bytes: number; fontBytes: number }[] = [];
      for (let load = 0; load < HOME_LOADS; load++) {
        const loadContext = await tabletContext(browser, server.url);
        await installPageMarks(loadContext);
        // Issue #12: a tablet's first open sets its passphrase; every later start unlocks first.
        // Counted: a later start, unlock screen and home screen, as an interviewer opens the app.
        const setUpPage = await loadContext.newPage();
        await setUpPage.goto('/');
        await passphraseIfAsked(setUpPage);
        await markOf(setUpPage, 'homeReadyAt');
        await setUpPage.close();
        const loadPage = await loadContext.newPage();
        await loadPage.goto('/');
        await passphraseIfAsked(loadPage);
        const readyAt = await markOf(loadPage, 'homeReadyAt');
        const before = (await fetchedResources(loadPage)).filter((resource) => resource.startTime <= readyAt);
        const files = codeFilesOf(appDir, before);
        const fontBytes = before.filter((resource) => /\.woff2?$/.test(resource.path)).reduce((sum, resource) => sum + fs.statSync(path.join(appDir, resource.path)).size, 0);
        loads.push({ files, bytes: sumGzip(appDir, files), fontBytes });
        await loadContext.close();
      }
      const homeBytes = median(loads.map((load) => load.bytes));
      const always = loads[0]!.files.filter((file) => loads.every((load) => load.files.includes(file)));
      const sometimes = [...new Set(loads.flatMap((load) => load.files))].filter((file) => !always.includes(file));
      figures.push({
        benchmark: 'bundle',
        name: 'home screen: JS + CSS fetched (gzip)',
        unit: 'KB',
        lotse: kb(homeBytes),
        baseline: kb(hello),
        baselineLabel: 'React 19 hello page',
        goal: `≤ ${HOME_BUDGET_KB} KB`,
        pass: kb(homeBytes) <= HOME_BUDGET_KB,
        samples: { lotse: loads.map((load) => kb(load.bytes)), baseline: [kb(hello)] },
        note: `median of ${HOME_LOADS} loads; index.html alone names ${kb(staticBytes).toFixed(1)} KB`,
      });
      notes.push(
        `Home screen: index.html names ${staticFiles.length} files (${kb(staticBytes).toFixed(1)} KB gzip). In ${HOME_LOADS} fresh loads Chromium fetched ${loads.map((load) => `${kb(load.bytes).toFixed(1)} KB`).join(' / ')} of JS/CSS before the home screen was interactive. ` +
          `Lazily imported chunks fetched every time: ${describeByOrigin(appDir, always.filter((file) => !staticFiles.includes(file))) || 'none'}` +
          (sometimes.length > 0
            ? `; only in some loads (requested right around the first render, so they race it): ${describeByOrigin(appDir, sometimes)}.`
            : '.') +
          ` Fonts fetched by then: ${kb(median(loads.map((load) => load.fontBytes))).toFixed(0)} KB (woff2, not counted).`,
      );
      const homeContext = await tabletContext(browser, server.url);
      await installPageMarks(homeContext);
      const setUpPage = await homeContext.newPage();
      await setUpPage.goto('/');
      await passphraseIfAsked(setUpPage);
      await markOf(setUpPage, 'homeReadyAt');
      await setUpPage.close();
      const page = await homeContext.newPage();
      await page.goto('/');
      await passphraseIfAsked(page);
      const homeReadyAt = await markOf(page, 'homeReadyAt');
      const homeFiles = codeFilesOf(appDir, (await fetchedResources(page)).filter((resource) => resource.startTime <= homeReadyAt));

      // Where the home screen's bytes come from: the entry chunk's source map.
      const entry = staticFiles.find((file) => file.endsWith('.js'));
      if (entry && fs.existsSync(path.join(appDir, `${entry}.map`))) {
        const code = fs.readFileSync(path.join(appDir, entry), 'utf8');
        const map = JSON.parse(fs.readFileSync(path.join(appDir, `${entry}.map`), 'utf8')) as { sources: string[]; mappings: string };
        const origins = charactersByOrigin(code, map);
        const total = origins.reduce((sum, [, characters]) => sum + characters, 0);
        const entryGzip = gzipBytes(path.join(appDir, entry));
        notes.push(
          `The entry chunk ${path.basename(entry)} (${kb(fs.statSync(path.join(appDir, entry)).size).toFixed(0)} KB minified, ${kb(entryGzip).toFixed(1)} KB gzip) by source (share of its minified code, ≈ KB gzip at that share): ` +
            origins.slice(0, 12).map(([origin, characters]) => `${origin} ${((characters / total) * 100).toFixed(0)}% (≈${kb((characters / total) * entryGzip).toFixed(0)})`).join(', '),
        );
      }

      // Opening an interview: "Neues Interview" → name → start → the consent stage. Counted: every
      // JS/CSS file the page has fetched from its load until the stage is shown.
      await page.getByRole('link', { name: 'Neues Interview' }).click();
      await page.getByLabel(interviewTexts.new.interviewerName).fill('Ines Interviewerin');
      await page.getByRole('button', { name: interviewTexts.new.start }).click();
      await page.getByTestId('consent-stage').waitFor({ state: 'visible', timeout: 60_000 });
      const consentTotal = codeFilesOf(appDir, await fetchedResources(page));
      const consentAdded = consentTotal.filter((file) => !homeFiles.includes(file));
      figures.push({
        benchmark: 'bundle',
        name: 'open an interview (consent stage): JS + CSS (gzip)',
        unit: 'KB',
        lotse: kb(sumGzip(appDir, consentTotal)),
        baseline: kb(hello),
        baselineLabel: 'React 19 hello page',
        goal: null,
        pass: null,
        note: `home + ${kb(sumGzip(appDir, consentAdded)).toFixed(1)} KB`,
      });
      notes.push(`Opening an interview (consent stage) brings the total to ${kb(sumGzip(appDir, consentTotal)).toFixed(1)} KB: ${consentAdded.length} files more than that load's home screen; largest: ${describeFiles(appDir, consentAdded)}.`);

      // Reaching the form: a consented interview loaded straight from its address (a reload, or the
      // tablet reopening the app on it) on a tablet that already holds the form in IndexedDB (stored
      // on an earlier open). Counted: every JS/CSS file that page fetched until a form section shows
      // an input the interviewer can type in (not disabled, not read-only).
      const formContext = await tabletContext(browser, server.url);
      await installPageMarks(formContext);
      const seedPage = await formContext.newPage();
      await seedPage.goto('/');
      await passphraseIfAsked(seedPage);
      await markOf(seedPage, 'homeReadyAt');
      const draft = consentedDraft(loadPublishedContent());
      await putRecords(seedPage, [draft]);
      await navigateInApp(seedPage, `/interviews/${draft.recordId}`);
      await markOf(seedPage, 'formReadyAt');
      await seedPage.close();
      const formPage = await formContext.newPage();
      await formPage.goto(`/interviews/${draft.recordId}`);
      await passphraseIfAsked(formPage);
      const formReadyAt = await markOf(formPage, 'formReadyAt');
      const formFiles = codeFilesOf(appDir, (await fetchedResources(formPage)).filter((resource) => resource.startTime <= formReadyAt));
      const formBytes = sumGzip(appDir, formFiles);
      const content = formFiles.filter((file) => mainOrigin(appDir, file) === 'content');
      figures.push({
        benchmark: 'bundle',
        name: 'reach the form (consented interview loaded, form stored): JS + CSS (gzip)',
        unit: 'KB',
        lotse: kb(formBytes),
        baseline: kb(hello),
        baselineLabel: 'React 19 hello page',
        goal: `≤ ${FORM_BUDGET_KB} KB`,
        pass: kb(formBytes) <= FORM_BUDGET_KB,
        note: `${formFiles.length} files`,
      });
      notes.push(
        `Reaching the form (/interviews/<id> loaded in a new page of a tablet that stored the form on an earlier open): ${kb(formBytes).toFixed(1)} KB in ${formFiles.length} files; by source: ${describeByOrigin(appDir, formFiles)}. ` +
          `Bundled content chunks among them: ${content.length === 0 ? 'none' : describeFiles(appDir, content)}.`,
      );
      await homeContext.close();
      await formContext.close();
    } finally {
      await close();
      await server.stop();
    }
    notes.push(`Baseline: React 19 hello page, ${helloFiles.length} file(s), ${kb(hello).toFixed(1)} KB gzip (built with the same Vite, React plugin and target).`);
    return { figures, notes };
  },
};
