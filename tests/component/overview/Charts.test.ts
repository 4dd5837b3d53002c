import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import AgreementChart from '../../../src/lib/components/charts/AgreementChart.svelte';
import ProgressChart from '../../../src/lib/components/charts/ProgressChart.svelte';
import LengthChart from '../../../src/lib/components/charts/LengthChart.svelte';
import LabelChart from '../../../src/lib/components/charts/LabelChart.svelte';
import PaceChart from '../../../src/lib/components/charts/PaceChart.svelte';
import type { LabelCount, PaceDay } from '../../../src/lib/model/overview';

/** The centre of a mark: a circle's cx/cy, or where a symbol is translated to. */
function centreOf(mark: Element): { x: number; y: number } {
  if (mark.tagName.toLowerCase() === 'circle')
    return { x: Number(mark.getAttribute('cx')), y: Number(mark.getAttribute('cy')) };
  const [x, y] = /translate\(([-\d.]+),\s*([-\d.]+)\)/u.exec(mark.getAttribute('transform') ?? '')!.slice(1);
  return { x: Number(x), y: Number(y) };
}

describe('the pace chart', () => {
  it('shows every annotator where their counts are equal: each mark apart, in a shape of its own', () => {
    const annotators = ['ann', 'bea', 'cy'];
    // ann and bea the same every day, on both panels; cy the same as them on one day's documents.
    const pace: PaceDay[] = [
      { day: '2026-01-05', annotator: 'ann', spans: 3, documents: 0 },
      { day: '2026-01-05', annotator: 'bea', spans: 3, documents: 0 },
      { day: '2026-01-05', annotator: 'cy', spans: 1, documents: 0 },
      { day: '2026-01-06', annotator: 'ann', spans: 2, documents: 1 },
      { day: '2026-01-06', annotator: 'bea', spans: 2, documents: 1 },
      { day: '2026-01-06', annotator: 'cy', spans: 4, documents: 2 },
    ];
    render(PaceChart, { pace, annotators });
    const figure = screen.getByTestId('chart-pace');
    const marks = [...figure.querySelectorAll('.mark')];
    expect(marks).toHaveLength(pace.length * 2);
    const panels = [...figure.querySelectorAll('.panel-title')].map((title) => title.parentElement!);
    expect(panels).toHaveLength(2);
    for (const panel of panels) {
      const placed = [...panel.querySelectorAll('.mark')].map((mark) => ({
        annotator: / · (.+?): /u.exec(mark.querySelector('title')?.textContent ?? '')?.[1],
        shape: mark.tagName === 'circle' ? 'circle' : mark.getAttribute('d'),
        ...centreOf(mark),
      }));
      expect(placed).toHaveLength(pace.length);
      // Two annotators' marks never sit on one another: at least a mark's width apart.
      for (const one of placed)
        for (const other of placed)
          if (one.annotator !== other.annotator)
            expect(Math.hypot(one.x - other.x, one.y - other.y)).toBeGreaterThan(7);
      // One shape per annotator, each different.
      const shapes = annotators.map(
        (name) => new Set(placed.filter((mark) => mark.annotator === name).map((mark) => mark.shape)),
      );
      for (const shape of shapes) expect(shape.size).toBe(1);
      expect(new Set(shapes.map((shape) => [...shape][0])).size).toBe(annotators.length);
    }
    // The legend shows each annotator's shape.
    const legend = [...figure.querySelectorAll('.legend-symbol')].map((symbol) => symbol.getAttribute('d'));
    expect(legend).toHaveLength(annotators.length);
    expect(new Set(legend).size).toBe(annotators.length);
  });
});

describe('the pace chart’s axes', () => {
  it('reach the highest count, so its mark sits on the scale (helper-165: 13 spans above a top tick of 10)', () => {
    const pace: PaceDay[] = [
      { day: '2026-01-05', annotator: 'ann', spans: 13, documents: 1 },
      { day: '2026-01-06', annotator: 'ann', spans: 4, documents: 23 },
    ];
    render(PaceChart, { pace, annotators: ['ann'] });
    const figure = screen.getByTestId('chart-pace');
    const tops = Object.fromEntries(
      [...figure.querySelectorAll('[data-panel]')].map((panel) => [
        panel.getAttribute('data-panel'),
        Math.max(...[...panel.querySelectorAll('.tick:not(.day)')].map((tick) => Number(tick.textContent))),
      ]),
    );
    expect(tops.spans).toBeGreaterThanOrEqual(13);
    expect(tops.documents).toBeGreaterThanOrEqual(23);
  });
});

