import type { SourceFormat } from '../formats/detect';
import { CODE_POINTS, readingKey, type OffsetReading } from '../formats/offsetReadings';
import type { OffsetSurvey } from '../storage/importTypes';

/** The reading of a Spanwright JSONL export written with UTF-16 offsets. */
const UTF16_UNITS: OffsetReading = { unit: 'utf16', inclusiveEnd: false, lfNewlines: false };

/** The reading a file is first read by: Spanwright's own UTF-16 export says so in its name; else `current`. */
export function firstReading(format: SourceFormat | null, name: string, current: OffsetReading): OffsetReading {
  return format === 'native' && /-utf16\.jsonl$/iu.test(name) && current === CODE_POINTS ? UTF16_UNITS : current;
}

/** A reading found by a file's quotes: `reading` fits every one of them, `from` (the one first tried) missed some. */
export interface FoundReading {
  reading: OffsetReading;
  from: OffsetReading;
  missed: number;
  quoted: number;
}

/**
 * The reading to read a file by again, found by its quotes: one that fits every quote where the reading
 * it was read by (`offsets.reading`) misses some, as the JavaScript (UTF-16) offsets of some Label Studio
 * versions do past an emoji. Null when the reading read by fits them all, or none does.
 */
export function readingByQuotes(offsets: OffsetSurvey): FoundReading | null {
  const { fitsAll, reading, quoted } = offsets;
  if (fitsAll === null || readingKey(fitsAll) === readingKey(reading)) return null;
  const fits = offsets.ranking.find((entry) => readingKey(entry.reading) === readingKey(reading))?.fits ?? 0;
  return fits < quoted ? { reading: fitsAll, from: reading, missed: quoted - fits, quoted } : null;
}
