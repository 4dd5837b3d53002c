import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import StatusLine from '../../../src/lib/components/app/StatusLine.svelte';
import { until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

/** The footer's label hint, as read: "1–4 label" or "1, 3, 5 label". */
function labelHint(): string {
  const hints = screen.getByRole('contentinfo').querySelector('.hints')?.textContent ?? '';
  return /Select text · (.*?label) ·/u.exec(hints.replace(/\s+/gu, ' '))?.[1] ?? '';
}

describe('StatusLine label keys', () => {
  it('names the keys the labels really have: a range when they run without a gap, else each key', async () => {
    const workbench = await startWorkbench();
    render(StatusLine, { workbench, page: 'documents' });
    expect(labelHint()).toBe('1–4 label');
    // Keys 1, 3, 4, 2 in label order are still the run 1 to 4.
    await workbench.labelSet.rekey('denial', '3');
    await workbench.labelSet.rekey('sanction', '4');
    await workbench.labelSet.rekey('visit', '2');
    await until(() => workbench.corpus.labels.map((label) => label.hotkey).join() === '1,3,4,2');
    await until(() => labelHint() === '1–4 label');
    // Keys 1, 5, 4, 2 have a gap: each is named, in key order.
    await workbench.labelSet.rekey('denial', '5');
    await until(() => workbench.corpus.labels.map((label) => label.hotkey).join() === '1,5,4,2');
    await until(() => labelHint() === '1, 2, 4, 5 label');
  });
});

describe('StatusLine keys with single-key shortcuts off', () => {
  it('writes the label keys and the hinted keys with Alt', async () => {
    const workbench = await startWorkbench();
    render(StatusLine, { workbench, page: 'documents', characterKeys: 'alt' });
    expect(labelHint()).toBe('Alt+1–4 label');
    const kbds = [...screen.getByRole('contentinfo').querySelectorAll('.hints kbd')].map((kbd) => kbd.textContent);
    expect(kbds).toContain('Alt+D');
    expect(kbds).toContain('Ctrl+Z');
  });
});

describe('StatusLine news', () => {
  it('says passing news with its hook, waits while the outcome of an action or an error stands, and lets the news fade', async () => {
    const workbench = await startWorkbench();
    render(StatusLine, { workbench, page: 'documents' });
    const line = screen.getByRole('status');
    workbench.session.announce('Ready to work offline.', 'offline-ready');
    await until(() => screen.queryByTestId('offline-ready') === line);
    expect(line.textContent).toBe('Ready to work offline.');
    workbench.session.dismiss();
    await until(() => line.textContent === '' && !line.hasAttribute('data-testid'));
    // The outcome of the user's last action is not replaced by the news; the news follows it.
    workbench.session.notify('Proposed 3 spans from the copy.');
    workbench.session.announce('Ready to work offline.', 'offline-ready');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(line.textContent).toBe('Proposed 3 spans from the copy.');
    workbench.session.dismissInfo();
    await until(() => screen.queryByTestId('offline-ready') === line);
    workbench.session.dismiss();
    // An error stays until replaced; the news waits behind it too.
    workbench.session.notify('Not saved: the disk is full.', 'error');
    workbench.session.announce('Ready to work offline.', 'offline-ready');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(line.textContent).toBe('Not saved: the disk is full.');
    expect(screen.queryByTestId('offline-ready')).toBeNull();
    workbench.session.dismiss();
    await until(() => screen.queryByTestId('offline-ready') === line);
  });
});

describe('StatusLine notices', () => {
  it('keeps a notice long enough to read it: a long one longer than a short one, a warning four times as long, an error until replaced', async () => {
    const workbench = await startWorkbench();
    render(StatusLine, { workbench, page: 'documents' });
    const said = () => screen.getByRole('status').textContent ?? '';
    vi.useFakeTimers();
    try {
      workbench.session.notify('Saved.');
      await vi.advanceTimersByTimeAsync(3900);
      expect(said()).toBe('Saved.');
      await vi.advanceTimersByTimeAsync(200);
      expect(said()).toBe('');
      const long = `Nothing is selected: drag over the words to label (or press T, then Shift and the arrows), then press claim's key.`;
      workbench.session.notify(long);
      await vi.advanceTimersByTimeAsync(7000);
      expect(said()).toBe(long);
      await vi.advanceTimersByTimeAsync(long.length * 70 - 7000 + 100);
      expect(said()).toBe('');
      // A warning (the team removed a label with the user's spans) stays 4 × as long, then lets news waiting behind it show.
      const removed = 'The team removed the label visit: your 2 spans with it were removed.';
      workbench.session.notify(removed, 'warning');
      workbench.session.announce('The team renamed the label claim to assertion.');
      await vi.advanceTimersByTimeAsync(removed.length * 70 * 4 - 100);
      expect(said()).toBe(removed);
      await vi.advanceTimersByTimeAsync(200);
      expect(said()).toBe('The team renamed the label claim to assertion.');
      workbench.session.notify('Not saved: the disk is full.', 'error');
      await vi.advanceTimersByTimeAsync(60_000);
      expect(said()).toBe('Not saved: the disk is full.');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('StatusLine read out', () => {
  it('writes a notice the same as the last one anew, so a screen reader reads it again', async () => {
    const workbench = await startWorkbench();
    render(StatusLine, { workbench, page: 'documents' });
    const status = screen.getByRole('status');
    workbench.session.notify('Nothing to delete: select a span first.');
    await until(() => status.textContent === 'Nothing to delete: select a span first.');
    const written: MutationRecord[] = [];
    const observer = new MutationObserver((records) => written.push(...records));
    observer.observe(status, { childList: true, characterData: true, subtree: true });
    workbench.session.notify('Nothing to delete: select a span first.');
    await until(() => written.length > 0);
    observer.disconnect();
    expect(status.textContent).toBe('Nothing to delete: select a span first.');
  });
});
