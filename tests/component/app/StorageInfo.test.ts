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

describe('StorageInfo', () => {
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
    await userEvent.click(await screen.findByRole('button', { name: 'Keep data persistent' }));
    expect(storage.persist).toHaveBeenCalledOnce();
    await waitFor(() => expect(screen.getByTestId('storage-persisted').textContent).toContain('Persistent'));
    expect(screen.getByTestId('storage-persisted').dataset.persisted).toBe('true');
    // Nothing left to ask for.
    expect(screen.queryByRole('button', { name: 'Keep data persistent' })).toBeNull();
  });

  it('explains a refusal', async () => {
    render(StorageInfo, { storage: fakeStorage({ persisted: false, grant: false, usage: 0, quota: 1024 }) });
    await userEvent.click(await screen.findByRole('button', { name: 'Keep data persistent' }));
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
