import { describe, expect, it } from 'vitest';
import { foldForSearch } from './fold';
import { matchesName, nameQuery, nameSearchText, nameSkeletons } from './transliterate';

const skeleton = (name: string) => nameSkeletons(foldForSearch(name));
const finds = (query: string, name: string) => {
  const prepared = nameQuery(query);
  if (prepared === null) throw new Error('empty query');
  return matchesName(nameSearchText(name), prepared);
};

describe('nameSkeletons', () => {
  it('gives Arabic-script names and their Latin spellings the same skeleton', () => {
    expect(skeleton('أحمد')).toEqual(['hmd']);
    expect(skeleton('Ahmad')).toEqual(['hmd']);
    expect(skeleton('Ahmed')).toEqual(['hmd']);
    expect(skeleton('محمد')).toEqual(skeleton('Mohammed'));
    expect(skeleton('Muhammad')).toEqual(skeleton('Mohammed'));
    expect(skeleton('حسینی')).toEqual(skeleton('Hosseini'));
    expect(skeleton('Husseini')).toEqual(skeleton('حسيني'));
    expect(skeleton('یوسف')).toEqual(skeleton('Youssef'));
    expect(skeleton('خالد')).toEqual(skeleton('Khaled'));
    expect(skeleton('شريف')).toEqual(skeleton('Sharif'));
  });
  it('gives Ethiopic names and their Latin spellings the same skeleton', () => {
    expect(skeleton('ገብረማርያም')).toEqual(skeleton('Ghebremariam'));
    expect(skeleton('ገብረማርያም')).toEqual(skeleton('Gebremariam'));
    expect(skeleton('ተስፋይ')).toEqual(skeleton('Tesfay'));
    expect(skeleton('ጸጋይ')).toEqual(skeleton('Tsegay'));
    expect(skeleton('ኣብርሃ')).toEqual(skeleton('Abraha'));
  });
  it('also yields an Arabic-script name without its joined article', () => {
    expect(skeleton('الحسن')).toEqual(['lhsn', 'hsn']);
  });
  it('keeps names that differ in their consonants apart', () => {
    expect(skeleton('Ahmad')).not.toEqual(skeleton('Mahmoud'));
    expect(skeleton('Karimi')).not.toEqual(skeleton('Kazemi'));
  });
});

describe('matchesName', () => {
  it('finds a name typed in the original script by its Latin spelling, and back', () => {
    expect(finds('ahmad', 'أحمد الحسن')).toBe(true);
    expect(finds('hassan', 'أحمد الحسن')).toBe(true);
    expect(finds('أحمد', 'Ahmed Karimi')).toBe(true);
    expect(finds('حسینی', 'Zahra Hosseini')).toBe(true);
    expect(finds('hosseini', 'زهرا حسینی')).toBe(true);
    expect(finds('ghebremariam', 'ተስፋይ ገብረማርያም')).toBe(true);
    expect(finds('ገብረማርያም', 'Tesfay Gebremariam')).toBe(true);
  });
  it('finds by the start of a name, but a one-letter skeleton only as a whole word', () => {
    expect(finds('hoss', 'زهرا حسینی')).toBe(true);
    expect(finds('ali', 'علي رضا')).toBe(true);
    expect(finds('ali', 'Lina Nouri')).toBe(false);
  });
  it('does not find names that only share letters in another order', () => {
    expect(finds('ahmad', 'Mahmoud Darwish')).toBe(false);
    expect(finds('tesfay', 'Selam Haile')).toBe(false);
  });
  it('reads search texts stored before the skeletons were added', () => {
    const prepared = nameQuery('Ahmed');
    expect(prepared && matchesName(foldForSearch('أحمد الحسن'), prepared)).toBe(true);
  });
  it('finds a short reference stored beside the name as typed, without taking it for a name', () => {
    const stored = nameSearchText('أحمد الحسن', 'K7QM-3XPA');
    const find = (query: string) => matchesName(stored, nameQuery(query)!);
    expect(find('k7qm-3xpa')).toBe(true);
    expect(find('K7QM')).toBe(true);
    expect(find('ahmed')).toBe(true);
    expect(find('km')).toBe(false);
  });
  it('treats a query of spaces as no query', () => {
    expect(nameQuery('   ')).toBeNull();
  });
});
