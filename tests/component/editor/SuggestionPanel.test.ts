import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import DocumentView from '../../../src/lib/components/editor/DocumentView.svelte';
import SuggestionPanel from '../../../src/lib/components/editor/SuggestionPanel.svelte';
import { until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();
const FOX = '000_c25c54a9dd113007';

describe('SuggestionPanel', () => {
  it('proposes occurrences with its button, draws them dashed in the text, and accepts and rejects the focused one', async () => {
    const workbench = await startWorkbench();
    workbench.open(FOX);
    await until(() => workbench.document.current?.id === FOX && workbench.document.viewShowsCurrent);
    render(DocumentView, { workbench });
    render(SuggestionPanel, { workbench });
    const current = workbench.document.current!;
    const at = current.text.indexOf('Russia');
    await workbench.labelling.createFromRange(current, 'claim', at, at + 6, true);

    await userEvent.click(screen.getByRole('button', { name: 'Occurrences here' }));
    await until(() => workbench.suggestions.list.length > 0);
    await until(() => screen.getByTestId('suggestion-count').textContent === '3');
    const drawn = () => [...document.querySelectorAll('[data-testid=doc-text] [data-suggestion]')];
    await until(() => drawn().length === 3);
    for (const element of drawn()) {
      expect(element.textContent).toBe('Russia');
      expect(element.getAttribute('data-label')).toBe('claim');
      expect(element.classList.contains('hl-suggestion')).toBe(true);
    }
    // The Fox article has a near-duplicate copy (001): the panel offers its spans.
    await screen.findByRole('button', { name: 'Propose spans from the near-duplicate copy' });

    workbench.suggestions.step(1);
    await until(() => screen.queryByTestId('suggestion-focus') !== null);
    expect(screen.getByTestId('suggestion-focus').textContent).toContain('another occurrence of a span you labelled');
    // A screen reader hears which suggestion Enter and Backspace now act on, as ] says a span.
    expect(workbench.announcer.text).toBe('Suggestion 1 of 3: claim “Russia”. Enter accepts, Backspace rejects.');
    // A span selected after it takes the keys: the suggestion is no longer shown focused.
    workbench.document.selectSpan(workbench.document.spans[0].id);
    await until(() => screen.queryByTestId('suggestion-focus') === null);
    expect(workbench.suggestions.focused).toBeNull();
    workbench.suggestions.step(1);
    await until(() => screen.queryByTestId('suggestion-focus') !== null);
    expect(workbench.document.selectedSpanId).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Accept' }));
    await until(
      () => workbench.document.spans.length === 2 && screen.getByTestId('suggestion-count').textContent === '2',
    );
    expect(workbench.document.spans.filter((span) => span.source === 'propagated')).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Reject' }));
    await until(() => screen.getByTestId('suggestion-count').textContent === '1' && drawn().length === 1);
    expect(workbench.document.spans).toHaveLength(2);

    await userEvent.click(screen.getByRole('button', { name: 'Accept all' }));
    await until(() => screen.getByTestId('suggestion-count').textContent === '0' && drawn().length === 0);
    await until(() => workbench.document.spans.length === 3);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Match case' }));
    expect(workbench.suggestions.caseSensitive).toBe(true);
  });
});
