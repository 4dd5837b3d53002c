/**
 * The browser tab's title: the open document (where the page has one), the page, the app, so a tab,
 * a window list or a screen reader says where the user is (WCAG 2.4.2).
 */
import { PAGES, type Page } from './keymap';

const APP = 'Spanwright';
const SEPARATOR = ' — ';

/** The title for `page`, naming `documentTitle` first when the page shows one (Documents, Review). */
export function pageTitle(page: Page, documentTitle: string | null | undefined): string {
  const name = PAGES.find((candidate) => candidate.page === page)?.name ?? '';
  const shown = page === 'documents' || page === 'review' ? documentTitle?.trim() : undefined;
  return [shown, name, APP].filter((part) => part !== undefined && part !== '').join(SEPARATOR);
}
