import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import TeamPresence from '../../../src/lib/components/team/TeamPresence.svelte';
import TeamSettings from '../../../src/lib/components/team/TeamSettings.svelte';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { Store } from '../../../src/lib/storage/store';
import { Team } from '../../../src/lib/state/team.svelte';
import { refuseSockets } from '../../support/refusedSockets';

const stores: Store[] = [];
afterEach(async () => {
  vi.unstubAllGlobals();
  for (const store of stores.splice(0)) await store.destroy();
});

async function team(allowedServers?: readonly string[]) {
  const store = new Store(new SpanwrightDatabase(`team-${Math.random()}`));
  stores.push(store);
  await store.open({ onBlocked: () => {}, onVersionChange: () => {} });
  const value = new Team({ store, annotator: () => 'alice', documentId: () => null, allowedServers });
  await value.start();
  return { team: value, store };
}

describe('Settings → Team', () => {
  it('has Server, Project and Token; with Server empty it stays off and opens no socket', async () => {
    const sockets = vi.fn();
    vi.stubGlobal('WebSocket', sockets);
    const { team: value, store } = await team([]);
    render(TeamSettings, { team: value, annotator: 'alice' });
    expect(screen.getByLabelText('Server')).toBeTruthy();
    expect(screen.getByLabelText('Project')).toBeTruthy();
    expect(screen.getByLabelText('Token')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Project'), 'demo');
    await userEvent.click(screen.getByRole('button', { name: 'Save and work alone' }));
    await waitFor(() => expect(screen.getByTestId('team-status').textContent).toContain('sends nothing anywhere'));
    expect(value.status).toBe('off');
    expect(await store.readSetting('team', null)).toEqual({ server: '', project: 'demo', token: '' });
    expect(sockets).not.toHaveBeenCalled();
  });

  it('leaves the team when Server is emptied: says so on its button, and forgets the token', async () => {
    // No socket opens (as under a connect-src that leaves the server out): joining is stored all the same.
    refuseSockets();
    const { team: value, store } = await team(['ws://127.0.0.1:*']);
    render(TeamSettings, { team: value, annotator: 'alice' });
    await userEvent.type(screen.getByLabelText('Server'), 'ws://127.0.0.1:1');
    await userEvent.type(screen.getByLabelText('Project'), 'demo');
    await userEvent.type(screen.getByLabelText('Token'), 'secret-token');
    await userEvent.click(screen.getByRole('button', { name: 'Save and connect' }));
    await waitFor(async () =>
      expect(await store.readSetting<{ token: string } | null>('team', null)).toMatchObject({ token: 'secret-token' }),
    );
    // Saving finishes once the sync has started (its button is enabled again): over a second on a loaded machine.
    await waitFor(
      () => expect(screen.getByRole('button', { name: 'Save and connect' }).hasAttribute('disabled')).toBe(false),
      { timeout: 15_000 },
    );
    await userEvent.clear(screen.getByLabelText('Server'));
    await userEvent.click(screen.getByRole('button', { name: 'Save and work alone' }));
    await waitFor(() => expect(value.status).toBe('off'));
    expect(await store.readSetting('team', null)).toEqual({ server: '', project: 'demo', token: '' });
    expect((screen.getByLabelText('Token') as HTMLInputElement).value).toBe('');
  });

  it('refuses an address that is not ws:// or wss://, and a server the build may not reach, storing nothing', async () => {
    const { team: value, store } = await team(['ws://127.0.0.1:*']);
    render(TeamSettings, { team: value, annotator: 'alice' });
    await userEvent.type(screen.getByLabelText('Server'), 'https://sync.example.org');
    await userEvent.type(screen.getByLabelText('Project'), 'demo');
    await userEvent.type(screen.getByLabelText('Token'), 'secret-token');
    await userEvent.click(screen.getByRole('button', { name: 'Save and connect' }));
    expect((await screen.findByRole('alert')).textContent).toContain('ws:// or wss://');
    await userEvent.clear(screen.getByLabelText('Server'));
    await userEvent.type(screen.getByLabelText('Server'), 'wss://sync.example.org');
    await userEvent.click(screen.getByRole('button', { name: 'Save and connect' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('may reach only ws://127.0.0.1:*'));
    expect(await store.readSetting('team', null)).toBeNull();
    expect(value.status).toBe('off');
  });

  it('says which server team sync still uses when a new address is refused', async () => {
    refuseSockets();
    const { team: value } = await team(['ws://127.0.0.1:*']);
    render(TeamSettings, { team: value, annotator: 'alice' });
    await userEvent.type(screen.getByLabelText('Server'), 'ws://127.0.0.1:4999');
    await userEvent.type(screen.getByLabelText('Project'), 'demo');
    await userEvent.type(screen.getByLabelText('Token'), 'secret-token');
    await userEvent.click(screen.getByRole('button', { name: 'Save and connect' }));
    await waitFor(() => expect(value.settings.server).toBe('ws://127.0.0.1:4999'));
    await userEvent.clear(screen.getByLabelText('Server'));
    await userEvent.type(screen.getByLabelText('Server'), 'ws://localhost:4622');
    await userEvent.click(screen.getByRole('button', { name: 'Save and connect' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toMatch(
        /may reach only ws:\/\/127\.0\.0\.1:\*.* Nothing was saved \(team sync still uses ws:\/\/127\.0\.0\.1:4999\)\.$/u,
      ),
    );
    await value.stop();
  });

  it('says a copy built to reach no server saved nothing, and how to get one that may reach the team’s', async () => {
    const { team: value, store } = await team([]);
    render(TeamSettings, { team: value, annotator: 'alice' });
    await userEvent.type(screen.getByLabelText('Server'), 'ws://127.0.0.1:4999');
    await userEvent.type(screen.getByLabelText('Project'), 'news-1');
    await userEvent.type(screen.getByLabelText('Token'), 'secret-token');
    await userEvent.click(screen.getByRole('button', { name: 'Save and connect' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This copy of Spanwright was built to reach no sync server (its security policy). Ask whoever hosts it for a copy built for your team’s server (they set SPANWRIGHT_SYNC_ORIGINS when they build it). Nothing was saved.',
    );
    expect(await store.readSetting('team', null)).toBeNull();
  });

  it('says the server can not be reached, naming it, when every socket is blocked before it opens; and keeps trying', async () => {
    // As a page whose Content-Security-Policy connect-src leaves the server out: no socket ever opens.
    const sockets = refuseSockets();
    const { team: value } = await team();
    render(TeamSettings, { team: value, annotator: 'alice' });
    render(TeamPresence, { team: value, title: (id: string) => id });
    await userEvent.type(screen.getByLabelText('Server'), 'ws://127.0.0.1:9');
    await userEvent.type(screen.getByLabelText('Project'), 'demo');
    await userEvent.type(screen.getByLabelText('Token'), 'secret-token');
    await userEvent.click(screen.getByRole('button', { name: 'Save and connect' }));
    const status = screen.getByTestId('team-status');
    await waitFor(() => expect(status.textContent).toContain("Can't reach the server."), { timeout: 15_000 });
    expect(screen.getByTestId('team-unreachable').textContent).toMatch(
      /^The sync server at ws:\/\/127\.0\.0\.1:9 could not be reached \(tried \d+ times; still trying\)\. Check the Server address, and that the host's security policy \(Content-Security-Policy connect-src\)/u,
    );
    expect(status.textContent).not.toContain('Connecting…');
    const presence = screen.getByTestId('team-presence');
    expect(presence.dataset.status).not.toBe('online');
    expect(presence.hasAttribute('data-unreachable')).toBe(true);
    expect(presence.querySelector('.state')?.textContent).toBe("Can't reach 127.0.0.1:9");
    expect(presence.getAttribute('title')).toContain('ws://127.0.0.1:9 could not be reached');
    const tried = sockets.opened;
    await waitFor(() => expect(sockets.opened).toBeGreaterThan(tried), { timeout: 15_000 });
    await value.stop();
  });
});
