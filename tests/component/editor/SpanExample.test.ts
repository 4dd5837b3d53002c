import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import SpanList from '../../../src/lib/components/editor/SpanList.svelte';

import { databaseOf, spanInOpenDocument, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

describe('SpanList examples', () => {
  it('marks the selected span as an example with its button, stored on the span, and undoes it', async () => {
    const workbench = await startWorkbench();
    const { span } = await spanInOpenDocument(workbench, 'North Korea', 'claim');
    render(SpanList, { workbench });
    await userEvent.click(await screen.findByTestId('span-item'));
    const button = screen.getByRole('button', { name: 'Example' });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    await userEvent.click(button);
    await until(() => screen.getByTestId('span-item').hasAttribute('data-example'));
    expect((await databaseOf(workbench).spans.get(span.id))?.example).toBe(true);
    expect(screen.getByRole('button', { name: 'Example' }).getAttribute('aria-pressed')).toBe('true');
    await workbench.labelling.undo();
    await until(() => !screen.getByTestId('span-item').hasAttribute('data-example'));
    expect((await databaseOf(workbench).spans.get(span.id))?.example).toBeUndefined();
  });
});
