/**
 * The evaluation page (/coordinator/evaluation) on a demo campaign of its own server: every
 * figure's table shows exactly what the server's suppressed evaluation says (and its chart the
 * same counts), the page says who is counted and why others are not, filters narrow it, it reads
 * in German and English with no serious accessibility violation, and printing it gives an A4
 * portrait report whose every chart stays on the page of its table.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './support/test';
import { getDocumentProxy, getResolvedPDFJS } from 'unpdf';
import de from '../locales/de/coordinator.json' with { type: 'json' };
import en from '../locales/en/coordinator.json' with { type: 'json' };
import { createCoordinatorWithCli } from './pages/coordinator';
import { startServer, type TestServer } from './support/server';

// pdf.js uses ArrayBuffer.prototype.transferToFixedLength (Node 21+); Node 20 reads the same bytes with a copy.
const arrayBufferPrototype = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer };
if (!arrayBufferPrototype.transferToFixedLength) {
  arrayBufferPrototype.transferToFixedLength = function transferToFixedLength(this: ArrayBuffer, length?: number) {
    return this.slice(0, length ?? this.byteLength);
  };
}

const coordinator = { name: `Auswertung ${crypto.randomUUID().slice(0, 8)}`, password: 'ein langes Passwort für Tests' };
let server: TestServer;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startServer({ staticDir: path.resolve('dist') });
  createCoordinatorWithCli(coordinator.name, coordinator.password, server.dataDir);
  // The district's first campaign: 695 interviews over eight weeks from 7 November 2016.
  execFileSync('npm', ['run', '--silent', 'lotse', '--', 'demo-data', '--count', '695', '--seed', '2016', '--start', '2016-11-07', '--weeks', '8'], {
    // A busy test machine must not cut the demo pushes short (they would come back as gaps).
    env: { ...process.env, DATA_DIR: server.dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', PUSH_VALIDATION_BUDGET_MS: '600000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
});

test.afterAll(async () => {
  await server?.stop();
});

type Cell = { key: string; label?: string; count: number } | { key: string; label?: string; hidden: 'small' | 'secondary' };
type Table = { id: string; kind: 'partition' | 'multi'; total: { count: number } | { hidden: 'small' }; cells: Cell[] | null };
interface Evaluation {
  purposes: { id: string; label: string }[];
  minCell: number;
  inclusion: Table;
  tables: Table[];
  occupation: { areas: Table; groups: Record<string, Cell[] | null> };
  recipients: { id: string; label: string; table: Table }[];
  options: { municipalities: { code: string; label: string }[]; devices: { id: string; name: string }[]; forms: string[] };
}

async function signIn(page: Page): Promise<void> {
  const response = await page.request.post(`${server.url}/api/v1/auth/login`, { data: coordinator });
  expect(response.status()).toBe(200);
}

async function serverEvaluation(page: Page, query: string): Promise<Evaluation> {
  const response = await page.request.get(`${server.url}/api/v1/evaluation?${query}`);
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

/** Every table of the answer by the page's figure id. */
function cellsByFigure(answer: Evaluation): Map<string, Cell[] | null> {
  const figures = new Map<string, Cell[] | null>([['inclusion', answer.inclusion.cells]]);
  for (const table of answer.tables) figures.set(table.id, table.cells);
  figures.set('occupationArea', answer.occupation.areas.cells);
  const groups = (answer.occupation.areas.cells ?? []).flatMap((area) => ('count' in area ? (answer.occupation.groups[area.key] ?? []) : []));
  figures.set('occupationGroup', groups);
  for (const recipient of answer.recipients) figures.set(`consent:${recipient.id}`, recipient.table.cells);
  return figures;
}

/** Each figure's table rows as shown (value label → count text) and the texts of its chart. */
async function shownFigures(page: Page) {
  return page.getByTestId('evaluation-figure').evaluateAll((sections) =>
    sections.map((section) => ({
      id: section.getAttribute('data-figure')!,
      heading: section.querySelector('h3')!.textContent!.trim(),
      rows: [...section.querySelectorAll('tbody tr:not(.eval-table__group)')].map((row) => ({
        label: row.querySelector('th')!.textContent!.trim(),
        count: row.querySelector('td')!.textContent!.trim(),
      })),
      total: section.querySelector('tfoot th')?.textContent?.trim() ?? null,
      chartTexts: [...section.querySelectorAll('svg text')].map((text) => text.textContent!.trim()),
      chartName: section.querySelector('svg')?.getAttribute('aria-label') ?? null,
      tooFew: section.querySelector('[data-testid="figure-too-few"]') !== null,
    })),
  );
}

