import { describe, expect, it } from 'vitest';
import { dateAnswerToIso, dateRange, isDateAnswer, isIsoDate } from './partial-date';

describe('partial dates', () => {
  it('writes a date with unknown parts as the ISO 8601 text of what is known', () => {
    expect(dateAnswerToIso({ year: 2016, month: 5, day: 17 })).toBe('2016-05-17');
    expect(dateAnswerToIso({ year: 2016, month: 5, day: null })).toBe('2016-05');
    expect(dateAnswerToIso({ year: 2016, month: null, day: null })).toBe('2016');
  });

  it('stands for every day it may mean, leap years included', () => {
    expect(dateRange({ year: 2024, month: 2, day: null })).toEqual({ earliest: '2024-02-01', latest: '2024-02-29' });
    expect(dateRange({ year: 2023, month: 2, day: null })).toEqual({ earliest: '2023-02-01', latest: '2023-02-28' });
    expect(dateRange({ year: 2016, month: null, day: null })).toEqual({ earliest: '2016-01-01', latest: '2016-12-31' });
    expect(dateRange({ year: 2016, month: 5, day: 17 })).toEqual({ earliest: '2016-05-17', latest: '2016-05-17' });
  });

  it('is exactly year, month and day, with numbers or null', () => {
    expect(isDateAnswer({ year: 2016, month: null, day: null })).toBe(true);
    expect(isDateAnswer({ year: 2016, month: '5', day: null })).toBe(false);
    expect(isDateAnswer({ year: 2016, month: 5 })).toBe(false);
    expect(isDateAnswer({ year: 2016, month: 5, day: 1, note: 'x' })).toBe(false);
    expect(isDateAnswer([2016, 5, 1])).toBe(false);
  });

  it('knows a complete ISO date from other text', () => {
    expect(isIsoDate('2026-11-01')).toBe(true);
    expect(isIsoDate('2026-11')).toBe(false);
    expect(isIsoDate('01.11.2026')).toBe(false);
  });
});
