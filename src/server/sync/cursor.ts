/**
 * The pull cursor: opaque to devices (so the server may change what it holds),
 * in fact the last change number a device has, as base64url of `c<number>`.
 */
import { httpError } from '../http/errors';
import { MAX_STORED_INT } from '../../core/limits';

export function encodeCursor(changeNo: number): string {
  return Buffer.from(`c${changeNo}`, 'utf8').toString('base64url');
}

/** 0 (from the start) when absent; 400 `bad_cursor` for anything this server did not hand out. */
export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  const match = /^c(0|[1-9][0-9]{0,14})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  // Change numbers live in a 32-bit integer column: a larger one was never handed out, and asking
  // PostgreSQL for it would fail the query (a 500 instead of this 400).
  const changeNo = Number(match?.[1]);
  if (!match?.[1] || encodeCursor(changeNo) !== cursor || changeNo > MAX_STORED_INT) {
    throw httpError(400, 'bad_cursor', 'The pull cursor is not one this server handed out; pull again from the start.');
  }
  return changeNo;
}
