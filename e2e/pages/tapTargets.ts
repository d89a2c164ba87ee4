import type { Page } from '@playwright/test';

/**
 * Every visible thing a finger aims at that is under 44 × 44 px, described ("button “Rename” 80×36").
 * A checkbox or radio is aimed at through its label, so the label is measured. Elements of 1 px or
 * less are visually hidden until focused (the skip link) and are left out. `within`: a selector that
 * limits the check to part of the page (what another spec puts on screen meanwhile, such as an
 * announcement, is then not counted).
 */
export function smallTapTargets(page: Page, within = 'body'): Promise<string[]> {
  return page.evaluate((within) => {
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(`:is(${within}) :is(a[href], button, summary, select, input, textarea)`)) {
      const choice = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');
      const target = (choice && el.closest('label')) || el;
      const box = target.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1 || getComputedStyle(target).visibility === 'hidden') continue;
      if (Math.round(box.width) < 44 || Math.round(box.height) < 44) {
        const name = (el.getAttribute('aria-label') ?? target.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        small.push(`${el.tagName.toLowerCase()}${choice ? `[${(el as HTMLInputElement).type}]` : ''} “${name}” ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return small;
  }, within);
}