/** The page shows each figure with the server's numbers: a count as a number, a small cell as "< 5", a protecting one as hidden. */
async function expectPageMatchesServer(page: Page, answer: Evaluation, texts: typeof de, locale: string) {
  const format = new Intl.NumberFormat(locale);
  const expected = cellsByFigure(answer);
  const shown = await shownFigures(page);
  expect(shown.map((figure) => figure.id).sort()).toEqual([...expected.keys()].sort());
  const small = texts.evaluation.cell.small.replace('{{min}}', String(answer.minCell));
  let smallCells = 0;
  for (const figure of shown) {
    const cells = expected.get(figure.id)!;
    if (cells === null) {
      expect(figure.tooFew, figure.id).toBe(true);
      continue;
    }
    if (cells.length === 0) continue;
    const want = cells.map((cell) => ('count' in cell ? format.format(cell.count) : cell.hidden === 'small' ? small : texts.evaluation.cell.secondary));
    expect([...figure.rows.map((row) => row.count)].sort(), figure.id).toEqual([...want].sort());
    for (const cell of cells) {
      if (cell.label !== undefined) expect(figure.rows.map((row) => row.label), figure.id).toContain(cell.label);
      if ('hidden' in cell && cell.hidden === 'small') smallCells += 1;
    }
    // The chart beside it draws the same counts, and says where its numbers are.
    for (const cell of cells) if ('count' in cell) expect(figure.chartTexts, `${figure.id} chart`).toContain(format.format(cell.count));
    expect(figure.chartName).toContain(figure.heading.replace(/^[^:]+:\s*/, ''));
  }
  // Small cells exist in a campaign of 695 people, and each one reads "< 5".
  expect(smallCells).toBeGreaterThan(0);
  await expect(page.getByTestId('evaluation-report').getByRole('cell', { name: small, exact: true })).toHaveCount(smallCells);
}

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('in German, every figure shows the server’s numbers in a table beside its chart, says who is counted, and links to no record', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  await page.goto(`${server.url}/coordinator/evaluation`);
  await expect(page.getByRole('heading', { level: 1, name: de.evaluation.title })).toBeVisible();
  const report = page.getByTestId('evaluation-report');
  await expect(report).toBeVisible();
  const answer = await serverEvaluation(page, 'lang=de');

  // Which purpose the evaluation serves, and how many interviews were left out and why.
  await expect(page.getByTestId('evaluation-purpose')).toContainText('„Kompetenzprofil erstellen“');
  const inclusion = page.locator('[data-figure="inclusion"]');
  const counted = answer.inclusion.cells!.find((cell) => cell.key === 'counted')!;
  const refused = answer.inclusion.cells!.find((cell) => cell.key === 'refused')!;
  expect('count' in counted && 'count' in refused).toBe(true);
  await expect(inclusion.getByRole('row', { name: `${de.evaluation.keys.inclusion.counted} ${'count' in counted ? counted.count : ''}` })).toBeVisible();
  await expect(inclusion.getByRole('row', { name: new RegExp(`^${de.evaluation.keys.inclusion.refused} ${'count' in refused ? refused.count : ''} `) })).toBeVisible();
  await expect(inclusion.getByRole('row', { name: new RegExp(`^${de.evaluation.table.interviews} 695`) })).toBeVisible();

  await expectPageMatchesServer(page, answer, de, 'de');
  // Labels come from the form in the UI language.
  await expect(page.locator('[data-figure="nationality"]').getByRole('rowheader', { name: 'Syrien', exact: true })).toBeVisible();

  // For analysts too: counts only, no way to a record.
  await expect(report.locator('a')).toHaveCount(0);
  await expectNoSeriousViolations(page);
});

test('filters by municipality and period narrow every figure, and the report names them', async ({ page }) => {
  await signIn(page);
  await page.goto(`${server.url}/coordinator/evaluation`);
  await expect(page.getByTestId('evaluation-report')).toBeVisible();
  await page.getByLabel(de.evaluation.filters.municipality, { exact: true }).selectOption({ label: 'Stadt Peine' });
  await page.getByLabel(de.evaluation.filters.from, { exact: true }).fill('2016-11-14');
  await page.getByLabel(de.evaluation.filters.to, { exact: true }).fill('2016-12-11');
  await page.getByRole('button', { name: de.evaluation.filters.apply }).click();
  await expect(page).toHaveURL(/\/coordinator\/evaluation\?from=2016-11-14&to=2016-12-11&municipality=peine$/);
  await expect(page.getByTestId('report-filters')).toHaveText('Wohngemeinde: Stadt Peine');
  await expect(page.getByTestId('report-period')).toHaveText('14.11.2016 bis 11.12.2016');

  const answer = await serverEvaluation(page, 'from=2016-11-14&to=2016-12-11&municipality=peine&lang=de');
  const all = await serverEvaluation(page, 'lang=de');
  const countOf = (a: Evaluation) => (a.inclusion.total as { count: number }).count;
  expect(countOf(answer)).toBeLessThan(countOf(all));
  await expect(page.locator('[data-figure="inclusion"] tfoot')).toContainText(String(countOf(answer)));
  // Every week shown lies in the period, and only Peine is in the municipality table.
  const weeks = await page.locator('[data-figure="week"] tbody th').allTextContents();
  expect(weeks.length).toBe(4);
  const municipalities = await page.locator('[data-figure="municipality"] tbody th').allTextContents();
  expect(municipalities).toEqual(['Stadt Peine']);

  // A period that ends before it begins is said, not sent.
  await page.getByLabel(de.evaluation.filters.from, { exact: true }).fill('2016-12-20');
  await page.getByRole('button', { name: de.evaluation.filters.apply }).click();
  await expect(page.getByRole('alert')).toHaveText(de.evaluation.filters.backwards);
  await page.getByRole('button', { name: de.evaluation.filters.reset }).click();
  await expect(page).toHaveURL(/\/coordinator\/evaluation$/);
  await expect(page.getByTestId('report-filters')).toHaveText(de.evaluation.header.noFilters);
});

