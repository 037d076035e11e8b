/**
 * A ZIP archive written as a stream, one entry after the other, with memory that does not grow
 * with the archive: fflate's `Zip` writes the container (local headers, data descriptors, the
 * central directory, UTF-8 names) and Node's zlib compresses (native, off the event loop), so
 * an entry's bytes go out as soon as they are compressed.
 *
 * A ZIP entry's bytes must be contiguous, but an export fills several tables at once (a record
 * row and its repeat-group rows). The table being streamed goes straight out; the others are
 * *spooled*: compressed into a private temporary file as they fill, then copied into the
 * archive after it — already compressed, so nothing is compressed twice and the disk holds
 * about a tenth of the text.
 */
import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import { Zip, type ZipInputFile } from 'fflate';

/** Until the stream wants more, or can take nothing more (closed, failed); leaves no listener behind. */
function drained(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}

/** The archive's bytes, with backpressure: `ready()` waits while the reader is behind. */
export class ArchiveSink {
  readonly stream = new PassThrough({ highWaterMark: 256 * 1024 });
  private readonly zip: Zip;
  private failed: Error | null = null;
  private finished: Promise<void>;
  /** SHA-256 and length of every byte written, for whoever must prove what was handed out. */
  private readonly hash = crypto.createHash('sha256');
  bytes = 0;

  constructor() {
    let resolveFinished!: () => void;
    this.finished = new Promise((resolve) => (resolveFinished = resolve));
    this.zip = new Zip((error, chunk, final) => {
      if (error) {
        this.fail(error);
        return;
      }
      if (chunk.length > 0) {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        if (!this.stream.destroyed) this.stream.write(chunk);
      }
      if (final) {
        this.stream.end();
        resolveFinished();
      }
    });
    // The reader went away (the download was cancelled): whoever produces stops at the next check.
    this.stream.on('close', () => {
      if (!this.stream.writableFinished) this.failed ??= new Error('the download was cancelled');
    });
  }

  /** Throws when the reader went away or the archive failed; otherwise waits until the reader has caught up. */
  async ready(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.stream.writableNeedDrain) {
      await drained(this.stream);
      if (this.failed) throw this.failed;
    }
  }

  fail(error: Error): void {
    this.failed ??= error;
    this.zip.terminate();
    // Destroying makes the HTTP layer cut the connection: a half-written file must not look whole.
    this.stream.destroy(error);
  }

  /** An entry compressed as it is written. */
  entry(filename: string): EntryWriter {
    const file: ZipInputFile = { filename, size: 0, crc: 0, compression: 8, mtime: new Date() };
    this.zip.add(file);
    const deflate = zlib.createDeflateRaw({ level: 6, memLevel: 8 });
    deflate.on('data', (chunk: Buffer) => file.ondata!(null, chunk as Uint8Array<ArrayBuffer>, false));
    deflate.on('error', (error) => this.fail(error));
    const ended = once(deflate, 'end').then(() => file.ondata!(null, new Uint8Array(0), true));
    // Awaited by end(); an export that failed before its end must not leave an unhandled rejection.
    ended.catch(() => undefined);
    return new EntryWriter(file, deflate, ended, () => this.ready());
  }

  /** Copies a finished spool into the archive as one entry (its bytes are already compressed). */
  async addSpool(spool: Spool): Promise<void> {
    await spool.close();
    const file: ZipInputFile = { filename: spool.filename, size: spool.size, crc: spool.crc, compression: 8, mtime: new Date() };
    this.zip.add(file);
    for await (const chunk of fs.createReadStream(spool.file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
      file.ondata!(null, chunk as Uint8Array<ArrayBuffer>, false);
      await this.ready();
    }
    file.ondata!(null, new Uint8Array(0), true);
  }

  /** Writes the central directory and ends the stream; the SHA-256 of the whole archive. */
  async end(): Promise<string> {
    if (this.failed) throw this.failed;
    this.zip.end();
    await this.finished;
    return this.hash.digest('hex');
  }
}

/** Text written into one entry; counts the uncompressed size and CRC-32 the ZIP needs. */
export class EntryWriter {
  constructor(
    private readonly file: { size: number; crc: number },
    private readonly deflate: zlib.DeflateRaw,
    private readonly ended: Promise<void>,
    private readonly ready: () => Promise<void>,
  ) {}

  async write(text: string): Promise<void> {
    if (text.length === 0) return;
    const bytes = Buffer.from(text, 'utf8');
    this.file.crc = zlib.crc32(bytes, this.file.crc);
    this.file.size += bytes.length;
    if (!this.deflate.write(bytes)) await drained(this.deflate);
    await this.ready();
  }

  async end(): Promise<void> {
    this.deflate.end();
    await this.ended;
    await this.ready();
  }
}

/** A private directory for the spools of one export, removed with everything in it. */
export class SpoolDirectory {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-export-'));
  private count = 0;

  spool(filename: string): Spool {
    return new Spool(filename, path.join(this.dir, `${++this.count}.deflate`));
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One table's text, compressed into a temporary file until its turn in the archive. */
export class Spool {
  size = 0;
  crc = 0;
  private readonly deflate = zlib.createDeflateRaw({ level: 6, memLevel: 8 });
  private readonly out: fs.WriteStream;
  private readonly done: Promise<unknown>;

  constructor(
    readonly filename: string,
    readonly file: string,
  ) {
    // mkdtemp made the directory 0700; the file is the server's alone too.
    this.out = fs.createWriteStream(file, { mode: 0o600 });
    this.deflate.pipe(this.out);
    this.done = once(this.out, 'close');
    this.done.catch(() => undefined);
    this.deflate.on('error', () => this.out.destroy());
  }

  async write(text: string): Promise<void> {
    if (text.length === 0) return;
    const bytes = Buffer.from(text, 'utf8');
    this.crc = zlib.crc32(bytes, this.crc);
    this.size += bytes.length;
    if (!this.deflate.write(bytes)) await drained(this.deflate);
  }

  async close(): Promise<void> {
    if (!this.deflate.writableEnded) this.deflate.end();
    await this.done;
  }
}
