import { describe, expect, it, vi } from 'vitest';
import { FileSaver, pressExpired } from '../../../src/lib/state/fileSaver.svelte';

function saverWith(expired: { now: boolean }) {
  const saved: string[] = [];
  const saver = new FileSaver(
    (blob, name) => saved.push(`${name}:${blob.size}`),
    () => expired.now,
  );
  return { saver, saved };
}

describe('FileSaver', () => {
  it('downloads at once while the press still counts, and keeps nothing', () => {
    const { saver, saved } = saverWith({ now: false });
    expect(saver.offer(new Blob(['abc']), 'a.jsonl')).toBe(true);
    expect(saved).toEqual(['a.jsonl:3']);
    expect(saver.kept).toBeNull();
  });

  it('keeps a file written after the press expired until Save file, then downloads it once', () => {
    const { saver, saved } = saverWith({ now: true });
    expect(saver.offer(new Blob(['abcd']), 'b.jsonl')).toBe(false);
    expect(saved).toEqual([]);
    expect(saver.kept?.name).toBe('b.jsonl');
    saver.saveKept();
    saver.saveKept();
    expect(saved).toEqual(['b.jsonl:4']);
    expect(saver.kept).toBeNull();
  });

  it('forgets a kept file when the choices it was written for change', () => {
    const { saver, saved } = saverWith({ now: true });
    saver.offer(new Blob(['x']), 'c.jsonl');
    saver.drop();
    saver.saveKept();
    expect(saved).toEqual([]);
  });

  it('drops a kept file after a while: saved much later it would miss the work done since', () => {
    vi.useFakeTimers();
    try {
      const saved: string[] = [];
      const saver = new FileSaver(
        (_blob, name) => saved.push(name),
        () => true,
        60_000,
      );
      saver.offer(new Blob(['x']), 'old.jsonl');
      vi.advanceTimersByTime(59_000);
      expect(saver.kept?.name).toBe('old.jsonl');
      vi.advanceTimersByTime(2_000);
      expect(saver.kept).toBeNull();
      saver.saveKept();
      expect(saved).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reads the expiry from navigator.userActivation, and counts a browser that does not say as not expired', () => {
    expect(pressExpired({ userActivation: { isActive: false } } as unknown as Navigator)).toBe(true);
    expect(pressExpired({ userActivation: { isActive: true } } as unknown as Navigator)).toBe(false);
    expect(pressExpired({} as Navigator)).toBe(false);
    expect(pressExpired(undefined)).toBe(false);
  });
});