test('in English, the page and the form’s labels are English, with no serious accessibility violation', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  await page.goto(`${server.url}/coordinator/evaluation`);
  await expect(page.getByTestId('evaluation-report')).toBeVisible();
  await page.getByRole('banner').getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: en.evaluation.title })).toBeVisible();
  await expect(page.locator('[data-figure="nationality"]').getByRole('rowheader', { name: 'Syria', exact: true })).toBeVisible();
  await expect(page.getByTestId('evaluation-purpose')).toContainText('“Create a competence profile”');
  const answer = await serverEvaluation(page, 'lang=en');
  await expectPageMatchesServer(page, answer, en, 'en');
  await expect(page.getByRole('heading', { level: 3, name: `Figure 3: ${en.evaluation.figures.nationality}` })).toBeVisible();
  await expectNoSeriousViolations(page);
});

test('“Print report” prints an A4 portrait report: title, period, filters and date, every chart on the page of its table, drawn as vectors', async ({ page }) => {
  test.setTimeout(180_000);
  // Watches window.print without replacing it.
  await page.addInitScript(() => {
    const print = window.print.bind(window);
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed += 1;
      print();
    };
  });
  await signIn(page);
  await page.goto(`${server.url}/coordinator/evaluation?from=2016-11-07&to=2016-12-31`);
  await expect(page.getByTestId('evaluation-report')).toBeVisible();
  await page.getByRole('button', { name: de.evaluation.print }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  // The page above is now in the browser's print dialog, which a headless browser never closes:
  // the same report in a second tab goes through Chromium's print-to-PDF instead.
  const printed = await page.context().newPage();
  await printed.goto(page.url());
  await expect(printed.getByTestId('evaluation-report')).toBeVisible();
  const figures = await shownFigures(printed);
  const date = (await printed.getByTestId('report-date').textContent())!.trim();
  // What the browser's print-to-PDF makes of the page (Chromium, the page's own @page size).
  const pdf = await printed.pdf({ preferCSSPageSize: true, printBackground: true });
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { OPS } = await getResolvedPDFJS();
  const squash = (text: string) => text.replace(/\s+/g, '');
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const pdfPage = await document.getPage(number);
    const { width, height } = pdfPage.getViewport({ scale: 1 });
    // A4 portrait: 595 × 842 points.
    expect(Math.abs(width - 595.28), `page ${number} width ${width}`).toBeLessThan(1.5);
    expect(Math.abs(height - 841.89), `page ${number} height ${height}`).toBeLessThan(1.5);
    const content = await pdfPage.getTextContent();
    pages.push(squash(content.items.map((item) => ('str' in item ? item.str : '')).join('')));
    // Charts are vector drawings and text: no raster image anywhere.
    const operators = await pdfPage.getOperatorList();
    expect(operators.fnArray.filter((op) => op === OPS.paintImageXObject || op === OPS.paintInlineImageXObject), `page ${number}`).toEqual([]);
  }
  expect(pages.length).toBeGreaterThanOrEqual(4);
  expect(pages.length).toBeLessThanOrEqual(20);

  // The first page says what this is: title, period, filters, date; the filter form and the bar are not printed.
  expect(pages[0]).toContain(squash(de.evaluation.header.title));
  expect(pages[0]).toContain(squash('07.11.2016 bis 31.12.2016'));
  expect(pages[0]).toContain(squash(`${de.evaluation.header.filters}${de.evaluation.header.noFilters}`));
  expect(pages[0]).toContain(squash(`${de.evaluation.header.date}${date}`));
  expect(pages.join('')).not.toContain(squash(de.evaluation.filters.apply));
  expect(pages.join('')).not.toContain(squash(de.frame.logout));

  // Every figure — heading, chart, table down to its total row — lies on one page.
  for (const [index, figure] of figures.entries()) {
    const heading = squash(figure.heading);
    const onPages = pages.map((text, number) => (text.includes(heading) ? number : -1)).filter((number) => number >= 0);
    expect(onPages, `${figure.heading} printed once`).toHaveLength(1);
    const text = pages[onPages[0]!]!;
    const next = figures[index + 1];
    const end = next && text.includes(squash(next.heading)) ? text.indexOf(squash(next.heading)) : text.length;
    const body = text.slice(text.indexOf(heading), end);
    if (figure.total !== null) expect(body, `${figure.heading}: its table ends on its page`).toContain(squash(figure.total));
    // The chart's last line ("n = 695", beneath the drawing) is there too: the whole chart is on this page.
    if (figure.chartTexts.length > 0) expect(body, `${figure.heading}: its chart is on its page`).toContain(squash(figure.chartTexts.at(-1)!));
  }
});
