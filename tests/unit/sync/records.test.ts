import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../../src/lib/model/types';
import {
  labelFieldKey,
  labelsFromFields,
  layerChanges,
  sameValue,
  sharedNames,
  spanFromRecord,
  spanRecord,
  statusFromRecord,
  followHandshake,
  waitingChanges,
  type SpanRecord,
} from '../../../src/lib/sync/records';
import { serverAllowed, serverProblem, sourceAllows } from '../../../src/lib/sync/serverAddress';

const span = (id: string, overrides: Partial<Span> = {}): Span => ({
  id,
  documentId: 'd1',
  annotator: 'alice',
  start: 0,
  end: 3,
  label: 'claim',
  text: 'Kim',
  created: 1,
  updated: 1,
  ...overrides,
});

describe('shared records', () => {
  it('round-trips a span through its record, optional fields included', () => {
    const full = span('s1', { note: 'n', example: true, source: 'propagated' });
    expect(spanFromRecord('s1', spanRecord(full), () => true)).toEqual(full);
    expect(spanRecord(full)).not.toHaveProperty('id');
  });

  it('refuses a record that is not a span of an allowed layer', () => {
    const record = spanRecord(span('s1'));
    expect(spanFromRecord('s1', record, (annotator) => annotator === 'bob')).toBeNull();
    expect(spanFromRecord('s1', { ...record, start: 5, end: 2 }, () => true)).toBeNull();
    expect(spanFromRecord('s1', { ...record, start: -1 }, () => true)).toBeNull();
    expect(spanFromRecord('s1', { ...record, label: '' }, () => true)).toBeNull();
    expect(spanFromRecord('s1', 'claim', () => true)).toBeNull();
    expect(spanFromRecord('s1', null, () => true)).toBeNull();
    expect(statusFromRecord({ status: 'finished', updated: 1 })).toBeNull();
    expect(statusFromRecord({ status: 'done', updated: 1, finished: 2 })).toEqual({
      status: 'done',
      updated: 1,
      finished: 2,
    });
  });

  it('names a layer document by its annotator, whatever characters the name holds', () => {
    expect(sharedNames('demo').layer('ann/ä b')).toBe('demo/layer/ann%2F%C3%A4%20b');
    expect(sharedNames('demo').corpus).toBe('demo/corpus');
  });

  it('changes only what differs between a stored layer and the shared one', () => {
    const shared = new Map<string, SpanRecord>([
      ['kept', spanRecord(span('kept'))],
      ['relabelled', spanRecord(span('relabelled'))],
      ['gone', spanRecord(span('gone'))],
    ]);
    const local = [span('kept'), span('relabelled', { label: 'visit' }), span('new', { start: 4, end: 6 })];
    const { set, remove } = layerChanges(local, shared);
    expect(set.map(([id]) => id).sort()).toEqual(['new', 'relabelled']);
    expect(remove).toEqual(['gone']);
  });

  it('applying the changes makes the shared layer equal the stored one (property)', () => {
    const arbitrarySpan = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      label: fc.constantFrom('claim', 'visit'),
      start: fc.nat(20),
    });
    fc.assert(
      fc.property(fc.array(arbitrarySpan), fc.array(arbitrarySpan), (before, after) => {
        const toSpans = (list: typeof before) => [
          ...new Map(
            list.map((entry) => [
              entry.id,
              span(entry.id, { label: entry.label, start: entry.start, end: entry.start + 1 }),
            ]),
          ).values(),
        ];
        const shared = new Map(toSpans(before).map((entry) => [entry.id, spanRecord(entry)]));
        const local = toSpans(after);
        const { set, remove } = layerChanges(local, shared);
        for (const [id, record] of set) shared.set(id, record);
        for (const id of remove) shared.delete(id);
        expect(
          sameValue(
            Object.fromEntries(shared),
            Object.fromEntries(local.map((entry) => [entry.id, spanRecord(entry)])),
          ),
        ).toBe(true);
      }),
    );
  });
});

