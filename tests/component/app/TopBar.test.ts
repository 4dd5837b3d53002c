import { render, screen } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import TopBar from '../../../src/lib/components/app/TopBar.svelte';
import { until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();
const noop = () => undefined;

describe('TopBar annotator field', () => {
  it('switches to a named annotator, and refuses the review’s gold layer, saying where it is edited', async () => {
    const workbench = await startWorkbench();
    render(TopBar, { workbench, page: 'documents', onfiles: noop, onexport: noop, onhelp: noop });
    const field = screen.getByLabelText<HTMLInputElement>('Annotator');
    const first = workbench.session.annotator;

    await userEvent.clear(field);
    await userEvent.type(field, 'gold{Enter}');
    await until(() => field.value === first);
    expect(workbench.session.annotator).toBe(first);
    expect(workbench.session.notice?.text).toBe(
      "“gold” is the review's layer: it is edited on the Review page, not labelled here.",
    );

    await userEvent.clear(field);
    await userEvent.type(field, 'bea{Enter}');
    await until(() => workbench.session.annotator === 'bea');
    expect(field.value).toBe('bea');
  });
});
