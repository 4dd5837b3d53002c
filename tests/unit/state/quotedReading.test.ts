import { describe, expect, it } from 'vitest';
import { firstReading, readingByQuotes } from '../../../src/lib/state/quotedReading';
import { CODE_POINTS, type OffsetReading } from '../../../src/lib/formats/offsetReadings';

const UTF16: OffsetReading = { unit: 'utf16', inclusiveEnd: false, lfNewlines: false };
const survey = (
  reading: OffsetReading,
  quoted: number,
  fits: [OffsetReading, number][],
  fitsAll: OffsetReading | null,
) => ({
  reading,
  quoted,
  ranking: fits.map(([one, count]) => ({ reading: one, fits: count })),
  fitsAll,
});

describe('the reading a file’s quotes find', () => {
  it('is the one that fits every quote where the reading tried misses some, with the count missed', () => {
    expect(
      readingByQuotes(
        survey(
          CODE_POINTS,
          4,
          [
            [UTF16, 4],
            [CODE_POINTS, 1],
          ],
          UTF16,
        ),
      ),
    ).toEqual({
      reading: UTF16,
      from: CODE_POINTS,
      missed: 3,
      quoted: 4,
    });
  });

  it('is none when the reading tried fits every quote, when no reading does, or when nothing is quoted', () => {
    expect(
      readingByQuotes(
        survey(
          CODE_POINTS,
          2,
          [
            [CODE_POINTS, 2],
            [UTF16, 2],
          ],
          CODE_POINTS,
        ),
      ),
    ).toBeNull();
    expect(
      readingByQuotes(
        survey(
          CODE_POINTS,
          3,
          [
            [UTF16, 2],
            [CODE_POINTS, 1],
          ],
          null,
        ),
      ),
    ).toBeNull();
    expect(readingByQuotes(survey(CODE_POINTS, 0, [], null))).toBeNull();
    // Tried by a reading later in the order than the first that fits them all, which fits them all too.
    expect(
      readingByQuotes(
        survey(
          UTF16,
          2,
          [
            [CODE_POINTS, 2],
            [UTF16, 2],
          ],
          CODE_POINTS,
        ),
      ),
    ).toBeNull();
  });

  it('starts Spanwright’s own UTF-16 export (named so) as UTF-16, and any other file as it is', () => {
    expect(firstReading('native', 'default-ann-2026-12-07-spanwright-utf16.jsonl', CODE_POINTS)).toEqual(UTF16);
    expect(firstReading('doccano', 'export-utf16.jsonl', CODE_POINTS)).toBe(CODE_POINTS);
    expect(firstReading('native', 'export.jsonl', CODE_POINTS)).toBe(CODE_POINTS);
  });
});
