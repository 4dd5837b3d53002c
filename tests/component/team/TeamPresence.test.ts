import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import TeamPresence from '../../../src/lib/components/team/TeamPresence.svelte';
import type { HeldLayer, Peer, ReviewConflict, Team } from '../../../src/lib/state/team.svelte';
import type { Span } from '../../../src/lib/model/types';

const span = (annotator: string, by: string, updated: number): Span => ({
  id: `${annotator}:0-3:claim:d1`,
  documentId: 'd1',
  annotator,
  start: 0,
  end: 3,
  label: 'claim',
  text: 'Kim',
  created: updated,
  updated,
  origin: { kind: annotator === 'gold' ? 'a' : 'neither', annotators: ['bob'], by, at: updated },
});

describe('Team presence', () => {
  it('tells a reviewer which of two opposite decisions on a span stands, until dismissed', async () => {
    const conflicts: ReviewConflict[] = [{ kept: span('gold:rejected', 'dora', 6), dropped: span('gold', 'alice', 5) }];
    const dismissConflicts = vi.fn();
    const team = { status: 'online', message: null, peers: [], unsynced: 0, conflicts, held: [], dismissConflicts };
    render(TeamPresence, { team: team as unknown as Team, title: () => 'Fox News' });
    await userEvent.click(screen.getByRole('button', { name: '1 opposite decision' }));
    expect(screen.getByTestId('team-conflict-list').textContent).toContain(
      '“Kim” (claim) in “Fox News”: dora’s reject stands over alice’s keep',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(dismissConflicts).toHaveBeenCalledOnce();
    expect(screen.queryByTestId('team-conflict-list')).toBeNull();
  });

  it('counts the spans from the team held for want of their document, and says why for each', async () => {
    const held: HeldLayer[] = [
      { annotator: 'bob', documentId: '1', reason: 'different', spans: 2 },
      { annotator: 'carol', documentId: 'carols-own', reason: 'missing', spans: 1 },
    ];
    const team = { status: 'offline', message: null, peers: [], unsynced: 0, conflicts: [], held };
    render(TeamPresence, { team: team as unknown as Team, title: (id: string) => id });
    await userEvent.click(screen.getByRole('button', { name: '3 spans held' }));
    const items = [...screen.getByTestId('team-held-list').querySelectorAll('li')].map((item) => item.textContent);
    expect(items).toEqual([
      'bob’s 2 spans in “1”: this copy has another text under that id (yours is kept); they quote text it does not have there.',
      'carol’s 1 span in “carols-own”: this copy does not have that document.',
    ]);
  });

  it('says work waits to be sent while offline or unreachable, and only then', () => {
    const team = (status: string, unsynced: number, unreachable: string | null = null) =>
      ({
        status,
        message: null,
        peers: [],
        unsynced,
        conflicts: [],
        held: [],
        unreachable,
        settings: { server: 'ws://h:1' },
      }) as unknown as Team;
    const { unmount } = render(TeamPresence, { team: team('offline', 1), title: (id: string) => id });
    expect(screen.getByTestId('team-waiting').textContent).toBe('waiting to send');
    unmount();
    const second = render(TeamPresence, {
      team: team('connecting', 2, 'No connection reached ws://h:1.'),
      title: (id: string) => id,
    });
    expect(screen.getByTestId('team-presence').textContent).toContain("Can't reach h:1");
    expect(screen.getByTestId('team-waiting')).toBeTruthy();
    second.unmount();
    const third = render(TeamPresence, { team: team('offline', 0), title: (id: string) => id });
    expect(screen.queryByTestId('team-waiting')).toBeNull();
    third.unmount();
    // Refused (a wrong token): kept here too, and it goes once the server accepts the token.
    render(TeamPresence, { team: team('refused', 1), title: (id: string) => id });
    expect(screen.getByTestId('team-waiting').getAttribute('title')).toContain('once the server accepts them');
  });

  const XSS = '<img src=x onerror=alert(1)>';
  const online = (names: string[]) => {
    const peers: Peer[] = names.map((name, index) => ({
      clientId: index + 1,
      name,
      documentId: index % 2 ? null : 'd1',
      page: 'documents',
    }));
    return { status: 'online', message: null, peers, unsynced: 0, conflicts: [], held: [] } as unknown as Team;
  };

  it('shows three initials and "+N" for six others, and the whole list on Enter, names as text, until Escape', async () => {
    const names = ['alice', 'bob', 'carol', 'dora', 'Maximiliane Oberhuber-Schwarzenberg', XSS];
    const { container } = render(TeamPresence, { team: online(names), title: () => 'Fox News' });
    const faces = screen.getByRole('button', { name: 'Who is online: 6 others' });
    expect([...faces.querySelectorAll('.face')].map((face) => face.textContent)).toEqual(['A', 'B', 'C', '+3']);
    // Two whose first letters are alike are told apart, by the digit their names end with, and by colour.
    const twins = render(TeamPresence, { team: online(['ann10', 'ann20', 'alex']), title: (id: string) => id });
    const faces2 = twins.getByRole('button', { name: 'Who is online: 3 others' });
    const shown = [...faces2.querySelectorAll<HTMLElement>('.face')];
    expect(shown.map((face) => face.textContent)).toEqual(['A1', 'A2', 'AL']);
    expect(new Set(shown.map((face) => face.style.getPropertyValue('--hue'))).size).toBe(3);
    twins.unmount();
    const prefix = render(TeamPresence, { team: online(['ann', 'anna']), title: (id: string) => id });
    const faces3 = prefix.getByRole('button', { name: 'Who is online: 2 others' });
    expect([...faces3.querySelectorAll('.face')].map((face) => face.textContent)).toEqual(['A', 'AA']);
    prefix.unmount();
    expect(faces.getAttribute('aria-expanded')).toBe('false');
    expect(screen.getByText('dora').closest('[hidden]')).not.toBeNull();

    faces.focus();
    await userEvent.keyboard('{Enter}');
    expect(faces.getAttribute('aria-expanded')).toBe('true');
    const entries = screen.getAllByTestId('team-peer');
    expect(entries.map((entry) => entry.getAttribute('data-name'))).toEqual(names);
    expect(entries.map((entry) => entry.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'A alice has “Fox News” open',
      'B bob no document open',
      'C carol has “Fox News” open',
      'D dora no document open',
      'MO Maximiliane Oberhuber-Schwarzenberg has “Fox News” open',
      `IS ${XSS} no document open`,
    ]);
    expect(entries[0].getAttribute('data-doc-id')).toBe('d1');
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(XSS).closest('[hidden]')).toBeNull();

    await userEvent.keyboard('{Escape}');
    expect(faces.getAttribute('aria-expanded')).toBe('false');
    expect(screen.getByText(XSS).closest('[hidden]')).not.toBeNull();
    expect(document.activeElement).toBe(faces);
  });

  it('names the one other member online in the bar, and a member with several tabs once, in the list too', async () => {
    const team = online(['bob', 'bob', 'bob']);
    render(TeamPresence, { team, title: (documentId: string) => (documentId === 'd1' ? 'Fox News' : documentId) });
    const faces = screen.getByRole('button', { name: 'Who is online: bob' });
    expect(faces.textContent?.replace(/\s+/g, ' ').trim()).toBe('B bob');
    await userEvent.click(faces);
    expect(screen.getByText('Also online:')).toBeTruthy();
    // Three tabs, two on the same document and one on none: one row, the document once.
    expect(screen.getAllByTestId('team-peer').map((entry) => entry.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'B bob has “Fox News” open (3 tabs)',
    ]);
  });

  it('says which document a member reviews, beside the one open on their Documents page', async () => {
    const peers: Peer[] = [
      { clientId: 1, name: 'bob', documentId: 'd1', page: 'documents' },
      { clientId: 2, name: 'bob', documentId: 'd2', page: 'review' },
      { clientId: 3, name: 'carol', documentId: 'd2', page: 'review' },
    ];
    const team = { status: 'online', message: null, peers, unsynced: 0, conflicts: [], held: [] } as unknown as Team;
    render(TeamPresence, { team, title: (documentId: string) => (documentId === 'd1' ? 'Fox News' : 'Arms deal') });
    await userEvent.click(screen.getByRole('button', { name: 'Who is online: 2 others' }));
    expect(screen.getAllByTestId('team-peer').map((entry) => entry.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'B bob has “Fox News” open, reviews “Arms deal” (2 tabs)',
      'C carol reviews “Arms deal”',
    ]);
    expect(screen.getAllByTestId('team-peer').map((entry) => entry.getAttribute('data-reviews'))).toEqual(['d2', 'd2']);
  });
});
