import { describe, expect, it } from 'vitest';
import { columnLetters, csvSafeText, csvTable, MAX_CELL_LENGTH, xlsxTable, xmlText } from './formats';

describe('export formats', () => {
  it('makes text that a spreadsheet would run as a formula inert in CSV, and leaves other text alone', () => {
    for (const text of ['=HYPERLINK("http://x","y")', '+49 151 1234567', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(csvSafeText(text)).toBe(`'${text}`);
    for (const text of ['Haddad', 'حداد', ' =not first', '49', '']) expect(csvSafeText(text)).toBe(text);
    expect(csvTable().row(['=1+1', 'a,b', 'say "hi"', 'two\nlines', 3, true, null])).toBe(`'=1+1,"a,b","say ""hi""","two\nlines",3,true,\r\n`);
    expect(csvTable().start(['a'])).toBe('\uFEFFa\r\n');
  });

  it('writes XLSX cells as text, numbers and booleans, escaping what XML cannot hold', () => {
    expect(xmlText('a < b & "c" > d')).toBe('a &lt; b &amp; &quot;c&quot; &gt; d');
    expect(xmlText('bell\u0007 and \ud800 alone')).toBe('bell\uFFFD and \uFFFD alone');
    expect(xmlText('ተስፋይ حداد 𝕏')).toBe('ተስፋይ حداد 𝕏');
    const table = xlsxTable();
    table.start(['a', 'b', 'c', 'd']);
    expect(table.row(['=1+1', 2.5, false, null])).toBe(
      '<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve">=1+1</t></is></c><c r="B2"><v>2.5</v></c><c r="C2" t="b"><v>0</v></c></row>',
    );
    expect(table.row(['x'.repeat(MAX_CELL_LENGTH + 10)])).toContain(`${'x'.repeat(MAX_CELL_LENGTH - 4)} […]</t>`);
  });

  it('names columns as spreadsheets do', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
