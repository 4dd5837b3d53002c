import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeptWorker } from '../../../src/lib/workers/keptWorker';

/** A stand-in for a Worker that records whether it was ended. */
class FakeWorker {
  terminated = false;
  terminate() {
    this.terminated = true;
  }
}

function keptOf(idleMs: number) {
  const created: FakeWorker[] = [];
  const kept = new KeptWorker(() => {
    const worker = new FakeWorker();
    created.push(worker);
    return worker as unknown as Worker;
  }, idleMs);
  return { kept, created };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a Worker kept between jobs', () => {
  it('serves the next job with the Worker kept, and ends it after the idle time', () => {
    const { kept, created } = keptOf(1000);
    const first = kept.take();
    kept.keep(first);
    vi.advanceTimersByTime(900);
    expect(kept.take()).toBe(first);
    kept.keep(first);
    expect(created).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(created[0].terminated).toBe(true);
    expect(kept.take()).not.toBe(first);
    expect(created).toHaveLength(2);
  });

  it('gives a job that comes while the kept Worker is busy a new one, and keeps only one afterwards', () => {
    const { kept, created } = keptOf(1000);
    const busy = kept.take();
    const second = kept.take();
    expect(second).not.toBe(busy);
    kept.keep(busy);
    kept.keep(second);
    expect(created[0].terminated).toBe(true);
    expect(created[1].terminated).toBe(false);
    expect(kept.take()).toBe(second);
  });

  it('ends a cancelled job’s Worker instead of keeping it, and releases the kept one on demand', () => {
    const { kept, created } = keptOf(1000);
    const cancelled = kept.take();
    kept.end(cancelled);
    expect(created[0].terminated).toBe(true);
    const next = kept.take();
    expect(next).not.toBe(cancelled);
    kept.keep(next);
    kept.release();
    expect(created[1].terminated).toBe(true);
    expect(kept.take()).not.toBe(next);
  });
});

describe('a pinned Worker (its matches’ texts not yet released)', () => {
  it('outlives the idle time while pinned, and is kept for the next job; the idle time runs again from the unpin', () => {
    const { kept, created } = keptOf(1000);
    const worker = kept.take();
    const unpin = kept.pin(worker);
    kept.keep(worker);
    vi.advanceTimersByTime(5000);
    expect(created[0].terminated).toBe(false);
    expect(kept.ended(worker)).toBe(false);
    unpin();
    unpin(); // a second call counts once
    vi.advanceTimersByTime(900);
    expect(created[0].terminated).toBe(false);
    expect(kept.take()).toBe(worker);
    kept.keep(worker);
    vi.advanceTimersByTime(1000);
    expect(created[0].terminated).toBe(true);
    expect(kept.ended(worker)).toBe(true);
  });

  it('is not ended by another Worker kept in its place, nor by a release, until its last unpin', () => {
    const { kept, created } = keptOf(1000);
    const pinned = kept.take();
    const first = kept.pin(pinned);
    const second = kept.pin(pinned);
    kept.keep(pinned);
    const other = kept.take();
    expect(other).toBe(pinned);
    const newer = kept.take();
    kept.keep(pinned);
    kept.keep(newer);
    expect(created[0].terminated).toBe(false);
    // No longer served to a job: the next one gets the Worker kept in its place.
    expect(kept.take()).toBe(newer);
    first();
    expect(created[0].terminated).toBe(false);
    second();
    expect(created[0].terminated).toBe(true);

    const again = kept.take();
    const unpin = kept.pin(again);
    kept.keep(again);
    kept.release();
    expect(created[2].terminated).toBe(false);
    expect(kept.take()).not.toBe(again);
    unpin();
    expect(created[2].terminated).toBe(true);
  });

  it('is ended at once by end() (its job cancelled or failed), pins or not', () => {
    const { kept, created } = keptOf(1000);
    const worker = kept.take();
    const unpin = kept.pin(worker);
    kept.end(worker);
    expect(created[0].terminated).toBe(true);
    expect(kept.ended(worker)).toBe(true);
    unpin();
    expect(kept.take()).not.toBe(worker);
  });
});
