/**
 * Autosave: how long from a field change to the IndexedDB commit of the draft, in Chromium.
 *
 * Through the real form UI when the Profilingbogen stage renders inputs: a consented interview
 * is seeded in IndexedDB (as e2e/pages/profilingbogen.ts does), a text field is typed into, and
 * the commit is caught in the page by a hook on IndexedDB itself (the `complete` event of the
 * transaction that puts the record holding the typed value) — no polling, no fixed waits.
 * Also, always: `saveDraft` from src/data called in a harness page (the data layer alone).
 * Baseline: a raw IndexedDB `put` of the same record bytes (and its index row) in the same page.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { Benchmark, BenchContext } from '../lib/context';
import { launchChromium, tabletContext } from '../lib/browser';
import { consentedDraft, passphraseIfAsked, putRecords } from '../lib/app-seed';
import { answersFor, applicantFor, consentFor, loadPublishedContent } from '../lib/interviews';
import { installPageMarks, markOf } from '../lib/page-marks';
import type { Figure } from '../lib/report';
import { startLotseServer } from '../lib/servers';
import { percentile, median } from '../lib/stats';
import { noticeRef } from '../../src/core/consent';
import type { AutosaveSample, HarnessSeed } from '../pages/autosave-harness/harness';

/** The text field typed into (section "interview", first on screen). */
const FIELD = 'site';

interface AutosaveMarks {
  marker: string | null;
  field: string;
  inputAt: number;
  transactionAt: number;
  commitAt: number;
  /** What happened in the save transaction and in the raw put's, ms after each was created (`TraceEvent`). */
  trace: { lotse: TraceEvent[]; raw: TraceEvent[] };
}

/**
 * One step of a traced transaction: a request issued (`put records`), its answer (`… ok`), a
 * `commit()` call, the start of the `complete` event's dispatch (`complete`, before any listener
 * of the app's), and the moment the bench's own listener ran (`complete seen`).
 */
interface TraceEvent {
  at: number;
  what: string;
}

declare global {
  interface Window {
    __benchAutosave?: AutosaveMarks;
  }
}

/** Runs in the page before its scripts: notes the input event, and the commit of the record that holds the marker. */
function hookIndexedDb(field: string): void {
  const marks: AutosaveMarks = { marker: null, field, inputAt: 0, transactionAt: 0, commitAt: 0, trace: { lotse: [], raw: [] } };
  window.__benchAutosave = marks;
  document.addEventListener('input', () => {
    if (marks.marker && marks.inputAt === 0) marks.inputAt = performance.now();
  }, true);
  // The traced transactions: the save's (the one `transactionAt` times) and the raw put's.
  const traced = new Map<IDBTransaction, { start: number; events: TraceEvent[] }>();
  const note = (transaction: IDBTransaction, what: string) => {
    const entry = traced.get(transaction);
    if (entry) entry.events.push({ at: performance.now() - entry.start, what });
  };
  const trace = (transaction: IDBTransaction, start: number, events: TraceEvent[], stores: string[]) => {
    events.length = 0;
    traced.set(transaction, { start, events });
    note(transaction, `create [${stores.join(',')}]`);
    // Capture on the database runs before any listener on the transaction (the app's included).
    transaction.db.addEventListener('complete', (event) => {
      if (event.target === transaction) note(transaction, 'complete');
    }, { capture: true, once: true });
    transaction.addEventListener('complete', () => {
      note(transaction, 'complete seen');
      // Kept until the listeners after this one (the app's, the commit's mark) have run.
      setTimeout(() => traced.delete(transaction), 0);
    });
    transaction.addEventListener('abort', () => {
      note(transaction, 'abort');
      traced.delete(transaction);
    });
  };
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const [stores, mode] = args;
    const names = typeof stores === 'string' ? [stores] : [...stores];
    const start = performance.now();
    const created = transaction.apply(this, args);
    if (marks.inputAt > 0 && marks.transactionAt === 0 && mode === 'readwrite' && names.includes('records')) {
      marks.transactionAt = start;
      trace(created, start, marks.trace.lotse, names);
    } else if (this.name === 'bench-raw-autosave' && mode === 'readwrite') {
      trace(created, start, marks.trace.raw, names);
    }
    return created;
  } as IDBDatabase['transaction'];
  // The app's own handler of the event (Dexie's `oncomplete`): how long it runs before the listeners after it.
  const oncomplete = Object.getOwnPropertyDescriptor(IDBTransaction.prototype, 'oncomplete')!;
  Object.defineProperty(IDBTransaction.prototype, 'oncomplete', {
    ...oncomplete,
    set(this: IDBTransaction, handler: ((this: IDBTransaction, event: Event) => unknown) | null) {
      const wrapped = handler && function (this: IDBTransaction, event: Event) {
        note(this, 'oncomplete');
        try {
          return handler.call(this, event);
        } finally {
          note(this, 'oncomplete done');
        }
      };
      oncomplete.set!.call(this, wrapped);
    },
  });
  const commit = IDBTransaction.prototype.commit;
  IDBTransaction.prototype.commit = function (this: IDBTransaction) {
    note(this, 'commit()');
    return commit.call(this);
  };
  for (const method of ['get', 'getAll', 'getAllKeys', 'count', 'openCursor', 'openKeyCursor', 'put', 'add', 'delete'] as const) {
    for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype] as unknown as Record<string, unknown>[]) {
      const original = proto[method] as ((...args: unknown[]) => IDBRequest) | undefined;
      if (!original) continue;
      proto[method] = function (this: IDBObjectStore | IDBIndex, ...args: unknown[]) {
        const store = this instanceof IDBIndex ? `${this.objectStore.name}.${this.name}` : this.name;
        const transaction = this instanceof IDBIndex ? this.objectStore.transaction : this.transaction;
        const request = original.apply(this, args);
        if (traced.has(transaction)) {
          note(transaction, `${method} ${store}`);
          request.addEventListener('success', () => note(transaction, `${method} ${store} ok`));
        }
        return request;
      };
    }
  }
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    const answers = (value as { answers?: Record<string, unknown> } | null)?.answers;
    // Since issue #12 the record is sealed: the typed value cannot be seen in the put; the first
    // put of a sealed record after the input is the autosave's.
    const sealed = (value as { sealed?: unknown } | null)?.sealed instanceof Uint8Array;
    const holdsMarker = typeof answers?.[marks.field] === 'string' && (answers[marks.field] as string).includes(marks.marker ?? '\u0000');
    if (marks.marker && this.name === 'records' && (holdsMarker || (sealed && marks.inputAt > 0))) {
      this.transaction.addEventListener('complete', () => {
        if (marks.commitAt === 0) marks.commitAt = performance.now();
        note(this.transaction, 'commit measured');
      });
    }
    return put.call(this, value, key);
  } as IDBObjectStore['put'];
}