describe('changes waiting for the server', () => {
  const names = sharedNames('news');
  /** A provider as the count sees it: its changes not acknowledged, and its events (open, synced). */
  function provider(unsyncedChanges: number) {
    const listeners = new Map<string, () => void>();
    const one = { unsyncedChanges, on: (event: string, listener: () => void) => listeners.set(event, listener) };
    return { one: followHandshake(one), emit: (event: 'open' | 'synced') => listeners.get(event)?.() };
  }

  it('counts what this member wrote and the server has not acknowledged, not a handshake still unanswered (helper-206)', () => {
    const layer = provider(1);
    const shared = [
      { name: names.layer('bob'), provider: layer.one },
      { name: names.layer('alice'), provider: provider(3).one }, // read-only to bob: never acknowledged
      { name: names.gold, provider: provider(2).one },
    ];
    // Offline before any connection: the provider's count is of changes alone.
    expect(waitingChanges(shared, 'news', 'bob', false)).toBe(1);
    // Its connection opens: the handshake it sends counts as one until the server answers (refused: never).
    layer.emit('open');
    expect(waitingChanges(shared, 'news', 'bob', false)).toBe(0);
    layer.one.unsyncedChanges = 3;
    expect(waitingChanges(shared, 'news', 'bob', false)).toBe(2);
    // Synced, then offline (no handshake is sent): every change counts.
    layer.emit('synced');
    layer.one.unsyncedChanges = 1;
    expect(waitingChanges(shared, 'news', 'bob', false)).toBe(1);
    // Gold counts for a reviewer only.
    expect(waitingChanges(shared, 'news', 'bob', true)).toBe(3);
  });
});

describe('the server address and the security policy', () => {
  it('takes ws:// and wss:// addresses only', () => {
    expect(serverProblem('ws://127.0.0.1:1234')).toBeNull();
    expect(serverProblem('wss://sync.example.org')).toBeNull();
    expect(serverProblem('https://sync.example.org')).toMatch(/ws:\/\/ or wss:\/\//u);
    expect(serverProblem('sync.example.org')).toMatch(/ws:\/\/ or wss:\/\//u);
  });

  it('matches connect-src sources as CSP does: scheme, host (with a wildcard) and port', () => {
    expect(sourceAllows('ws://127.0.0.1:*', 'ws://127.0.0.1:4321')).toBe(true);
    expect(sourceAllows('ws://127.0.0.1:*', 'wss://127.0.0.1:4321')).toBe(false);
    expect(sourceAllows('wss://sync.example.org', 'wss://sync.example.org/')).toBe(true);
    expect(sourceAllows('wss://sync.example.org', 'wss://sync.example.org:8443')).toBe(false);
    expect(sourceAllows('wss://*.example.org', 'wss://a.example.org')).toBe(true);
    expect(sourceAllows('wss://*.example.org', 'wss://example.org')).toBe(false);
    expect(sourceAllows('wss://sync.example.org', 'wss://sync.example.org.evil.net')).toBe(false);
    expect(serverAllowed([], 'ws://127.0.0.1:1234')).toBe(false);
  });

  it('reads the label set from its fields: a label only with all of them valid, and renames', () => {
    const fields: [string, unknown][] = [
      [labelFieldKey('denial', 'colour'), { colour: '#ff0000' }],
      [labelFieldKey('denial', 'hotkey'), { hotkey: '2' }],
      [labelFieldKey('denial', 'description'), { description: 'A rejection.' }],
      [labelFieldKey('denial', 'order'), { order: 1 }],
      // Only a colour left (an edit that met a removal): not a label.
      [labelFieldKey('sanction', 'colour'), { colour: '#009E73' }],
      [labelFieldKey('visit', 'colour'), { colour: 'red' }],
      [labelFieldKey('visit', 'hotkey'), { hotkey: '4' }],
      [labelFieldKey('visit', 'description'), { description: '' }],
      [labelFieldKey('visit', 'order'), { order: 3 }],
      [labelFieldKey('claim', 'renamed'), { renamed: 'assertion' }],
      ['not a key', { colour: '#000000' }],
    ];
    const { labels, renamed } = labelsFromFields(fields);
    expect([...labels.values()]).toEqual([
      { name: 'denial', colour: '#ff0000', hotkey: '2', description: 'A rejection.', order: 1 },
    ]);
    expect([...renamed]).toEqual([['claim', 'assertion']]);
  });
});
