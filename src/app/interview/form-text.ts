/**
 * A form's text, made ready while the passphrase is typed (issue #15). The first layout of a form
 * section costs far more than its size suggests: every script (Latin, Arabic, Ethiopic, Cyrillic —
 * the language picker names each language in its own), weight and font size the stage shows is a
 * font the renderer has not used yet, and each is looked up, set up and shaped for the first time
 * in that layout. Measured on a static copy of a section at 4× CPU: 374 ms cold, 217 ms with the
 * web fonts loaded ahead (`loadFormFonts`), 115 ms once text in those fonts had also been laid out
 * before. Both happen here, in background tasks behind the unlock screen.
 */
import { hasMark } from '../perf-marks';

/** The scripts a form shows: a sample of each and the language tag that picks its font (styles.css). */
const scripts = [
  { lang: 'de', sample: 'Hamburgefonstiv ÄÖÜß 0123' },
  { lang: 'ar', sample: 'ابجد هوز حطي' },
  { lang: 'ti', sample: 'ሀለሐመ ሠረሰ' },
  { lang: 'ru', sample: 'Щука ёж' },
];
/** The languages of the picker's own names beyond those (one size: the picker's). */
const pickerLangs = ['en', 'fa', 'prs', 'ps', 'ckb', 'kmr', 'so', 'tr', 'sq', 'fr'];
/** The font sizes (rem) of the stage's text, from styles.css and form/form.css, and the weights. */
const sizes = [0.75, 0.8, 0.85, 0.9, 0.95, 1, 1.05, 1.1, 1.15, 1.2, 1.25, 1.3, 1.4, 1.45, 1.6];
const weights = [400, 600, 700];
const PICKER_SIZE = 1.05;
/** The sizes of the stage's italic notes ("Von der App ausgefüllt", a choice's note): a face of their own (slanted). */
const italicSizes = [0.85, 0.95];
/** Sizes per step: a step lays out one script in one weight at this many sizes (≈ 15 ms at 4× CPU). */
const SIZES_PER_STEP = 5;

/** The sample's box: laid out, never seen, not in the accessibility tree, away from React's root. */
let box: HTMLElement | null = null;
/** No more of the sample is laid out once the interview screen is up (or the passphrase was given): the unlock and the stage go first. */
let adding = true;

/** Loads and decodes the web fonts of the scripts a form shows (weights 400 and 700). */
export function loadFormFonts(): Promise<unknown> {
  if (!('fonts' in document)) return Promise.resolve();
  const faces = ['400 1em "Noto Sans"', '700 1em "Noto Sans"', '400 1em "Noto Sans Arabic"', '700 1em "Noto Sans Arabic"', '400 1em "Noto Sans Ethiopic Variable"', '700 1em "Noto Sans Ethiopic Variable"'];
  const sample = 'Kurmancî Türkçe Русский العربية فارسی ትግርኛ';
  return Promise.all(faces.map((face) => document.fonts.load(face, sample).catch(() => undefined)));
}

function span(lang: string, text: string, size: number, weight: number, italic = false): HTMLElement {
  const element = document.createElement('span');
  element.lang = lang;
  element.textContent = text;
  element.style.fontSize = `${size}rem`;
  element.style.fontWeight = String(weight);
  if (italic) element.style.fontStyle = 'italic';
  return element;
}

function inSteps<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}

/**
 * Lays out a hidden sample of every script in every size and weight the stage uses (in small
 * steps, each a task of its own through `schedule`), so the fonts are set up before the stage's
 * first layout. Kept until `releaseFormText` (the renderer keeps a font set up while text uses it).
 */
export function warmFormText(schedule: (work: () => void) => void): void {
  if (box !== null || typeof document === 'undefined') return;
  const container = document.createElement('div');
  container.setAttribute('aria-hidden', 'true');
  container.dataset.warmup = 'form-text';
  // The stage's own font list (styles.css), so the sample sets up the very fonts the stage asks for.
  container.className = 'form-stage';
  container.style.cssText = 'position:absolute;inset-block-start:0;inset-inline-start:-9999px;inline-size:1px;block-size:1px;overflow:hidden;visibility:hidden;contain:strict;pointer-events:none';
  document.body.append(container);
  box = container;
  // Small steps (one script in one weight at a few sizes each), so a keystroke never waits long behind one.
  const groups: HTMLElement[][] = [
    ...scripts.flatMap(({ lang, sample }) => weights.flatMap((weight) => inSteps(sizes, SIZES_PER_STEP).map((step) => step.map((size) => span(lang, sample, size, weight))))),
    italicSizes.map((size) => span('de', scripts[0]!.sample, size, 400, true)),
    pickerLangs.map((lang) => span(lang, 'Kurmancî Soomaali Shqip', PICKER_SIZE, 400)),
  ];
  for (const group of groups) {
    schedule(() => {
      // Behind the unlock screen only: while the key is derived, its answer must not wait behind a layout.
      if (box !== container || !adding || hasMark('unlock')) return;
      container.append(...group);
      // Lays the sample out now, between keystrokes, instead of in the stage's first layout.
      void container.offsetHeight;
    });
  }
}

/** The interview screen is up (the passphrase was taken): what is not laid out yet stays so. */
export function stopWarmingFormText(): void {
  adding = false;
}

/** Removes the sample: once the stage has shown, its own text keeps the fonts set up. */
export function releaseFormText(): void {
  adding = false;
  box?.remove();
  box = null;
}
