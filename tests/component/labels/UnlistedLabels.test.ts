// Settings → "Labels in use, not in the set", through a real sync server process: an annotator's own
// label reaches the reviewer with their spans; the reviewer sees it named, with whose spans carry it,
// and adds it to the team's labels in one press, after which every copy has it with a colour and key.
import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import UnlistedLabels from '../../../src/lib/components/labels/UnlistedLabels.svelte';
import { useTeamServer } from '../../support/teamWorkbenches';
import { spanInOpenDocument, startedWorkbench, until } from '../../support/workbench';

const teamMember = useTeamServer([
  { name: 'lead', token: 'lead-secret-1', role: 'reviewer' },
  { name: 'bob', token: 'bob-secret-22', role: 'annotator' },
  { name: 'cy', token: 'cy-secret-333', role: 'annotator' },
]);

describe('labels in use that the set lacks', { timeout: 90_000 }, () => {
  it('offers no button for a label that differs from one of the set only by case, and says why', async () => {
    const workbench = await startedWorkbench();
    // Spans brought as "Claim" (a file spells names as it likes) beside the set's "claim".
    await spanInOpenDocument(workbench, 'the', 'Claim');
    render(UnlistedLabels, { workbench });
    const item = await screen.findByText('Claim', {}, { timeout: 10_000 });
    expect(item.closest('li')?.textContent).toContain('A label "claim" exists already; names differ only by case');
    expect(screen.queryByRole('button', { name: /Add Claim/u })).toBeNull();
    workbench.stop();
    await workbench.store.destroy();
  });

  it('names an annotator’s own label on the reviewer’s copy, and the reviewer adds it for the whole team', async () => {
    const lead = await teamMember('lead');
    await until(() => lead.team?.role === 'reviewer' && lead.team.teamLabels.has('visit'), 30_000);
    const bob = await teamMember('bob');
    await until(() => bob.team?.role === 'annotator' && bob.team.teamLabels.has('visit'), 30_000);
    // Bob adds a label of his own (it stays in his copy) and labels two phrases with it.
    expect(await bob.labelSet.add('threat')).toBeNull();
    await spanInOpenDocument(bob, 'the', 'threat');
    await spanInOpenDocument(bob, 'of', 'threat');

    // Bob's copy has the label: nothing to list there.
    const bobs = render(UnlistedLabels, { workbench: bob });
    expect(screen.queryByTestId('unlisted-labels')).toBeNull();
    bobs.unmount();

    render(UnlistedLabels, { workbench: lead });
    const item = await screen.findByText('threat', {}, { timeout: 30_000 });
    expect(item.closest('li')?.textContent).toMatch(/threat: 2 spans by bob/u);
    expect(screen.getByTestId('unlisted-labels').textContent).toContain(
      'Team members labelled with labels of their own',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Add threat to the team’s labels' }));
    await until(() => screen.queryByTestId('unlisted-labels') === null, 30_000);
    const added = lead.corpus.labels.find((label) => label.name === 'threat');
    expect(added?.colour).toMatch(/^#/u);
    // The team's set now has it: bob's copy takes it as the team's.
    await until(() => bob.team?.teamLabels.has('threat') ?? false, 30_000);
  });

  it('names another annotator’s own label on an annotator’s copy, with no button: a reviewer adds it', async () => {
    // The reviewer's first join gives the team its label set.
    const lead = await teamMember('lead');
    await until(() => lead.team?.role === 'reviewer' && lead.team.teamLabels.has('visit'), 30_000);
    const bob = await teamMember('bob');
    await until(() => bob.team?.role === 'annotator' && bob.team.teamLabels.has('visit'), 30_000);
    const cy = await teamMember('cy');
    await until(() => cy.team?.role === 'annotator' && cy.team.teamLabels.has('visit'), 30_000);
    expect(await cy.labelSet.add('threat')).toBeNull();
    await spanInOpenDocument(cy, 'the', 'threat');

    render(UnlistedLabels, { workbench: bob });
    const item = await screen.findByText('threat', {}, { timeout: 30_000 });
    expect(item.closest('li')?.textContent).toMatch(/threat: 1 span by cy/u);
    expect(screen.queryByRole('button', { name: /Add threat/u })).toBeNull();
    expect(screen.getByText('A reviewer can add them to the team’s labels.')).toBeTruthy();
  });
});
