import { describe, expect, it } from 'vitest';
import {
  describeFeedback,
  documentVerdicts,
  isMarked,
  stepMarked,
  type DecidedSpan,
  type MarkedPlace,
  type QuotedPlace,
} from '../../../src/lib/model/feedback';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import type { SpanOrigin } from '../../../src/lib/model/types';

const TEXT = 'Kim Jong Un met Putin at Vostochny.';

/** A span of TEXT at code points [start, end). */
function at(start: number, end: number, label: string, text = TEXT): QuotedPlace {
  return { start, end, label, text: sliceCodePoints(text, start, end) };
}

function origin(kind: SpanOrigin['kind'], note?: string): SpanOrigin {
  return { kind, annotators: ['ann'], by: 'rev', at: Date.UTC(2026, 4, 1), ...(note ? { note } : {}) };
}

function decided(place: QuotedPlace, kind: SpanOrigin['kind'] = 'a', note?: string): DecidedSpan {
  return { ...place, origin: origin(kind, note) };
}

describe('documentVerdicts', () => {
  it('says kept for a span gold has at the same place with the same label, with the gold note and who decided', () => {
    const verdicts = documentVerdicts({
      spans: [at(0, 11, 'person')],
      gold: [decided(at(0, 11, 'person'), 'agreed', 'right')],
      rejected: [],
      goldStatus: false,
    });
    expect(verdicts).toEqual([
      {
        span: at(0, 11, 'person'),
        verdict: 'kept',
        to: null,
        note: 'right',
        by: 'rev',
        at: Date.UTC(2026, 4, 1),
      },
    ]);
  });

  it('says changed for a span gold overlaps differently (another label, other boundaries), to the gold span', () => {
    const verdicts = documentVerdicts({
      spans: [at(0, 11, 'claim'), at(16, 24, 'person')],
      gold: [decided(at(0, 11, 'person'), 'b', 'a name, not a claim'), decided(at(16, 21, 'person'), 'edited')],
      rejected: [],
      goldStatus: true,
    });
    expect(verdicts?.map(({ span, verdict, to, note }) => [span.text, verdict, to, note])).toEqual([
      ['Kim Jong Un', 'changed', at(0, 11, 'person'), 'a name, not a claim'],
      ['Putin at', 'changed', at(16, 21, 'person'), null],
    ]);
  });

  it('picks the gold span overlapping most, the first in reading order on a tie', () => {
    const spans = [at(4, 15, 'claim')]; // "Jong Un met"
    const most = documentVerdicts({
      spans,
      gold: [decided(at(0, 8, 'person')), decided(at(9, 20, 'visit'))],
      rejected: [],
      goldStatus: false,
    });
    expect(most?.[0].to).toEqual(at(9, 20, 'visit')); // 6 shared against 4
    const tie = documentVerdicts({
      spans,
      gold: [decided(at(9, 19, 'visit')), decided(at(0, 10, 'person'))],
      rejected: [],
      goldStatus: false,
    });
    expect(tie?.[0].to).toEqual(at(0, 10, 'person')); // 6 shared and 15 together each: the first in reading order
  });

  it('handles nested spans: an inner span kept beside its outer one, an outer one changed to the inner', () => {
    const verdicts = documentVerdicts({
      spans: [at(0, 21, 'claim'), at(16, 21, 'person')],
      gold: [decided(at(0, 11, 'person')), decided(at(16, 21, 'person'))],
      rejected: [],
      goldStatus: false,
    });
    expect(verdicts?.map(({ span, verdict, to }) => [span.label, span.start, verdict, to?.start ?? null])).toEqual([
      ['claim', 0, 'changed', 0],
      ['person', 16, 'kept', null],
    ]);
  });

  it('says removed for a span the reviewer rejected, with the note of the rejected span at its place', () => {
    const verdicts = documentVerdicts({
      spans: [at(25, 34, 'place'), at(12, 15, 'visit')],
      gold: [decided(at(0, 11, 'person'))],
      rejected: [decided(at(25, 34, 'place'), 'neither', 'not a place here')],
      goldStatus: true,
      goldDone: true,
    });
    expect(verdicts?.map(({ span, verdict, to, note, by }) => [span.text, verdict, to, note, by])).toEqual([
      // No one decided "met": gold done left it out, and its note says so (not the reviewer's rejection).
      ['met', 'removed', null, 'Not decided: left out of gold when the document’s gold was marked done.', null],
      ['Vostochny', 'removed', null, 'not a place here', 'rev'],
    ]);
  });

  it('says removed for a nested span the reviewer rejected, not changed to the gold span it sits in', () => {
    // "Putin" (visit) inside "met Putin at Vostochny" (claim): gold keeps the outer, the reviewer said neither to the inner.
    const verdicts = documentVerdicts({
      spans: [at(12, 34, 'claim'), at(16, 21, 'visit')],
      gold: [decided(at(12, 34, 'claim'))],
      rejected: [decided(at(16, 21, 'visit'), 'neither', 'a person, not a visit')],
      goldStatus: false,
    });
    expect(verdicts?.map(({ span, verdict, to, note }) => [span.text, verdict, to, note])).toEqual([
      ['met Putin at Vostochny', 'kept', null, null],
      ['Putin', 'removed', null, 'a person, not a visit'],
    ]);
  });

  it('says changed for a span passed over for another version, not removed (the rejected layer records it as passed over)', () => {
    // bea's "Vostochny" place was passed over for ann's "at Vostochny" place: recorded with the kept kind, "a".
    const verdicts = documentVerdicts({
      spans: [at(25, 34, 'place')],
      gold: [decided(at(22, 34, 'place'))],
      rejected: [decided(at(25, 34, 'place'), 'a')],
      goldStatus: false,
    });
    expect(verdicts?.map(({ span, verdict, to }) => [span.text, verdict, to])).toEqual([
      ['Vostochny', 'changed', at(22, 34, 'place')],
    ]);
  });

  it('leaves out a span gold has nothing over while the document is still under review: not decided yet', () => {
    const verdicts = documentVerdicts({
      spans: [at(25, 34, 'place'), at(12, 15, 'visit'), at(0, 11, 'person')],
      gold: [decided(at(0, 11, 'person'))],
      rejected: [decided(at(25, 34, 'place'), 'neither')],
      goldStatus: true,
    });
    // "met" has no decision yet: neither removed nor anything else, until gold covers it or is marked done.
    expect(verdicts?.map(({ span, verdict }) => [span.text, verdict])).toEqual([
      ['Kim Jong Un', 'kept'],
      ['Vostochny', 'removed'],
    ]);
  });

  it('leaves out a span not decided yet that a gold span of theirs or an agreement overlaps: no decision on it', () => {
    // "met Putin at Vostochny" (claim) went into gold as an agreement, "Kim Jong Un met" (claim) as this
    // annotator's version of a difference; "Putin" (visit) and "Jong Un met Putin" (denial), theirs too, are differences not decided yet.
    const document = {
      spans: [at(0, 15, 'claim'), at(4, 21, 'denial'), at(12, 34, 'claim'), at(16, 21, 'visit')],
      gold: [decided(at(0, 15, 'claim')), decided(at(12, 34, 'claim'), 'agreed')],
      rejected: [],
      goldStatus: true,
    };
    expect(documentVerdicts(document)?.map(({ span, verdict }) => [span.text, verdict])).toEqual([
      ['Kim Jong Un met', 'kept'],
      ['met Putin at Vostochny', 'kept'],
    ]);
    // Gold marked done with them undecided: removed, and the note says no one decided them.
    expect(
      documentVerdicts({ ...document, goldDone: true })?.map(({ span, verdict, note }) => [span.text, verdict, note]),
    ).toEqual([
      ['Kim Jong Un met', 'kept', null],
      ['Jong Un met Putin', 'removed', 'Not decided: left out of gold when the document’s gold was marked done.'],
      ['met Putin at Vostochny', 'kept', null],
      ['Putin', 'removed', 'Not decided: left out of gold when the document’s gold was marked done.'],
    ]);
    // An agreement of annotators this one was not compared with is no decision on their span either.
    expect(
      documentVerdicts({ ...document, spans: [at(16, 21, 'visit')] })?.map(({ span, verdict }) => [span.text, verdict]),
    ).toEqual([]);
  });

  it('says changed for a third annotator who marked both labels of a label difference decided for one', () => {
    // C marked "Kim Jong Un met" claim and denial; A denial, B claim; the reviewer kept B's (C's too).
    const verdicts = documentVerdicts({
      spans: [at(0, 15, 'claim'), at(0, 15, 'denial')],
      gold: [{ ...at(0, 15, 'claim'), origin: { ...origin('b'), annotators: ['B', 'C'] } }],
      rejected: [],
      goldStatus: true,
      goldDone: true,
    });
    expect(verdicts?.map(({ span, verdict, to }) => [span.label, verdict, to?.label ?? null])).toEqual([
      ['claim', 'kept', null],
      ['denial', 'changed', 'claim'],
    ]);
  });

  it('takes, of gold spans overlapping it as much, the one closest to it (its own decided version)', () => {
    // Two decisions: a longer span kept from another annotator, and this span's own place relabelled.
    const verdicts = documentVerdicts({
      spans: [at(16, 24, 'visit')],
      gold: [decided(at(12, 24, 'claim')), decided(at(16, 24, 'claim'))],
      rejected: [],
      goldStatus: true,
    });
    expect(verdicts?.[0].to).toEqual(at(16, 24, 'claim'));
  });

  it('leaves out a document the review decided nothing in', () => {
    expect(documentVerdicts({ spans: [at(0, 3, 'person')], gold: [], rejected: [], goldStatus: false })).toBeNull();
    // Gold marked done with nothing in it is a decision: every span removed.
    expect(
      documentVerdicts({ spans: [at(0, 3, 'person')], gold: [], rejected: [], goldStatus: true, goldDone: true })?.map(
        (verdict) => verdict.verdict,
      ),
    ).toEqual(['removed']);
  });

  it('leaves out a span drawn after the gold was marked done: the review has it to decide', () => {
    const before = { ...at(0, 3, 'person'), created: 1_000 };
    const after = { ...at(4, 7, 'person'), created: 3_000 };
    const verdicts = documentVerdicts({
      spans: [before, after],
      gold: [],
      rejected: [],
      goldStatus: true,
      goldDone: true,
      goldDoneAt: 2_000,
    });
    expect(verdicts?.map((verdict) => [verdict.span.start, verdict.verdict])).toEqual([[0, 'removed']]);
  });

  it('leaves out a span drawn after the decision on the gold span it would be changed to: no verdict on what the reviewer never saw (helper-160)', () => {
    const decidedAt = Date.UTC(2026, 4, 1);
    const seen = { ...at(0, 3, 'person'), created: decidedAt - 1 };
    const drawnSince = { ...at(16, 24, 'person'), created: decidedAt + 1 };
    const verdicts = documentVerdicts({
      spans: [seen, drawnSince],
      gold: [decided(at(0, 11, 'person')), decided(at(16, 21, 'person'))],
      rejected: [],
      goldStatus: true,
      goldDone: true,
      goldDoneAt: decidedAt + 10,
    });
    expect(verdicts?.map((verdict) => [verdict.span.text, verdict.verdict])).toEqual([['Kim', 'changed']]);
  });

  it('counts code points: a span after an emoji keeps its offsets and quote', () => {
    const text = '🙂 Kim 👩‍👩‍👧 met Putin';
    const kim = at(2, 5, 'person', text);
    const putin = at(16, 21, 'person', text);
    expect(kim.text).toBe('Kim');
    expect(putin.text).toBe('Putin');
    const verdicts = documentVerdicts({
      spans: [kim, at(12, 21, 'claim', text)],
      gold: [decided(kim), decided(putin)],
      rejected: [],
      goldStatus: false,
    });
    expect(
      verdicts?.map(({ span, verdict, to }) => [span.start, span.end, span.text, verdict, to?.text ?? null]),
    ).toEqual([
      [2, 5, 'Kim', 'kept', null],
      [12, 21, 'met Putin', 'changed', 'Putin'],
    ]);
  });
});

