/**
 * The two table formats of an export, written row by row as text:
 *
 * - **XLSX** (Office Open XML SpreadsheetML): a ZIP of XML parts. Cells are inline strings
 *   (`t="inlineStr"`), numbers and booleans; no shared-strings table, so a row is complete when
 *   written and nothing about earlier rows is kept. A text cell is always text, never a formula,
 *   whatever it starts with.
 * - **CSV** (RFC 4180): UTF-8 with a byte-order mark (so spreadsheet programs read Arabic,
 *   Tigrinya … as such), comma-separated, CRLF line ends, quotes where needed. A text value that
 *   begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, so a
 *   spreadsheet program opening the file does not run it as a formula (CSV injection).
 */

/** One cell: text, a number, a yes/no, or empty. */
export type Cell = string | number | boolean | null;

/** Excel's limit for the characters of one cell; longer text is cut and marked. */
export const MAX_CELL_LENGTH = 32_767;
const TRUNCATED = ' […]';

/** A format writes a table's header, its rows and its end as text. */
export interface TableWriter {
  start(header: readonly string[]): string;
  row(cells: readonly Cell[]): string;
  end(): string;
}

// ------------------------------------------------------------------ CSV

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text that a spreadsheet program would run as a formula, made inert with a leading apostrophe. */
export function csvSafeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  const text = csvSafeText(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvTable(): TableWriter {
  return {
    start: (header) => `\uFEFF${header.map(csvField).join(',')}\r\n`,
    row: (cells) => `${cells.map(csvField).join(',')}\r\n`,
    end: () => '',
  };
}

// ------------------------------------------------------------------ XLSX

/** Characters XML 1.0 cannot carry (C0 controls but tab and line ends, lone surrogates, U+FFFE/F). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const NEEDS_ESCAPE = /[&<>"]|[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function xmlText(text: string): string {
  // Most cells need nothing: test once instead of replacing five times.
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function cut(text: string): string {
  return text.length > MAX_CELL_LENGTH ? `${text.slice(0, MAX_CELL_LENGTH - TRUNCATED.length)}${TRUNCATED}` : text;
}

/** `0` → `A`, `25` → `Z`, `26` → `AA`. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function xlsxCell(cell: Cell, ref: string, style: number): string {
  const s = style > 0 ? ` s="${style}"` : '';
  if (cell === null) return '';
  if (typeof cell === 'number' && Number.isFinite(cell)) return `<c r="${ref}"${s}><v>${cell}</v></c>`;
  if (typeof cell === 'boolean') return `<c r="${ref}"${s} t="b"><v>${cell ? 1 : 0}</v></c>`;
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${xmlText(cut(String(cell)))}</t></is></c>`;
}

/** Style ids of `styles.xml`: 0 plain, 1 the bold header row, 2 wrapped text. */
const HEADER_STYLE = 1;
export const WRAP_STYLE = 2;

const SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

export function xlsxTable(options: { wrapColumns?: readonly number[]; widths?: readonly number[] } = {}): TableWriter {
  let rowNumber = 0;
  let letters: string[] = [];
  const wrap = new Set(options.wrapColumns ?? []);
  return {
    start(header) {
      letters = header.map((_, index) => columnLetters(index));
      rowNumber = 1;
      const widths = header.map((name, index) => options.widths?.[index] ?? Math.min(60, Math.max(10, name.length + 2)));
      const cols = widths.map((width, index) => `<col min="${index + 1}" max="${index + 1}" width="${width}" customWidth="1"/>`).join('');
      const headerCells = header.map((name, index) => xlsxCell(name, `${letters[index]}1`, HEADER_STYLE)).join('');
      return (
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${SHEET_NS}>` +
        // The header row stays in view while scrolling.
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
        `<cols>${cols}</cols><sheetData><row r="1">${headerCells}</row>`
      );
    },
    row(cells) {
      rowNumber++;
      let out = `<row r="${rowNumber}">`;
      for (let index = 0; index < cells.length; index++) {
        out += xlsxCell(cells[index]!, `${letters[index] ?? columnLetters(index)}${rowNumber}`, wrap.has(index) ? WRAP_STYLE : 0);
      }
      return `${out}</row>`;
    },
    end: () => '</sheetData></worksheet>',
  };
}

/** The parts of an XLSX package besides the sheets, for sheets named in tab order. */
export function xlsxPackageParts(sheetNames: readonly string[]): { path: string; text: string }[] {
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const overrides = sheetNames
    .map((_, index) => `<Override PartName="/xl/worksheets/sheet${index + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join('');
  return [
    {
      path: '[Content_Types].xml',
      text:
        `${xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        `${overrides}</Types>`,
    },
    {
      path: '_rels/.rels',
      text:
        `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
    },
    {
      path: 'xl/workbook.xml',
      text:
        `${xml}<workbook ${SHEET_NS}><bookViews><workbookView/></bookViews><sheets>` +
        sheetNames.map((name, index) => `<sheet name="${xmlText(name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`).join('') +
        '</sheets></workbook>',
    },
    {
      path: 'xl/_rels/workbook.xml.rels',
      text:
        `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        sheetNames
          .map((_, index) => `<Relationship Id="rId${index + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`)
          .join('') +
        `<Relationship Id="rId${sheetNames.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
        '</Relationships>',
    },
    {
      path: 'xl/styles.xml',
      text:
        `${xml}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
        '</styleSheet>',
    },
  ];
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const ZIP_CONTENT_TYPE = 'application/zip';