/**
 * A raw put of the record in clear (and an index row) into a database of its own, in the same
 * page: the save as it was before issue #12 — the whole record, consent evidence included, as the
 * app held it, with the value just typed. (Until 2026-12-06 this put the stored row, i.e. the
 * sealed blob; since the consent evidence is sealed apart, the stored row is a few KB and would no
 * longer be "today's save".)
 */
async function rawPutOfClear(page: Page, record: Record<string, unknown>): Promise<{ ms: number; bytes: number }> {
  return page.evaluate(async (record) => {
    const id = record.recordId as string;
    const open = (name: string, upgrade?: (db: IDBDatabase) => void) =>
      new Promise<IDBDatabase>((resolve, reject) => {
        const request = upgrade ? indexedDB.open(name, 1) : indexedDB.open(name);
        if (upgrade) request.onupgradeneeded = () => upgrade(request.result);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const raw = await open('bench-raw-autosave', (db) => {
      db.createObjectStore('records', { keyPath: 'recordId' });
      db.createObjectStore('recordIndex', { keyPath: 'recordId' });
    });
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const transaction = raw.transaction(['records', 'recordIndex'], 'readwrite');
      transaction.objectStore('records').put(record);
      transaction.objectStore('recordIndex').put({ recordId: id, status: record.status, displayName: record.displayName, searchText: '', applicantLang: null, createdAt: record.createdAt, updatedAt: record.updatedAt });
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
    });
    const ms = performance.now() - start;
    raw.close();
    return { ms, bytes: JSON.stringify(record).length };
  }, record);
}

interface UiSamples {
  changeToCommit: number[];
  transactionToCommit: number[];
  raw: number[];
  bytes: number;
  traces: { lotse: TraceEvent[]; raw: TraceEvent[] }[];
}

/** Opens a consented interview in the real form stage; null when the stage renders no text field for FIELD. */
async function openFormStage(page: Page): Promise<{ recordId: string; record: Record<string, unknown> } | null> {
  await page.goto('/');
  await passphraseIfAsked(page);
  await markOf(page, 'homeReadyAt');
  const draft = consentedDraft(loadPublishedContent());
  await putRecords(page, [draft]);
  await page.goto(`/interviews/${draft.recordId}`);
  await passphraseIfAsked(page);
  await page.getByTestId('form-stage').waitFor({ state: 'visible', timeout: 60_000 });
  const field = page.getByTestId(`question-${FIELD}`).getByRole('textbox');
  try {
    await field.waitFor({ state: 'visible', timeout: 10_000 });
  } catch {
    return null;
  }
  return { recordId: draft.recordId, record: draft as unknown as Record<string, unknown> };
}

