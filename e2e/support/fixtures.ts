// Every test gets a fresh page; an uncaught exception in the page fails the test that caused it.
import { expect, test as base, type Page } from '@playwright/test';

export const test = base.extend<{ page: Page }>({
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.stack ?? err.message));
    await use(page);
    expect(errors, 'uncaught exceptions in the page').toEqual([]);
  },
});

export { expect };
