// Settings → Labels with team sync on, through a real sync server process: an annotator can not
// change the team's labels; a reviewer's delete question says whose spans go with the label.
import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import LabelSettings from '../../../src/lib/components/labels/LabelSettings.svelte';
import { useTeamServer } from '../../support/teamWorkbenches';
import { spanInOpenDocument, until } from '../../support/workbench';

const teamMember = useTeamServer([
  { name: 'lead', token: 'lead-secret-1', role: 'reviewer' },
  { name: 'bob', token: 'bob-secret-22', role: 'annotator' },
]);

async function arrived(condition: () => Promise<boolean>): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > 30_000) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('LabelSettings with team sync', { timeout: 90_000 }, () => {
  it('an annotator can not change or delete the team’s labels; the reviewer’s delete says whose spans go, and the annotator is told', async () => {
    const lead = await teamMember('lead');
    await until(() => lead.team?.role === 'reviewer' && lead.team.teamLabels.has('visit'), 30_000);
    const bob = await teamMember('bob');
    await until(() => bob.team?.role === 'annotator' && bob.team.teamLabels.has('visit'), 30_000);
    await spanInOpenDocument(bob, 'the', 'visit');
    await spanInOpenDocument(lead, 'of', 'visit');

    const view = render(LabelSettings, { workbench: bob });
    expect(screen.getByText(/The team's labels are set by its reviewers/u)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Delete visit' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByLabelText('Name of visit') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByLabelText('Colour of visit') as HTMLInputElement).disabled).toBe(true);
    // A label bob adds himself stays his to edit.
    await userEvent.type(screen.getByLabelText('New label name'), 'mine');
    await userEvent.click(screen.getByRole('button', { name: 'Add label' }));
    await until(() => screen.queryByRole('button', { name: 'Delete mine' }) !== null);
    expect((screen.getByRole('button', { name: 'Delete mine' }) as HTMLButtonElement).disabled).toBe(false);
    view.unmount();

    render(LabelSettings, { workbench: lead });
    expect(screen.queryByText(/The team's labels are set by its reviewers/u)).toBeNull();
    // A label no span here carries still goes from the whole team, with what a member offline holds (helper-198).
    await userEvent.click(screen.getByRole('button', { name: 'Delete denial' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /Delete “denial” from the whole team\? No span with it has reached this copy; spans with it that members have not sent yet go too/u,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    // Bob's span has reached the lead's copy.
    await arrived(async () => (await lead.store.countSpansByAnnotator('visit')).get('bob') === 1);
    await userEvent.click(screen.getByRole('button', { name: 'Delete visit' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /Delete “visit” and its 2 spans \(1 yours, 1 bob’s\) from the whole team\? Spans with it that members have not sent yet go too, and this cannot be undone\./u,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    // Bob's status line says what the removal took from him: a warning (the team's doing, not a failure).
    await until(() => bob.session.notice !== null, 30_000);
    expect(bob.session.notice).toEqual({
      text: 'The team removed the label visit: your 1 span with it was removed.',
      tone: 'warning',
    });
    expect(await bob.store.countWithLabel('visit')).toBe(0);
  });
});
