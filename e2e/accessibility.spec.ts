import { expect, test } from './support/test';
import AxeBuilder from '@axe-core/playwright';
import { shell } from './pages/shell';

const screens = ['/', '/sync', '/settings', '/does-not-exist'];

for (const path of screens) {
  for (const viewport of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }, { width: 390, height: 844 }]) {
    test(`${path} at ${viewport.width}×${viewport.height} has no serious accessibility violations and big touch targets`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await shell(page).open(path);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

      const small = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role="button"]')]
          .filter((element) => element.getClientRects().length > 0 && !element.classList.contains('skip-link'))
          .map((element) => ({ name: element.textContent?.trim() || element.getAttribute('aria-label') || element.tagName, rect: element.getBoundingClientRect() }))
          .filter(({ rect }) => rect.height < 44 || rect.width < 44)
          .map(({ name, rect }) => `${name} ${Math.round(rect.width)}×${Math.round(rect.height)}`),
      );
      expect(small).toEqual([]);

      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      expect(overflow).toBe(false);
    });
  }
}
