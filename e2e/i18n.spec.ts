import { expect, test, type Page } from './support/test';
import de from '../locales/de/translation.json' with { type: 'json' };
import en from '../locales/en/translation.json' with { type: 'json' };
import deSync from '../locales/de/sync.json' with { type: 'json' };
import enSync from '../locales/en/sync.json' with { type: 'json' };
import { shell } from './pages/shell';

function flatten(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Object.values(value as Record<string, unknown>).flatMap(flatten);
}
const englishValues = new Set(flatten(en));
/** Words that are spelt the same in both languages (e.g. "Interviews") cannot change. */
const sameInBoth = new Set(flatten(de).filter((text) => englishValues.has(text)));

/** Every visible text node of the page, excluding the language names (which are each written in their own language). */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      const text = node.textContent?.trim();
      if (!text || !element || element.closest('[lang="de"],[lang="en"]')?.tagName === 'BUTTON') continue;
      const style = getComputedStyle(element);
      if (style.display === 'none' || style.visibility === 'hidden' || element.getClientRects().length === 0) continue;
      texts.push(text);
    }
    return texts;
  });
}

for (const [path, deTitle, enTitle] of [
  ['/', de.home.title, en.home.title],
  ['/sync', deSync.screen.title, enSync.screen.title],
  ['/settings', de.settings.title, en.settings.title],
] as const) {
  test(`switching the language changes every visible text on ${path}`, async ({ page }) => {
    const app = shell(page);
    await app.open(path);
    await expect(app.heading).toHaveText(deTitle);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    const german = await visibleTexts(page);

    await app.languageButton('English').click();
    await expect(app.heading).toHaveText(enTitle);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const english = await visibleTexts(page);

    // No German text survives the switch (words spelt alike in both, and numbers, aside).
    const unchanged = english.filter((text) => german.includes(text) && !sameInBoth.has(text) && !/^\d+$/.test(text));
    expect(unchanged).toEqual([]);

    // The choice is kept across a reload.
    await page.reload();
    await expect(app.heading).toHaveText(enTitle);
    await app.languageButton('Deutsch').click();
    await expect(app.heading).toHaveText(deTitle);
  });
}
