import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eachMatch, MatchColumnsBuilder, type MatchTexts } from '../../../src/lib/model/matchColumns';
import type { PatternRequest, PatternResponse } from '../../../src/lib/workers/patternsProtocol';

/**
 * A stand-in for the patterns Worker speaking its protocol: a search answers one page of matches
 * (one per document listed) and keeps their texts, as patterns.worker.ts does; `fail` makes the
 * next search fail.
 */
class FakeWorker {
  static created: FakeWorker[] = [];
  onmessage: ((event: { data: PatternResponse }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  terminated = false;
  fail = false;
  /** What the page sent: the search and release messages' types and ids. */
  readonly received: string[] = [];
  readonly #texts = new Map<number, MatchTexts[]>();
  #keys: string[] = [];

  constructor() {
    FakeWorker.created.push(this);
  }

  postMessage(message: PatternRequest) {
    if (this.terminated) return;
    if (message.type === 'keys') {
      if (message.first) this.#keys = [];
      this.#keys.push(...message.keys.map((key) => key.id));
      return;
    }
    if (message.type === 'texts') {
      message.port.postMessage(this.#texts.get(message.id)?.[message.page] ?? null);
      return;
    }
    this.received.push(`${message.type} ${message.id}`);
    if (message.type === 'release') return void this.#texts.delete(message.id);
    const { id } = message;
    setTimeout(() => {
      if (this.terminated) return;
      if (this.fail) return this.onmessage?.({ data: { type: 'failed', message: 'it broke' } });
      const builder = new MatchColumnsBuilder();
      for (const key of this.#keys) builder.add(key, [{ start: 0, end: 3, label: 'claim', source: 'p', text: key }]);
      const { columns, texts } = builder.build();
      this.#texts.set(id, [texts]);
      this.onmessage?.({
        data: { type: 'matched', done: this.#keys.length, total: this.#keys.length, found: columns },
      });
      this.onmessage?.({ data: { type: 'finished' } });
    }, 1);
  }

  terminate() {
    this.terminated = true;
  }
}

const SEARCH = { kind: 'occurrences', phrase: 'x', caseSensitive: true, label: 'claim', source: 'p' } as const;
const HEADS = ['a', 'b', 'c'].map((id, order) => ({ id, order, fingerprint: `f${id}` }));

async function client() {
  return import('../../../src/lib/workers/patternsClient');
}

/** Lets the fake Worker answer (its replies and the heads' slices wait for timers). */
const answer = () => vi.advanceTimersByTimeAsync(10);

async function texts(found: Parameters<typeof eachMatch>[0]): Promise<string[]> {
  const seen: string[] = [];
  for await (const match of eachMatch(found)) seen.push(match.text);
  return seen;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  vi.stubGlobal('Worker', FakeWorker);
  vi.resetModules();
  FakeWorker.created = [];
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the patterns Worker client', () => {
  it('sends the page the matches without their texts, which the kept Worker holds past its idle time until released', async () => {
    const { searchCorpusInWorker, KEEP_TEXTS_MS } = await client();
    const searching = searchCorpusInWorker('db', SEARCH, () => undefined, undefined, HEADS);
    await answer();
    const found = await searching;
    expect(found.pages[0].documentIds).toEqual(['a', 'b', 'c']);
    expect('texts' in found.pages[0]).toBe(false);
    const [worker] = FakeWorker.created;
    await vi.advanceTimersByTimeAsync(KEEP_TEXTS_MS * 2);
    expect(worker.terminated).toBe(false);
    expect(await texts(found)).toEqual(['a', 'b', 'c']);
    found.release();
    found.release();
    expect(worker.received).toEqual(['search 1', 'release 1']);
    await expect(found.textsOf(0)).rejects.toThrow('no longer held');
    // Kept for the next search a while longer, then ended.
    await vi.advanceTimersByTimeAsync(KEEP_TEXTS_MS - 100);
    expect(worker.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(worker.terminated).toBe(true);
  });

  it('ends a Worker not kept (no heads given) at the release, not before', async () => {
    const { searchCorpusInWorker } = await client();
    const searching = searchCorpusInWorker('db', SEARCH, () => undefined);
    await answer();
    const found = await searching;
    const [worker] = FakeWorker.created;
    expect(worker.terminated).toBe(false);
    expect(await texts(found)).toEqual([]);
    found.release();
    expect(worker.terminated).toBe(true);
  });

  it('refuses the texts of a Worker ended since (a later search on it failed), and the next search gets a new Worker', async () => {
    const { searchCorpusInWorker } = await client();
    const first = searchCorpusInWorker('db', SEARCH, () => undefined, undefined, HEADS);
    await answer();
    const found = await first;
    const [worker] = FakeWorker.created;
    worker.fail = true;
    const second = searchCorpusInWorker('db', SEARCH, () => undefined, undefined, HEADS);
    const failed = expect(second).rejects.toThrow('it broke');
    await answer();
    await failed;
    expect(worker.terminated).toBe(true);
    await expect(texts(found)).rejects.toThrow('no longer held');
    const third = searchCorpusInWorker('db', SEARCH, () => undefined, undefined, HEADS);
    await answer();
    expect(await texts(await third)).toEqual(['a', 'b', 'c']);
    expect(FakeWorker.created).toHaveLength(2);
  });

  it('ends a kept Worker that fails between searches, refusing the texts asked of it instead of waiting', async () => {
    const { searchCorpusInWorker } = await client();
    const searching = searchCorpusInWorker('db', SEARCH, () => undefined, undefined, HEADS);
    await answer();
    const found = await searching;
    const [worker] = FakeWorker.created;
    // A texts request on its way when the Worker fails: the fake answers nothing once ended.
    worker.terminated = true;
    const asked = found.textsOf(0);
    worker.onerror?.({ message: 'crashed' });
    await expect(asked).rejects.toThrow('ended');
    await expect(found.textsOf(0)).rejects.toThrow('no longer held');
  });
});
