/**
 * What the tablet stored, opened with its passphrase (issue #12): the raw rows are read from the
 * page's IndexedDB as another program would (device-store.ts), and opened here, in Node, with the
 * project's own envelope code and the e2e passphrase — what a person holding the passphrase could
 * read. Specs that check what was stored use this; `readDeviceStores` shows what anyone could.
 */
import type { Page } from '@playwright/test';
import { importDataKey, open, seal, unwrapWithSecret, type DataKey, type EnvelopeContext } from '../../src/core/encryption';
import { isBytesFromPage, readDeviceStores, writeDeviceRows, type BytesFromPage } from './device-store';
import { E2E_PASSPHRASE } from './test';

const keys = new Map<string, Promise<DataKey>>();

const bytesOf = (value: BytesFromPage): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(value.__bytes, 'base64'));
const toPage = (bytes: Uint8Array): BytesFromPage => ({ __bytes: Buffer.from(bytes).toString('base64') });

type Row = Record<string, unknown>;

async function keyOf(meta: Row[], passphrase: string): Promise<DataKey> {
  const wrap = meta.find((row) => row.key === 'secretWrap')?.value;
  if (!wrap) throw new Error('the tablet has no passphrase set');
  const cacheKey = JSON.stringify(wrap) + passphrase;
  let key = keys.get(cacheKey);
  if (!key) {
    key = unwrapWithSecret(wrap, passphrase).then(importDataKey);
    keys.set(cacheKey, key);
  }
  return key;
}

async function opened(key: DataKey, row: Row, context: EnvelopeContext): Promise<Row> {
  if (!isBytesFromPage(row.sealed)) return row;
  const { sealed, ...clear } = row;
  return { ...clear, ...((await open(key, context, bytesOf(sealed))) as Row) };
}

/**
 * A record row opened, with its consent from its `evidence` row where it names one (the app keeps
 * a record's consent apart from it since database version 4, src/data/db.ts): the record as the
 * app reads it.
 */
async function openedRecord(key: DataKey, row: Row, evidenceRows: Row[]): Promise<Row> {
  const { evidence: version, ...record } = await opened(key, row, { store: 'records', recordId: row.recordId as string, revision: row.rev as number });
  if (version === undefined) return record;
  const evidence = evidenceRows.find((candidate) => candidate.recordId === row.recordId && candidate.version === version);
  if (!evidence) throw new Error(`record ${String(row.recordId)} names evidence version ${String(version)}, which is not stored`);
  return { ...record, consent: await open(key, { store: 'evidence', recordId: row.recordId as string, revision: version as number }, bytesOf(evidence.sealed as BytesFromPage)) };
}

/** A record's row as the app writes one with its consent inside its envelope (which it reads as well as one with an evidence row). */
async function sealedRecordRow(key: DataKey, record: Row): Promise<Row> {
  const { recordId: id, rev, serverRev, status, editing, formRef, createdAt, updatedAt, progress, evidence: _evidence, ...secrets } = record;
  const sealed = await seal(key, { store: 'records', recordId: id as string, revision: rev as number }, secrets);
  return { recordId: id, rev, serverRev, status, editing, formRef, createdAt, updatedAt, progress, sealed: toPage(sealed) };
}

export interface OpenedStores {
  records: Row[];
  recordIndex: Row[];
  outbox: Row[];
  syncIssues: Row[];
  meta: Row[];
}

export async function openedDeviceStores(page: Page, passphrase = E2E_PASSPHRASE): Promise<OpenedStores> {
  const raw = (await readDeviceStores(page, ['records', 'recordIndex', 'outbox', 'syncIssues', 'meta', 'indexShards', 'evidence'])) as Record<string, Row[]>;
  if (!raw.meta!.some((row) => row.key === 'secretWrap')) return { records: raw.records!, recordIndex: raw.recordIndex!, outbox: raw.outbox!, syncIssues: raw.syncIssues!, meta: raw.meta! };
  const key = await keyOf(raw.meta!, passphrase);
  const shards: Record<string, Row> = {};
  for (const shard of raw.indexShards!) {
    const context = { store: 'recordIndex', recordId: `shard-${String(shard.shard).padStart(2, '0')}`, revision: shard.version as number };
    Object.assign(shards, await open(key, context, bytesOf(shard.sealed as BytesFromPage)));
  }
  return {
    records: await Promise.all(raw.records!.map((row) => openedRecord(key, row, raw.evidence ?? []))),
    recordIndex: raw.recordIndex!.map((row) => ({ ...row, ...(shards[row.recordId as string] ?? {}) })),
    outbox: await Promise.all(raw.outbox!.map((row) => opened(key, row, { store: 'outbox', recordId: row.recordId as string, revision: row.rev as number }))),
    syncIssues: await Promise.all(raw.syncIssues!.map((row) => opened(key, row, { store: 'syncIssues', recordId: row.recordId as string, revision: row.rev as number }))),
    meta: await Promise.all(
      raw.meta!.map(async (row) =>
        (row.key === 'interviewer' || row.key === 'lastSite') && isBytesFromPage(row.value) ? { ...row, value: await open(key, { store: 'meta', recordId: row.key, revision: 0 }, bytesOf(row.value)) } : row,
      ),
    ),
  };
}

/**
 * Changes a stored record as a test shortcut (e.g. marking it completed): opened, changed, sealed
 * again for its (possibly new) revision, and put back — as the app itself would have written it.
 */
export async function rewriteStoredRecord(page: Page, recordId: string, change: (record: Row) => Row, passphrase = E2E_PASSPHRASE): Promise<void> {
  const raw = (await readDeviceStores(page, ['records', 'meta', 'evidence'])) as Record<string, Row[]>;
  const row = raw.records!.find((candidate) => candidate.recordId === recordId);
  if (!row) throw new Error(`no record ${recordId} on the device`);
  if (!isBytesFromPage(row.sealed)) {
    await writeDeviceRows(page, 'records', [change(row)]);
    return;
  }
  const key = await keyOf(raw.meta!, passphrase);
  const record = change(await openedRecord(key, row, raw.evidence ?? []));
  const { rev, serverRev, status, editing, createdAt, updatedAt } = record;
  await writeDeviceRows(page, 'records', [await sealedRecordRow(key, record)]);
  // The app writes a record's clear index row with it (status, time, revision: src/data/records.ts).
  const index = ((await readDeviceStores(page, ['recordIndex'])).recordIndex as Row[]).find((candidate) => candidate.recordId === recordId);
  if (index) await writeDeviceRows(page, 'recordIndex', [{ ...index, status, createdAt, updatedAt, rev, serverRev, editing }]);
}

/**
 * Puts a record on the device as the app would have stored it (sealed with the device's key for
 * its revision): a test shortcut for a record the tablet captured and pushed, e.g. one whose
 * consent the UI of this version cannot produce in a short test.
 */
export async function writeStoredRecord(page: Page, record: Row, passphrase = E2E_PASSPHRASE): Promise<void> {
  const raw = (await readDeviceStores(page, ['meta'])) as Record<string, Row[]>;
  const key = await keyOf(raw.meta!, passphrase);
  await writeDeviceRows(page, 'records', [await sealedRecordRow(key, record)]);
}