async function throughTheForm(context: BrowserContext, rounds: number): Promise<UiSamples | null> {
  await installPageMarks(context);
  await context.addInitScript(hookIndexedDb, FIELD);
  const page = await context.newPage();
  const opened = await openFormStage(page);
  if (!opened) return null;
  const field = page.getByTestId(`question-${FIELD}`).getByRole('textbox');
  const samples: UiSamples = { changeToCommit: [], transactionToCommit: [], raw: [], bytes: 0, traces: [] };
  // One change first (not counted): the first save also warms up the code paths.
  for (let round = -1; round < rounds; round++) {
    const marker = `B${round + 1}x${Math.random().toString(36).slice(2, 6)}`;
    await page.evaluate((value) => Object.assign(window.__benchAutosave!, { marker: value, inputAt: 0, transactionAt: 0, commitAt: 0 }), marker);
    await field.fill(`Gemeinschaftsunterkunft ${marker}`);
    await page.waitForFunction(() => (window.__benchAutosave?.commitAt ?? 0) > 0, undefined, { timeout: 30_000 });
    const marks = (await page.evaluate(() => window.__benchAutosave))!;
    const typed = { ...opened.record, answers: { ...(opened.record.answers as Record<string, unknown>), [FIELD]: `Gemeinschaftsunterkunft ${marker}` }, updatedAt: new Date().toISOString() };
    const raw = await rawPutOfClear(page, typed);
    const rawTrace = await page.evaluate(() => [...window.__benchAutosave!.trace.raw]);
    if (process.env.BENCH_AUTOSAVE_TRACE) {
      const show = (events: TraceEvent[]) => events.map((event) => `${event.at.toFixed(2)} ${event.what}`).join(' | ');
      process.stderr.write(`autosave trace ${round}: lotse ${show(marks.trace.lotse)}\n  raw ${show(rawTrace)}\n`);
    }
    if (round < 0) continue;
    samples.traces.push({ lotse: marks.trace.lotse, raw: rawTrace });
    samples.changeToCommit.push(marks.commitAt - marks.inputAt);
    if (marks.transactionAt > 0) samples.transactionToCommit.push(marks.commitAt - marks.transactionAt);
    samples.raw.push(raw.ms);
    samples.bytes = raw.bytes;
  }
  await page.close();
  return samples;
}

/**
 * Where a traced transaction's time went, p50 over the rounds, ms after its creation: the last
 * request issued, the last request answered, the `complete` event dispatched, the bench's
 * listener of it run.
 */
function traceSummary(traces: TraceEvent[][]): string {
  const at = (events: TraceEvent[], test: (what: string) => boolean, last = true) => {
    const found = events.filter((event) => test(event.what));
    return (last ? found.at(-1) : found[0])?.at;
  };
  const phase = (pick: (events: TraceEvent[]) => number | undefined) => {
    const values = traces.map(pick).filter((value): value is number => value !== undefined);
    return values.length > 0 ? median(values).toFixed(2) : '–';
  };
  const isRequest = (what: string) => !what.endsWith(' ok') && /^(get|getAll|getAllKeys|count|openCursor|openKeyCursor|put|add|delete) /.test(what);
  const requests = traces[0]?.filter((event) => isRequest(event.what)).map((event) => event.what).join(', ') ?? '';
  return (
    `requests (${requests}) issued by ${phase((events) => at(events, isRequest))}, first at ${phase((events) => at(events, isRequest, false))}, ` +
    `answered by ${phase((events) => at(events, (what) => what.endsWith(' ok')))}, complete dispatched at ${phase((events) => at(events, (what) => what === 'complete'))}, ` +
    `seen by the bench at ${phase((events) => at(events, (what) => what === 'complete seen'))}`
  );
}

async function throughSaveDraft(context: BrowserContext, harnessUrl: string, rounds: number): Promise<AutosaveSample[]> {
  const content = loadPublishedContent();
  const recordId = crypto.randomUUID();
  const { consent, notice } = consentFor(content, 3, recordId, 'given', new Date());
  const applicant = applicantFor(3);
  const seed: HarnessSeed = {
    consent,
    noticeRef: noticeRef(notice),
    formRef: content.formRef,
    answers: answersFor(3, recordId, applicant, 'Ines Interviewerin', 'Gemeinschaftsunterkunft Peine', new Date()),
    displayName: `${applicant.givenNames} ${applicant.surname}`,
  };
  const page = await context.newPage();
  await page.goto(harnessUrl);
  await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready');
  await page.evaluate((input) => window.autosaveHarness.prepare(input), seed);
  const samples: AutosaveSample[] = [];
  for (let round = -1; round < rounds; round++) {
    const sample = await page.evaluate((n) => window.autosaveHarness.change(n), round + 1);
    if (round >= 0) samples.push(sample);
  }
  await page.evaluate(() => window.autosaveHarness.cleanUp());
  await page.close();
  return samples;
}

