import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import AppearanceSetting from '../../../src/lib/components/app/AppearanceSetting.svelte';
import { applyTheme, readTheme } from '../../../src/lib/state/theme';

afterEach(() => {
  localStorage.clear();
  delete document.documentElement.dataset.theme;
});

describe('the theme', () => {
  it('follows the system until one is chosen, and ignores what it does not know', () => {
    expect(readTheme(localStorage)).toBe('system');
    localStorage.setItem('spanwright.theme', 'sepia');
    expect(readTheme(localStorage)).toBe('system');
    expect(
      readTheme({
        getItem: () => {
          throw new Error('storage refused');
        },
      }),
    ).toBe('system');
  });

  it('is shown on the html element and kept, and forgotten again for the system', () => {
    applyTheme('dark', document.documentElement, localStorage);
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(readTheme(localStorage)).toBe('dark');
    applyTheme('system', document.documentElement, localStorage);
    expect(document.documentElement.dataset.theme).toBeUndefined();
    expect(localStorage.getItem('spanwright.theme')).toBeNull();
  });
});

describe('AppearanceSetting', () => {
  it('shows the kept theme and applies and keeps the one chosen', async () => {
    localStorage.setItem('spanwright.theme', 'light');
    render(AppearanceSetting);
    const select = screen.getByLabelText<HTMLSelectElement>('Theme');
    expect(select.value).toBe('light');
    await userEvent.selectOptions(select, 'Dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem('spanwright.theme')).toBe('dark');
    await userEvent.selectOptions(select, 'As the system');
    expect(document.documentElement.dataset.theme).toBeUndefined();
    expect(localStorage.getItem('spanwright.theme')).toBeNull();
  });
});
