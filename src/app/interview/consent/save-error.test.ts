import { describe, expect, it } from 'vitest';
import { ConsentRuleError } from '../../../core/consent';
import { StorageError } from '../../../data';
import { saveErrorOf } from './save-error';

describe('saveErrorOf', () => {
  it('lists the broken consent rules', () => {
    expect(saveErrorOf(new ConsentRuleError(['evidence: consent needs a signature or an attested mark']))).toEqual({
      kind: 'rules',
      problems: ['evidence: consent needs a signature or an attested mark'],
    });
  });

  it('finds a rule broken inside the storage transaction', () => {
    const wrapped = new StorageError('storage_failed', 'Saving failed', { cause: new ConsentRuleError(['events: invalid']) });
    expect(saveErrorOf(wrapped)).toEqual({ kind: 'rules', problems: ['events: invalid'] });
  });

  it('keeps the storage code, e.g. a full device', () => {
    expect(saveErrorOf(new StorageError('storage_full', 'The device storage is full'))).toMatchObject({ kind: 'storage', code: 'storage_full' });
  });

  it('says anything else plainly', () => {
    expect(saveErrorOf(new Error('boom'))).toEqual({ kind: 'unexpected', message: 'boom' });
    expect(saveErrorOf('odd')).toEqual({ kind: 'unexpected', message: 'odd' });
  });
});