function latencyFigures(name: string, lotse: number[], raw: number[], note: string): Figure[] {
  return [50, 95].map((p) => ({
    benchmark: 'autosave',
    name: `${name} p${p}`,
    unit: 'ms' as const,
    lotse: percentile(lotse, p),
    baseline: percentile(raw, p),
    baselineLabel: 'raw IDB put, record in clear',
    goal: null,
    pass: null,
    samples: { lotse, baseline: raw },
    note,
  }));
}

export const autosaveBenchmark: Benchmark = {
  name: 'autosave',
  title: 'Autosave (field change → IndexedDB commit)',
  async run(context: BenchContext) {
    const { appDir, harnessDir } = await context.builds();
    const rounds = context.quick ? 15 : 40;
    const figures: Figure[] = [];
    const notes: string[] = [];
    const server = await startLotseServer('sqlite', { label: 'autosave', staticDir: appDir });
    const harnessServer = await startLotseServer('sqlite', { label: 'autosave-harness', staticDir: harnessDir });
    const { browser, close } = await launchChromium(context.chromiumPath);
    try {
      const uiContext = await tabletContext(browser, server.url);
      const ui = await throughTheForm(uiContext, rounds);
      await uiContext.close();
      if (ui) {
        figures.push(...latencyFigures('autosave via the form UI: change → commit', ui.changeToCommit, ui.raw, `${rounds} changes of "${FIELD}"`));
        // Issue #12's goal is for this one: the save transaction within 2× of the clear put (p95).
        const transaction = latencyFigures('autosave via the form UI: save transaction → commit', ui.transactionToCommit, ui.raw, 'without the autosave delay');
        figures.push(...transaction.map((figure) => ({ ...figure, goal: '≤ 2× raw', pass: figure.lotse !== null && figure.baseline !== null && figure.lotse <= 2 * figure.baseline })));
        notes.push(
          `Form UI: typing into "${FIELD}" of a consented interview, ${rounds} changes, record ${(ui.bytes / 1024).toFixed(1)} KB. ` +
            `Change → commit p50 ${median(ui.changeToCommit).toFixed(0)} ms, of which the save transaction itself (first read-write transaction on "records" → commit) p50 ${median(ui.transactionToCommit).toFixed(1)} ms, p95 ${percentile(ui.transactionToCommit, 95).toFixed(1)} ms; ` +
            'the rest is the form\'s deliberate autosave delay (AUTOSAVE_DELAY_MS in src/app/interview/form/use-autosave.ts) and rendering.',
        );
        notes.push(
          `Form UI, where the save transaction's time goes (p50, ms after the transaction was created): ${traceSummary(ui.traces.map((trace) => trace.lotse))}. ` +
            `Raw put: ${traceSummary(ui.traces.map((trace) => trace.raw))}.`,
        );
      } else {
        notes.push(`The form stage renders no text field "${FIELD}" yet (scaffold): only the data layer (saveDraft in a harness page) was measured.`);
      }

      const harnessContext = await tabletContext(browser, harnessServer.url);
      const direct = await throughSaveDraft(harnessContext, '/', rounds);
      await harnessContext.close();
      const sealedP95 = percentile(direct.map((sample) => sample.lotseMs), 95);
      const clearP95 = percentile(direct.map((sample) => sample.rawMs), 95);
      notes.push(`Encrypted save vs today's clear put, p95: ${sealedP95.toFixed(1)} ms vs ${clearP95.toFixed(1)} ms = ${(sealedP95 / clearP95).toFixed(2)}× (goal ≤ 2×: ${sealedP95 <= 2 * clearP95 ? 'met' : 'MISSED'}).`);
      figures.push(
        ...latencyFigures(
          'saveDraft (src/data, sealed) in the page',
          direct.map((sample) => sample.lotseMs),
          direct.map((sample) => sample.rawMs),
          `${rounds} calls, record ${((direct[0]?.bytes ?? 0) / 1024).toFixed(1)} KB`,
        ).map((figure) => (figure.name.endsWith('p95') ? { ...figure, goal: '≤ 2× raw', pass: figure.lotse !== null && figure.baseline !== null && figure.lotse <= 2 * figure.baseline } : figure)),
      );
      notes.push(
        `saveDraft in a harness page (bench/pages/autosave-harness): read and open the sealed record, check consent, seal it again (and its index shard when the list's view changed), write in one IndexedDB transaction that checks the row did not change; ${rounds} calls, each alternating with a raw put of the same record in clear — today's save without encryption (issue #12 goal: within 2×).`,
      );
      return { figures, notes };
    } finally {
      await close();
      await harnessServer.stop();
      await server.stop();
    }
  },
};
