import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import StorageInfo from '../../../src/lib/components/app/StorageInfo.svelte';
import type { StorageLike } from '../../../src/lib/storage/persistence';

function fakeStorage(options: { persisted: boolean; grant: boolean; usage?: number; quota?: number }) {
  let persisted = options.persisted;
  return {
    persisted: vi.fn(async () => persisted),
    persist: vi.fn(async () => (persisted = persisted || options.grant)),
    estimate: vi.fn(async () => ({ usage: options.usage, quota: options.quota })),
  } satisfies StorageLike;
}

/** The "Keep data persistent" button once the browser has answered (it stands disabled until then). */
async function enabledKeepButton(): Promise<HTMLButtonElement> {
  const button = await screen.findByRole<HTMLButtonElement>('button', { name: 'Keep data persistent' });
  await waitFor(() => expect(button.disabled).toBe(false));
  return button;
}

describe('StorageInfo', () => {
  it('stands at its full height while the browser answers, so the settings below it do not move under the pointer', async () => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const storage = fakeStorage({ persisted: false, grant: false, usage: 2048, quota: 1024 ** 3 });
    storage.persisted.mockImplementation(async () => {
      await answered;
      return false;
    });
    render(StorageInfo, { storage });
    // Before the answer: both rows and the (disabled) button already stand, saying they are reading.
    expect(screen.getByTestId('storage-persisted').textContent).toContain('Reading…');
    expect(screen.getByTestId('storage-persisted').dataset.persisted).toBeUndefined();
    expect(screen.getByTestId('storage-usage').textContent).toContain('Reading…');
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'Keep data persistent' });
    expect(button.disabled).toBe(true);
    answer();
    await waitFor(() => expect(screen.getByTestId('storage-persisted').dataset.persisted).toBe('false'));
    expect(screen.getByTestId('storage-usage').textContent).toContain('2 KB of 1 GB');
    // The same button, now usable.
    expect(screen.getByRole('button', { name: 'Keep data persistent' })).toBe(button);
    expect(button.disabled).toBe(false);
  });

  it('shows that storage is not persistent, the usage and the quota', async () => {
    render(StorageInfo, {
      storage: fakeStorage({ persisted: false, grant: false, usage: 1.5 * 1024 * 1024, quota: 10 * 1024 ** 3 }),
    });
    await waitFor(() => expect(screen.getByTestId('storage-persisted').textContent).toContain('Not persistent'));
    expect(screen.getByTestId('storage-usage').textContent).toContain('1.5 MB of 10 GB');
    expect(screen.getByRole('button', { name: 'Keep data persistent' })).toBeTruthy();
  });

  it('says nothing is uploaded only while team sync is off, and names the server it sends to when on', () => {
    const storage = fakeStorage({ persisted: true, grant: true, usage: 0, quota: 1024 });
    const { unmount } = render(StorageInfo, { storage });
    expect(screen.getByTestId('storage-info').textContent).toContain('nothing is uploaded');
    unmount();
    render(StorageInfo, { storage, syncing: 'wss://sync.example.org' });
    const said = screen.getByTestId('storage-info').textContent!;
    expect(said).not.toContain('nothing is uploaded');
    expect(said).toContain('also go to the team’s sync server (wss://sync.example.org)');
  });

  it('asks for persistence and shows the grant', async () => {
    const storage = fakeStorage({ persisted: false, grant: true, usage: 0, quota: 1024 });
    render(StorageInfo, { storage });
    await userEvent.click(await enabledKeepButton());
    expect(storage.persist).toHaveBeenCalledOnce();
    await waitFor(() => expect(screen.getByTestId('storage-persisted').textContent).toContain('Persistent'));
    expect(screen.getByTestId('storage-persisted').dataset.persisted).toBe('true');
    // Nothing left to ask for.
    expect(screen.queryByRole('button', { name: 'Keep data persistent' })).toBeNull();
  });

  it('explains a refusal', async () => {
    render(StorageInfo, { storage: fakeStorage({ persisted: false, grant: false, usage: 0, quota: 1024 }) });
    await userEvent.click(await enabledKeepButton());
    await screen.findByText(/The browser declined/u);
    expect(screen.getByTestId('storage-persisted').dataset.persisted).toBe('false');
  });

  it('copes with a browser that offers no storage API', async () => {
    render(StorageInfo, { storage: undefined });
    await waitFor(() => expect(screen.getByTestId('storage-persisted').textContent).toContain('Unknown'));
    expect(screen.getByTestId('storage-usage').textContent).toContain('does not report');
    expect(screen.getByRole('button', { name: 'Keep data persistent' })).toHaveProperty('disabled', true);
    expect(screen.getByText(/offers no way to ask/u)).toBeTruthy();
  });
});
