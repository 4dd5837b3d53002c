import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import NewLabels from '../../../src/lib/components/files/NewLabels.svelte';

describe('the import card’s new labels', () => {
  it('names a label that reads as a known one but is other characters, with the characters, beside case twins', () => {
    render(NewLabels, { added: ['claim\u00a0x', 'VISIT', 'person'], known: ['claim x', 'visit'] });
    const said = screen.getByTestId('import-new-labels').textContent ?? '';
    expect(said).toContain('New labels will be added: claim\u00a0x, VISIT, person');
    expect(said).toMatch(/“VISIT” differs from “visit”\s+only by case/u);
    expect(screen.getByTestId('import-look-alike').textContent).toMatch(
      /^“claim\u00a0x” reads as “claim x” but is other characters \(U\+00A0\): two labels \(Settings → Labels can merge\s+them\)\.$/u,
    );
  });

  it('says nothing of look-alikes where there are none', () => {
    render(NewLabels, { added: ['person'], known: ['claim'] });
    expect(screen.queryByTestId('import-look-alike')).toBeNull();
  });
});