describe('the span length chart’s axis', () => {
  it('reaches the longest span', () => {
    const row = { label: 'claim', spans: 4, min: 2, lowerQuartile: 3, median: 5, upperQuartile: 9, max: 23, mean: 8 };
    render(LengthChart, { lengths: [row], colours: new Map([['claim', '#1f77b4']]) });
    const ticks = [...screen.getByTestId('chart-lengths').querySelectorAll('.tick')].map((tick) =>
      Number(tick.textContent),
    );
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(23);
  });
});

describe('the documents per annotator chart', () => {
  it('writes the count on every segment, one skipped document among 35 too (helper-165: colour alone named it)', () => {
    render(ProgressChart, { progress: [{ annotator: 'bob', done: 6, skipped: 1, todo: 28 }] });
    const counts = [...screen.getByTestId('chart-progress').querySelectorAll('text.value')].map(
      (text) => text.textContent,
    );
    expect(counts).toEqual(['6', '1', '28']);
  });
});

describe('the spans per label chart', () => {
  it('names every label whole, and draws no annotator in a label colour', () => {
    const long = 'statement attributed to an unnamed senior government official';
    const labels = ['claim', long, 'visit'];
    const annotators = ['ann', 'bea', 'cy'];
    // The label colours are the user's: here the very colours annotators had before.
    const colours = new Map([
      ['claim', '#4477AA'],
      [long, '#EE6677'],
      ['visit', '#228833'],
    ]);
    const counts: LabelCount[] = labels.flatMap((label, row) =>
      annotators.map((annotator, column) => ({ label, annotator, spans: row + column })),
    );
    render(LabelChart, { counts, labels, annotators, colours });
    const figure = screen.getByTestId('chart-labels');
    const picture = figure.querySelector('.chart-picture')!;
    // Each label's name is there in full, as text (not cut to "cla…").
    for (const label of labels)
      expect(
        [...picture.querySelectorAll('*')].some(
          (node) => node.tagName !== 'title' && node.childNodes.length === 1 && node.textContent === label,
        ),
      ).toBe(true);
    expect(picture.textContent).not.toContain('…');
    // The bars' colours are none of the label colours.
    const used = new Set([...colours.values()].map((colour) => colour.toLowerCase()));
    const bars = [...picture.querySelectorAll('.mark')];
    expect(bars).toHaveLength(labels.length * annotators.length);
    for (const bar of bars) {
      const colour = (bar.getAttribute('fill') ?? bar.getAttribute('style') ?? '').toLowerCase();
      expect(colour).not.toBe('');
      for (const label of used) expect(colour).not.toContain(label);
    }
    // Each bar names whose it is after its count and a dot: close shades need not be matched to the
    // legend, and a name that is a number (Label Studio's user 7) is not read into the count (helper-185).
    const lines = [...picture.querySelectorAll('.bar-line')].map((line) => line.querySelector('.count')!.textContent);
    expect(lines).toEqual(
      labels.flatMap((label) =>
        annotators.map(
          (name) => `${counts.find((row) => row.label === label && row.annotator === name)?.spans ?? 0} · ${name}`,
        ),
      ),
    );
  });
});

describe('the agreement per label chart', () => {
  it('tells no agreement at all (F1 0) from no figure (no spans) on the chart itself (trial)', () => {
    const row = (pair: string, exact: number | null, overlap: number | null) => ({
      label: 'claim',
      pair,
      spansA: exact === null ? 0 : 2,
      spansB: exact === null ? 0 : 1,
      exact,
      overlap,
    });
    render(AgreementChart, { rows: [row('ann – bea', 0.5, 0.8), row('ann – cy', 0, 0), row('bea – cy', null, null)] });
    const marks = [...screen.getByTestId('chart-agreement').querySelectorAll('.mark')];
    const said = marks.map((mark) => mark.querySelector('text.zero')?.textContent ?? '');
    expect(said).toEqual(['', '0', 'no spans']);
    // F1 0 has a mark of its own, 2 pixels wide, in its pair's colour; no spans has none.
    const widths = marks.map((mark) =>
      [...mark.querySelectorAll('rect:not(.hit)')].map((rect) => Number(rect.getAttribute('width'))),
    );
    expect(widths[1]).toContain(2);
    expect(widths[2]).toEqual([]);
  });
});
