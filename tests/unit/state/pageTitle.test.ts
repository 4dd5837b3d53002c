import { describe, expect, it } from 'vitest';
import { pageTitle } from '../../../src/lib/state/pageTitle';

describe('the tab title', () => {
  it('names the open document, the page and the app', () => {
    expect(pageTitle('documents', 'claim-article.txt')).toBe('claim-article.txt — Documents — Spanwright');
    expect(pageTitle('review', 'claim-article.txt')).toBe('claim-article.txt — Review — Spanwright');
  });

  it('names the page alone where no document is open or the page shows none', () => {
    expect(pageTitle('documents', null)).toBe('Documents — Spanwright');
    expect(pageTitle('documents', '  ')).toBe('Documents — Spanwright');
    expect(pageTitle('overview', 'claim-article.txt')).toBe('Overview — Spanwright');
    expect(pageTitle('settings', undefined)).toBe('Settings — Spanwright');
  });
});
