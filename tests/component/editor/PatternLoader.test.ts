import { render, screen, within } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import SuggestionPanel from '../../../src/lib/components/editor/SuggestionPanel.svelte';
import { databaseOf, documentOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

const PATTERNS = [
  { label: 'visit', pattern: 'Kim Jong Un' },
  { label: 'ORG', pattern: [{ LOWER: 'national' }, { LOWER: 'security' }, { LOWER: 'council' }] },
]
  .map((line) => JSON.stringify(line))
  .join('\n');

const countsTable = () =>
  within(screen.getByTestId('patterns-counts'))
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim()));

describe('PatternLoader', () => {
  it('loads a patterns file, shows the matches per label, and adds them as suggestions with their source', async () => {
    const workbench = await startWorkbench();
    const user = userEvent.setup();
    render(SuggestionPanel, { workbench });
    const database = databaseOf(workbench);

    await user.upload(screen.getByTestId('patterns-input'), new File([PATTERNS], 'rules.jsonl'));
    await until(() => screen.queryByTestId('patterns-found') !== null);
    expect(screen.getByTestId('patterns-found').textContent).toContain('rules.jsonl (2 patterns) matches');
    const rows = countsTable();
    expect(rows.map((row) => row[0])).toEqual(expect.arrayContaining(['visit', 'ORG (new label)']));
    // Nothing is stored before the user adds the matches.
    expect(await database.suggestions.count()).toBe(0);
    const listed = rows.reduce((sum, row) => sum + Number(row[1]), 0);

    await user.click(screen.getByRole('button', { name: 'Add as suggestions' }));
    // Added once the panel is back to its start (the counts go as soon as the adding starts).
    await until(() => workbench.patterns?.step.kind === 'idle');
    const stored = await database.suggestions.toArray();
    expect(stored).toHaveLength(listed);
    expect(new Set(stored.map((suggestion) => suggestion.source))).toEqual(new Set(['pattern:rules.jsonl']));
    for (const suggestion of stored) {
      const { text } = await documentOf(workbench, suggestion.documentId);
      expect([...text].slice(suggestion.start, suggestion.end).join('')).toBe(suggestion.text);
      if (suggestion.label === 'visit') expect(suggestion.text).toBe('Kim Jong Un');
      else expect(suggestion.text.toLowerCase()).toBe('national security council');
    }
    expect(stored.filter((suggestion) => suggestion.label === 'visit').length).toBe(
      Number(rows.find((row) => row[0] === 'visit')![1]),
    );
    // The new label joined the label set, and no span was made in anyone's layer.
    await until(() => workbench.corpus.labels.some((label) => label.name === 'ORG'));
    expect(await database.spans.count()).toBe(0);

    // Loading the same file again proposes nothing twice: its preview says there is nothing to add, and offers no Add.
    await user.upload(screen.getByTestId('patterns-input'), new File([PATTERNS], 'rules.jsonl'));
    await until(() => screen.queryByTestId('patterns-found') !== null);
    expect(screen.getByTestId('patterns-found').textContent).toContain(
      `rules.jsonl (2 patterns) matches ${listed} times, all spans or suggestions you already have: nothing to add.`,
    );
    expect(screen.queryByRole('button', { name: 'Add as suggestions' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Close' }));
    await until(() => workbench.patterns?.step.kind === 'idle');
    expect(await database.suggestions.count()).toBe(listed);

    // Undo takes the added suggestions back.
    await workbench.labelling.history.undo();
    expect(await database.suggestions.count()).toBe(0);
  });

  it('refuses a wrong file, naming it and the line, and stores nothing', async () => {
    const workbench = await startWorkbench();
    const user = userEvent.setup();
    render(SuggestionPanel, { workbench });
    const broken = `${PATTERNS}\n{"label": "visit", "pattern": [{"POS": "PROPN"}]}\n`;
    await user.upload(screen.getByTestId('patterns-input'), new File([broken], 'broken.jsonl'));
    const refused = await screen.findByTestId('patterns-refused');
    expect(refused.textContent).toContain('broken.jsonl was not loaded; nothing was added');
    expect(refused.textContent).toContain("broken.jsonl, line 3: POS needs spaCy's trained pipeline");
    expect(await databaseOf(workbench).suggestions.count()).toBe(0);
    // The way to load another file stays there.
    expect(screen.getByRole('button', { name: 'Load patterns…' })).toBeTruthy();
  });

  it('matches a term list with the label chosen for it, ignoring case when asked', async () => {
    const workbench = await startWorkbench();
    const user = userEvent.setup();
    render(SuggestionPanel, { workbench });
    await user.upload(
      screen.getByTestId('patterns-input'),
      new File(['north korea\r\n\r\nVLADIMIR PUTIN\r\n'], 'places.txt'),
    );
    await screen.findByText((_, element) => element?.textContent === 'places.txt: 2 terms, one per line.');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Label' }), 'sanction');
    await user.click(screen.getByRole('checkbox', { name: 'Match the case of each term' }));
    await user.click(screen.getByRole('button', { name: 'Find in the corpus' }));
    await until(() => screen.queryByTestId('patterns-found') !== null);
    const rows = countsTable();
    expect(rows).toHaveLength(1);
    expect(rows[0][0]).toBe('sanction');
    expect(Number(rows[0][1])).toBeGreaterThan(5);
    expect(Number(rows[0][2])).toBe(5);
    await user.click(screen.getByRole('button', { name: 'Discard' }));
    expect(screen.queryByTestId('patterns-found')).toBeNull();
    expect(await databaseOf(workbench).suggestions.count()).toBe(0);
  });
});