describe('marked spans', () => {
  it('marks changed and removed spans, and kept ones with a note', () => {
    const base = { reviewer: 'rev', at: 0 };
    expect(isMarked({ ...base, verdict: 'kept' })).toBe(false);
    expect(isMarked({ ...base, verdict: 'kept', note: 'good catch' })).toBe(true);
    expect(isMarked({ ...base, verdict: 'changed', to: [{ start: 0, end: 3, label: 'x' }] })).toBe(true);
    expect(isMarked({ ...base, verdict: 'removed' })).toBe(true);
    expect(isMarked(undefined)).toBe(false);
  });

  it('says feedback in words, with the text a changed span became', () => {
    const feedback = {
      verdict: 'changed' as const,
      to: [{ start: 0, end: 11, label: 'person' }],
      note: 'a name',
      reviewer: 'rev',
      at: 0,
    };
    expect(describeFeedback(feedback, (place) => TEXT.slice(place.start, place.end))).toBe(
      'changed to person 0–11 “Kim Jong Un”: “a name”',
    );
    expect(describeFeedback({ verdict: 'removed', reviewer: 'rev', at: 0 })).toBe('removed');
  });

  it('steps across documents in list order and reading order, going round at the ends', () => {
    const place = (documentId: string, order: number, start: number): MarkedPlace => ({
      documentId,
      order,
      id: `${documentId}-${start}`,
      start,
      end: start + 2,
      label: 'x',
    });
    const marked = [place('a', 0, 4), place('a', 0, 9), place('c', 2, 1)];
    const ids = (step: ReturnType<typeof stepMarked>) => step && [step.target.id, step.index, step.wrapped];
    // Nothing open: the first; in a document without marks: the next document's first.
    expect(ids(stepMarked(marked, { order: null, selected: null }, 1))).toEqual(['a-4', 0, false]);
    expect(ids(stepMarked(marked, { order: 1, selected: null }, 1))).toEqual(['c-1', 2, false]);
    expect(ids(stepMarked(marked, { order: 1, selected: null }, -1))).toEqual(['a-9', 1, false]);
    // From a selected span: the one after it, or round to the first.
    const selected = { id: 'a-4', start: 4, end: 6, label: 'x' };
    expect(ids(stepMarked(marked, { order: 0, selected }, 1))).toEqual(['a-9', 1, false]);
    expect(ids(stepMarked(marked, { order: 0, selected }, -1))).toEqual(['c-1', 2, true]);
    expect(ids(stepMarked(marked, { order: 2, selected: { id: 'c-1', start: 1, end: 3, label: 'x' } }, 1))).toEqual([
      'a-4',
      0,
      true,
    ]);
    expect(stepMarked([], { order: 0, selected: null }, 1)).toBeNull();
  });
});
