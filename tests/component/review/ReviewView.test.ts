import { render, screen, within } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import ReviewView from '../../../src/lib/components/review/ReviewView.svelte';
import { corpusReliability } from '../../../src/lib/model/reliability';
import { Review } from '../../../src/lib/state/review.svelte';
import type { Workbench } from '../../../src/lib/state/workbench.svelte';
import { createSpan } from '../../../src/lib/storage/spans';
import { databaseOf, documentOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

/** Labels the first `word` of `documentId` as `annotator`'s `label`, straight into storage. */
async function label(workbench: Workbench, documentId: string, annotator: string, word: string, name: string) {
  const { text } = await documentOf(workbench, documentId);
  const start = [...text.slice(0, text.indexOf(word))].length;
  return createSpan(databaseOf(workbench), {
    documentId,
    annotator,
    start,
    end: start + [...word].length,
    label: name,
    text: word,
  });
}

/**
 * ann, bea and cy on the first document: ann and cy call "North Korea" a claim, bea a denial (the
 * majority is ann's); bea and cy alone worked on the second, so Fleiss' kappa leaves its tokens out.
 */
async function openReview(reviewer = 'rev', locked = false) {
  const workbench = await startWorkbench();
  const [first, second] = workbench.corpus.documents.map((document) => document.id);
  await label(workbench, first, 'ann', 'North Korea', 'claim');
  await label(workbench, first, 'cy', 'North Korea', 'claim');
  await label(workbench, first, 'bea', 'North Korea', 'denial');
  await label(workbench, second, 'bea', 'Russia', 'visit');
  await label(workbench, second, 'cy', 'Russia', 'visit');
  workbench.texts.hold();
  const review = new Review({
    store: workbench.store,
    documents: () => workbench.texts.documents,
    reviewer: () => reviewer,
    locked: () => locked,
  });
  await review.start();
  await until(() => review.annotators.length === 3);
  await review.choose('a', 'ann');
  await review.choose('b', 'bea');
  await review.toggleInSet('cy');
  await until(() => review.set.length === 3 && review.differences.some((difference) => difference.majority !== null));
  render(ReviewView, { review, workbench });
  return { workbench, review, first, second };
}

describe('the Review page', () => {
  it('warns a reviewer deciding under the name of an annotator the review compares', async () => {
    await openReview('cy');
    expect(screen.getByTestId('reviewer-in-set').textContent).toContain(
      'You decide as cy, whose layer is compared here',
    );
  });

  it('holds the decisions of an annotator the review compares when another name decided last, until they choose to decide so (helper-193)', async () => {
    const { workbench, review } = await openReview('cy');
    await workbench.store.writeSetting('lastReviewer', 'rev');
    await review.start();
    const note = screen.getByTestId('reviewer-in-set');
    await until(() => note.textContent!.includes('You are cy, whose layer is compared here, and rev decided last'));
    // A decision key is refused, and says why and what to do; gold stays empty.
    await review.decideFocused('a');
    expect(review.notice).toBe(
      'Not decided: you are “cy”, whose layer is compared here, and “rev” decided last. Type the reviewer’s name in the Annotator field at the top, or choose “Decide as cy” above the differences.',
    );
    expect(review.goldSpans).toHaveLength(0);
    await userEvent.click(within(note).getByRole('button', { name: 'Decide as cy' }));
    expect(note.textContent).toContain('You decide as cy, whose layer is compared here');
    expect(review.notice).toBeNull();
    await review.decideFocused('a');
    await until(() => review.goldSpans.length === 1);
    // cy decided last now: the next start asks cy nothing.
    expect(await workbench.store.readSetting('lastReviewer', null)).toBe('cy');
    expect(review.ownLayer.waitingAfter).toBeNull();
  });

  it('says a reviewer deciding under the name a new browser starts with that gold records it as the reviewer', async () => {
    await openReview('annotator');
    expect(screen.getByTestId('reviewer-unnamed').textContent).toContain(
      'You decide as “annotator”, the name a new browser starts with',
    );
    expect(screen.queryByTestId('reviewer-in-set')).toBeNull();
  });

  it('lists a document the compared annotators agree on entirely as "nothing to decide", not "all decided"', async () => {
    const { workbench, review } = await openReview();
    const third = workbench.corpus.documents[2].id;
    for (const annotator of ['ann', 'bea', 'cy']) await label(workbench, third, annotator, 'Russia', 'visit');
    await until(() => review.entries.some((entry) => entry.document.id === third));
    const toDecide = (id: string) => document.querySelector(`[data-review-doc-id="${id}"] .to-decide`)?.textContent;
    await until(() => toDecide(third) === 'nothing to decide');
    expect(toDecide(workbench.corpus.documents[0].id)).toBe('1 to decide');
  });

  it('says over how many annotators a document’s share differs when the set is more than A and B (helper-171)', async () => {
    const { workbench, review } = await openReview();
    const third = workbench.corpus.documents[2].id;
    // ann and bea agree; cy, of the set, labels it otherwise: A and B do not differ, the set does.
    await label(workbench, third, 'ann', 'Russia', 'visit');
    await label(workbench, third, 'bea', 'Russia', 'visit');
    await label(workbench, third, 'cy', 'Russia', 'claim');
    const item = () => document.querySelector(`[data-review-doc-id="${third}"]`);
    const differ = () => item()?.querySelector('[data-testid=review-differ]');
    await until(() => /% of words differ among 3$/u.test(differ()?.textContent ?? ''));
    expect(differ()?.textContent).not.toMatch(/^0% /u);
    expect(differ()?.getAttribute('title')).toBe(
      'Share of word tokens ann, bea and cy disagree on (the compared set on this document)',
    );
    await review.toggleInSet('cy');
    await until(() => differ()?.textContent === '0% of words differ');
    expect(differ()?.getAttribute('title')).toBe('Share of word tokens ann and bea disagree on');
  });

  it('says of an empty gold that it is done, once it is: not "nothing in gold yet"', async () => {
    const { review, first } = await openReview();
    const goldList = () => screen.getByTestId('gold-list').textContent ?? '';
    await until(() => goldList().includes('Nothing in gold yet.'));
    // Both versions of the one difference left out: done with an empty gold, an answer of its own.
    await review.decide(review.differences[0], 'neither');
    await review.goldDone.mark(true);
    await until(() => review.entries.some((entry) => entry.document.id === first && entry.goldDone));
    review.open(first);
    await until(() => goldList().includes('Gold is done and holds no span'));
  });

  it('shows a member who may not decide no decision buttons, and the reason once, with their verdicts to take', async () => {
    const { review, workbench, first } = await openReview('bob', true);
    // Gold from the team's reviewers: shown, with no way to edit it here.
    await label(workbench, first, 'gold', 'North Korea', 'claim');
    await until(() => review.goldSpans.length === 1);
    expect(within(screen.getByTestId('gold-list')).getByText('North Korea')).toBeTruthy();
    expect(screen.queryByTestId('gold-remove')).toBeNull();
    expect(screen.queryByLabelText('Label of “North Korea” in gold')).toBeNull();
    expect(screen.getByTestId('review-locked').textContent).toContain('Read-only: with team sync on');
    expect(screen.queryByRole('button', { name: 'Gold done ✓' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Accept agreements' })).toBeNull();
    expect(screen.queryByLabelText('Note for the next decision')).toBeNull();
    expect(screen.queryByLabelText('Agreements go into gold')).toBeNull();
    expect(screen.getByRole('button', { name: 'Mark my spans with the review’s verdicts' })).toBeTruthy();
    // A decision key is refused with the same sentence: said in the status line, not again in the page.
    await review.decide(review.differences[0], 'a');
    expect(review.notice).toBe(review.locked);
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
  });

  it('marks an agreement over text gold holds with another label with that label, until it is decided', async () => {
    const { review } = await openReview();
    await review.toggleInSet('cy');
    await until(() => review.set.length === 2 && review.differences.length === 1);
    await review.decide(review.differences[0], 'b'); // bea's denial over ann's claim
    await until(() => review.goldSpans.length === 1);
    expect(screen.queryByTestId('contested')).toBeNull();
    // B is now cy, who agrees with ann: the agreement is the reviewer's to decide, and its row says why.
    await review.choose('b', 'cy');
    await until(() => screen.queryByTestId('contested') !== null);
    expect(screen.getByTestId('contested').closest('tr')?.getAttribute('data-kind')).toBe('match');
    // It names the label gold holds there, so the reviewer need not look it up in the gold list.
    expect(screen.getByTestId('contested').textContent).toBe('gold: denial');
    await review.decide(review.differences[0], 'a');
    await until(() => review.goldSpans[0]?.label === 'claim');
    await until(() => screen.queryByTestId('contested') === null);
  });

  it('says nothing of it when the reviewer decides under a name of their own', async () => {
    await openReview('rev');
    expect(screen.queryByTestId('reviewer-in-set')).toBeNull();
  });

  it('says in words which version is the majority’s, not by its weight alone', async () => {
    await openReview();
    const row = screen.getByTestId('differences').querySelector('tr[data-kind=label]') as HTMLElement;
    const [a, b] = [...row.querySelectorAll('.version')];
    expect(a.textContent).toContain('majority');
    expect(b.textContent).not.toContain('majority');
  });

  it('shows the key of Keep on a version neither A nor B holds, as A and B show theirs', async () => {
    const { workbench, review, first } = await openReview();
    await label(workbench, first, 'cy', 'John Kirby', 'claim');
    await until(() => review.differences.some((difference) => difference.others));
    await until(() => screen.getByTestId('differences').querySelector('tr[data-kind=others]') !== null);
    const row = screen.getByTestId('differences').querySelector('tr[data-kind=others]') as HTMLElement;
    const keep = within(row).getByRole('button', { name: 'Keep A' });
    expect(keep.querySelector('kbd')?.textContent).toBe('A');
    expect(keep.title).toBe('Keep it (A)');
  });

  it('says which compared annotator has not worked on the document, and counts the versions without them', async () => {
    const { workbench, review, second } = await openReview();
    await label(workbench, second, 'dee', 'Russia', 'visit');
    await until(() => review.annotators.length === 4);
    await review.toggleInSet('dee');
    await until(() => screen.queryByTestId('set-absent') !== null);
    expect(screen.getByTestId('set-absent').textContent).toBe(
      'dee has not worked on this document (no span, no status) and is not counted here; compared here: ann, bea, cy.',
    );
    const row = screen.getByTestId('differences').querySelector('tr[data-kind=label]') as HTMLElement;
    expect(row.querySelector('.version')?.textContent).toContain('2 of 3');
    expect(row.querySelector('.version')?.textContent).toContain('majority');
  });

  it('quotes a long span in its messages up to 40 characters, leaving the status line its keys', async () => {
    const { workbench, review, first } = await openReview();
    const { text } = await documentOf(workbench, first);
    const sentence = text.slice(0, text.indexOf('.', 60));
    expect(sentence.length).toBeGreaterThan(60);
    await label(workbench, first, 'ann', sentence, 'claim');
    await until(() => review.differences.some((difference) => review.quote(difference) === sentence));
    const onlyA = review.differences.find((difference) => review.quote(difference) === sentence)!;
    await review.decide(onlyA, 'b');
    expect(review.notice).toContain(`“${sentence.slice(0, 39)}…”`);
    expect(review.notice).not.toContain(sentence);
  });

  it('leaves the note field with Esc, for the focused row’s choices', async () => {
    await openReview();
    const user = userEvent.setup();
    const note = screen.getByLabelText('Note for the next decision');
    await user.click(note);
    await user.keyboard('Why');
    await user.keyboard('{Escape}');
    expect(document.activeElement).not.toBe(note);
    const focusedRow = screen.getByTestId('differences').querySelector('tr.focused') as HTMLElement;
    expect(focusedRow.contains(document.activeElement)).toBe(true);
    expect((note as HTMLInputElement).value).toBe('Why');
  });

  it('tells a screen reader which row J and K focused, not by its class alone', async () => {
    const { workbench, review, first } = await openReview();
    await label(workbench, first, 'ann', 'Russia', 'visit');
    await until(() => review.differences.length === 2);
    const current = () =>
      [...screen.getByTestId('differences').querySelectorAll('tr[aria-current=true]')].map(
        (row) => (row as HTMLElement).dataset.position,
      );
    await until(() => current().length === 1);
    const start = review.focusIndex;
    expect(current()).toEqual([String(start)]);
    review.focus(start === 0 ? 1 : -1);
    await until(() => current()[0] !== String(start));
    expect(current()).toEqual([String(review.focusIndex)]);
    expect(screen.getByTestId('differences').querySelector('tr.focused')?.getAttribute('aria-current')).toBe('true');
  });

  it('says over how many tokens Fleiss’ kappa was computed, and explains each figure to the keyboard too', async () => {
    const { workbench, first, second } = await openReview();
    // The figures computed here from the stored layers: both documents' tokens, the first's alone coded by all three.
    const spans = await databaseOf(workbench).spans.toArray();
    const set = ['ann', 'bea', 'cy'];
    const documents = await Promise.all(
      [first, second].map(async (id) => {
        const { text } = await documentOf(workbench, id);
        const present = set.filter((name) => spans.some((span) => span.documentId === id && span.annotator === name));
        const layers = new Map(
          present.map((name) => [name, spans.filter((span) => span.documentId === id && span.annotator === name)]),
        );
        return { id, text, present, layers };
      }),
    );
    const expected = corpusReliability(documents, set).reliability;
    expect(expected.fleissUnits).toBeGreaterThan(0);
    expect(expected.fleissUnits).toBeLessThan(expected.tokens);
    const over = screen.getByTestId('fleiss-tokens');
    expect(over.textContent).toBe(
      `over ${expected.fleissUnits.toLocaleString('en')} of ${expected.tokens.toLocaleString('en')} tokens`,
    );
    // Each figure's explanation: a button in the tab order, described by it.
    const figures = screen.getByText('Fleiss κ').closest('dl') as HTMLElement;
    for (const name of ['Token κ', 'Span F1', 'Overlap F1', 'α (3)', 'Fleiss κ']) {
      const button = within(figures).getByRole('button', { name: `About ${name}` });
      expect(button.tabIndex).toBe(0);
      expect(button).toHaveProperty('type', 'button');
      const description = document.getElementById(button.getAttribute('aria-describedby') ?? '');
      expect(description?.textContent?.length).toBeGreaterThan(20);
    }
    expect(
      document.getElementById(
        within(figures).getByRole('button', { name: 'About Fleiss κ' }).getAttribute('aria-describedby')!,
      )?.textContent,
    ).toMatch(/every compared annotator coded/u);
  });
});
