import { render, screen, within } from '@testing-library/svelte';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import GuidelinesPage from '../../../src/lib/components/overview/GuidelinesPage.svelte';
import OverviewView from '../../../src/lib/components/overview/OverviewView.svelte';
import { GOLD_ANNOTATOR, isReviewLayer, REJECTED_ANNOTATOR, type Span } from '../../../src/lib/model/types';
import { Overview } from '../../../src/lib/state/overview.svelte';
import type { Workbench } from '../../../src/lib/state/workbench.svelte';
import { setSpanExample } from '../../../src/lib/storage/spanMarks';
import { createSpan, setStatus } from '../../../src/lib/storage/spans';
import { databaseOf, documentOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

/** The cells of a chart's table, row by row, as text. */
function tableOf(name: string): string[][] {
  const table = within(screen.getByTestId(`chart-${name}`)).getByRole('table', { hidden: true });
  return [...table.querySelectorAll('tbody tr')].map((row) =>
    [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? ''),
  );
}

/** Labels `word` (its first occurrence) in `documentId` as `annotator`'s `label`, straight into storage. */
async function label(workbench: Workbench, documentId: string, annotator: string, word: string, name: string) {
  const { text } = await documentOf(workbench, documentId);
  const start = [...text.slice(0, text.indexOf(word))].length;
  return createSpan(
    databaseOf(workbench),
    { documentId, annotator, start, end: start + [...word].length, label: name, text: word },
    Date.UTC(2026, 0, 5, 12),
  );
}

async function startOverview(workbench: Workbench, reviewer = false) {
  const overview = new Overview({
    store: workbench.store,
    documents: () => workbench.texts.documents,
    labels: () => workbench.corpus.labels,
    annotator: () => workbench.session.annotator,
    reviewer: () => reviewer,
    dayOf: (time) => new Date(time).toISOString().slice(0, 10),
    onError: (error) => {
      throw error;
    },
  });
  // The page holds the texts while it is open, as the app does.
  workbench.texts.hold();
  overview.start();
  // Up to 10 s: loading every layer and text once took over the 3 s default in a loaded local CI (at b551b25).
  await until(() => overview.loaded && workbench.texts.documents.length === workbench.corpus.documents.length, 10_000);
  return overview;
}

describe('the Overview page', () => {
  it('draws each chart from the database, with a table of the same numbers, and follows a new label live', async () => {
    const workbench = await startWorkbench();
    const database = databaseOf(workbench);
    const [first, second, third] = workbench.corpus.documents.map((document) => document.id);
    await label(workbench, first, 'ann', 'North Korea', 'claim');
    await label(workbench, first, 'ann', 'Russia', 'visit');
    await label(workbench, first, 'bea', 'North Korea', 'claim');
    await label(workbench, second, 'bea', 'Russia', 'denial');
    await setStatus(database, first, 'ann', 'done', Date.UTC(2026, 0, 6, 9));
    await setStatus(database, second, 'ann', 'skipped', Date.UTC(2026, 0, 6, 9));
    await setStatus(database, first, 'bea', 'done', Date.UTC(2026, 0, 7, 9));
    const overview = await startOverview(workbench);
    render(OverviewView, { overview, workbench });

    // What the database holds, counted here from its rows.
    const spans = (await database.spans.toArray()).filter((span) => !isReviewLayer(span.annotator));
    const statuses = await database.statuses.toArray();
    const annotators = ['annotator', 'ann', 'bea'].sort();
    const documents = workbench.corpus.documents.length;
    const count = (annotator: string, status: string) =>
      statuses.filter((row) => row.annotator === annotator && row.status === status).length;
    await until(() => tableOf('progress').length === 3);
    expect(tableOf('progress')).toEqual(
      annotators.map((name) => [
        name,
        String(count(name, 'done')),
        String(count(name, 'skipped')),
        String(documents - count(name, 'done') - count(name, 'skipped')),
        String(documents),
      ]),
    );
    const spansOf = (label: string, annotator: string) =>
      spans.filter((span) => span.label === label && span.annotator === annotator).length;
    expect(tableOf('labels')).toEqual(
      ['claim', 'denial', 'sanction', 'visit'].map((label) => [
        label,
        ...annotators.map((name) => String(spansOf(label, name))),
      ]),
    );
    // North Korea is two tokens, Russia one.
    expect(tableOf('lengths')).toEqual([
      ['claim', '2', '2', '2', '2', '2', '2', '2'],
      ['denial', '1', '1', '1', '1', '1', '1', '1'],
      ['visit', '1', '1', '1', '1', '1', '1', '1'],
    ]);
    expect(tableOf('pace')).toEqual([
      ['2026-01-05', 'ann', '2', '0'],
      ['2026-01-05', 'bea', '2', '0'],
      ['2026-01-06', 'ann', '0', '1'],
      ['2026-01-07', 'bea', '0', '1'],
    ]);
    // The days under the pace chart in one style ("Jan 5"), not d3's mix of "Mon 05" and "January".
    const days = [...screen.getByTestId('chart-pace').querySelectorAll('text.day')].map((tick) => tick.textContent);
    expect(days.length).toBeGreaterThan(0);
    for (const day of days) expect(day).toMatch(/^Jan [5-7]$/u);
    const titleOf = (id: string) => workbench.corpus.find(id)!.title;
    expect(tableOf('extremes')[0]).toEqual([titleOf(first), 'Most spans', '3']);
    expect(tableOf('extremes')[1]).toEqual([titleOf(second), 'Most spans', '1']);
    expect(
      tableOf('extremes')
        .slice(2)
        .map((row) => row[2]),
    ).toEqual(['0', '0']);
    // A third document with no span has no room in the list: counted, not left out without a word.
    expect(screen.getByTestId('extremes-tied').textContent).toBe('and 1 more with 0 spans');
    // ann and bea both worked on the first document only (ann skipped the second: no example for her,
    // so bea's denial there disagrees with no one): their claims agree exactly; ann's visit bea did not mark.
    expect(tableOf('agreement')).toEqual([
      ['claim', 'ann – bea', '1', '1', '1.000', '1.000'],
      ['visit', 'ann – bea', '1', '0', '0.000', '0.000'],
    ]);

    // A new label shows without a reload.
    await label(workbench, third, 'bea', 'Russia', 'sanction');
    await until(() => tableOf('labels')[2][3] === '1'); // sanction, bea
    expect(screen.getByTestId('overview-summary').textContent).toContain('5 spans');

    // The Table button shows the table in the picture's place; again, the picture.
    const figure = screen.getByTestId('chart-labels');
    const toggle = within(figure).getByRole('button', { name: 'Table' });
    expect(figure.querySelector('.chart-picture')).not.toBeNull();
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(within(figure).getByRole('table')).toBeTruthy();
    expect(figure.querySelector('.chart-picture')).toBeNull();
    await userEvent.click(toggle);
    expect(figure.querySelector('.chart-picture')).not.toBeNull();
    overview.stop();
  });

  it('opens a document from the most and fewest list, and leaves agreement out with one layer', async () => {
    const workbench = await startWorkbench();
    const last = workbench.corpus.documents.at(-1)!.id;
    await label(workbench, last, 'ann', 'Russia', 'claim');
    const overview = await startOverview(workbench);
    render(OverviewView, { overview, workbench });
    const link = await screen.findByRole('link', { name: workbench.corpus.find(last)!.title });
    await userEvent.click(link);
    await until(() => workbench.document.id === last);
    expect(screen.queryByTestId('chart-agreement')).toBeNull();
    expect(screen.getByTestId('agreement-waiting').textContent?.replace(/\s+/gu, ' ').trim()).toBe(
      "Only the layer of “ann” has spans so far: agreement needs a second annotator's layer on the same documents.",
    );
    overview.stop();
  });

  it('lists a team’s reviewer only once their own layer holds something; an annotator always', async () => {
    const workbench = await startWorkbench();
    const summary = () => screen.getByTestId('overview-summary').textContent;
    // A lead whose team has labelled nothing yet: no one to show, and the page still draws.
    const before = await startOverview(workbench, true);
    const first = render(OverviewView, { overview: before, workbench });
    expect(summary()).toContain('0 annotators');
    expect(screen.getByTestId('agreement-waiting')).toBeTruthy();
    before.stop();
    first.unmount();
    await label(workbench, workbench.corpus.documents[0].id, 'ann', 'Russia', 'claim');
    const asReviewer = await startOverview(workbench, true);
    const { unmount } = render(OverviewView, { overview: asReviewer, workbench });
    // The lead has no spans: the team's one annotator is ann, with no empty row of the lead's own.
    expect(summary()).toContain('1 annotator');
    expect(asReviewer.progress.map((row) => row.annotator)).toEqual(['ann']);
    asReviewer.stop();
    unmount();
    const asAnnotator = await startOverview(workbench);
    render(OverviewView, { overview: asAnnotator, workbench });
    expect(summary()).toContain('2 annotators');
    expect(asAnnotator.progress.map((row) => row.annotator)).toEqual(['ann', workbench.session.annotator]);
    asAnnotator.stop();
    // One who has decided in gold, with no layer of their own, is this device's reviewer: not an annotator with all to do (helper-149).
    const [span] = await databaseOf(workbench).spans.where('annotator').equals('ann').toArray();
    await databaseOf(workbench).spans.add({
      ...span,
      id: 'gold-decided',
      annotator: GOLD_ANNOTATOR,
      origin: { kind: 'a', annotators: ['ann'], by: workbench.session.annotator, at: 1 },
    });
    const asLocalReviewer = await startOverview(workbench);
    expect(asLocalReviewer.progress.map((row) => row.annotator)).toEqual(['ann']);
    asLocalReviewer.stop();
  });

  it('shows how far the review is: gold done, under review, gold spans, live', async () => {
    const workbench = await startWorkbench();
    const [first, second] = workbench.corpus.documents.map((document) => document.id);
    const overview = await startOverview(workbench, true);
    render(OverviewView, { overview, workbench });
    const card = () => screen.getByTestId('overview-review').textContent?.replace(/\s+/gu, ' ').trim();
    expect(card()).toBe('Review Nothing decided into gold yet. Review compares the layers.');
    await label(workbench, first, GOLD_ANNOTATOR, 'Russia', 'claim');
    await label(workbench, second, GOLD_ANNOTATOR, 'Russia', 'visit');
    await label(workbench, second, REJECTED_ANNOTATOR, 'North Korea', 'claim');
    await setStatus(databaseOf(workbench), first, GOLD_ANNOTATOR, 'done', Date.UTC(2026, 0, 5, 13));
    // Out of the documents worked on (the two reviewed, and one ann labelled), not the corpus's five (helper-171).
    await label(workbench, workbench.corpus.documents[2].id, 'ann', 'Russia', 'claim');
    await until(() => card()?.includes('Gold done in 1 of 3') === true);
    expect(card()).toBe(`Review Gold done in 1 of 3 documents worked on, 1 under review · 2 gold spans · 1 rejected`);
    expect(screen.getByRole('img', { name: `1 of 3 documents' gold done, 1 under review` })).toBeTruthy();
    overview.stop();
  });

  it('says plainly, with no spans at all, that agreement needs two layers', async () => {
    const workbench = await startWorkbench();
    const overview = await startOverview(workbench);
    render(OverviewView, { overview, workbench });
    expect(screen.queryByTestId('chart-agreement')).toBeNull();
    const note = screen.getByTestId('agreement-waiting').textContent?.replace(/\s+/gu, ' ').trim();
    expect(note).toBe("No spans yet: agreement needs two annotators' layers on the same documents.");
    expect(note).not.toMatch(/none/u);
    overview.stop();
  });
});

describe('the guidelines page', () => {
  it("prints every label's description with the spans marked as its examples, in their words", async () => {
    const workbench = await startWorkbench();
    const id = workbench.corpus.documents[0].id;
    const span: Span = await label(workbench, id, 'ann', 'North Korea', 'claim');
    await setSpanExample(databaseOf(workbench), span.id, true, 1);
    const overview = await startOverview(workbench);
    render(GuidelinesPage, { overview, workbench });
    for (const each of workbench.corpus.labels) {
      const section = screen.getByTestId('guidelines').querySelector(`[data-label="${each.name}"]`)!;
      expect(section.textContent).toContain(each.description);
    }
    const example = await screen.findByTestId('guideline-example');
    expect(example.querySelector('mark')?.textContent).toBe('North Korea');
    expect(example.closest('[data-label]')?.getAttribute('data-label')).toBe('claim');
    const line = (await documentOf(workbench, id)).text.split('\n').find((text) => text.includes('North Korea'))!;
    expect(example.querySelector('q')?.textContent?.replace(/…/gu, '')).toSatisfy((quoted: string) =>
      line.includes(quoted),
    );
    overview.stop();
  });
});
