/**
 * How a file's offsets may count its text. Tools disagree: Python tools count code points,
 * JavaScript tools UTF-16 code units, Label Studio 0.x wrote an inclusive end, and a tool that
 * read a CRLF text with universal newlines (brat, Python's `open`) counted each CRLF as one `\n`.
 * A file's spans quote their text, so each reading can be tried against the quotes: the import
 * counts how many fit each reading and proposes the one that fits all. Nothing is guessed silently.
 *
 * Offsets out are always UTF-16 offsets of the text as stored (and then code points, by the caller).
 */
import { CodePointIndex } from '../model/offsets';

export type OffsetUnit = 'codepoint' | 'utf16';

/** One way of reading a file's offsets. */
export interface OffsetReading {
  unit: OffsetUnit;
  /** The end offset names the last character (Label Studio 0.x), not the one after it. */
  inclusiveEnd: boolean;
  /** Offsets count a CRLF as one character: the text as a tool with universal newlines read it. */
  lfNewlines: boolean;
}

/** Spanwright's own reading, and Python's: code points, end exclusive, the text as it is. */
export const CODE_POINTS: OffsetReading = { unit: 'codepoint', inclusiveEnd: false, lfNewlines: false };

/** `offsets` as a reading: a bare unit means that unit, end exclusive, the text as it is. */
export function asReading(offsets: OffsetReading | OffsetUnit): OffsetReading {
  return typeof offsets === 'string' ? { unit: offsets, inclusiveEnd: false, lfNewlines: false } : offsets;
}

/** Every reading the import tries, the usual ones first. */
export const READINGS: readonly OffsetReading[] = (['codepoint', 'utf16'] as const).flatMap((unit) =>
  [false, true].flatMap((lfNewlines) => [false, true].map((inclusiveEnd) => ({ unit, inclusiveEnd, lfNewlines }))),
);

/** A name for a reading, as the import preview says it. */
export function readingName(reading: OffsetReading): string {
  const parts = [reading.unit === 'codepoint' ? 'code points' : 'UTF-16 code units'];
  if (reading.inclusiveEnd) parts.push('inclusive end');
  if (reading.lfNewlines) parts.push('CRLF counted as one');
  return parts.join(', ');
}

/** A short key for a reading (for maps and choices): `codepoint`, `utf16+inclusive+lf`… */
export function readingKey(reading: OffsetReading): string {
  return [reading.unit, reading.inclusiveEnd ? 'inclusive' : '', reading.lfNewlines ? 'lf' : '']
    .filter(Boolean)
    .join('+');
}

/** The reading a {@link readingKey} names (code points when the key is not one). */
export function readingOfKey(key: string): OffsetReading {
  return READINGS.find((reading) => readingKey(reading) === key) ?? CODE_POINTS;
}

export function sameReading(left: OffsetReading, right: OffsetReading): boolean {
  return left.unit === right.unit && left.inclusiveEnd === right.inclusiveEnd && left.lfNewlines === right.lfNewlines;
}

/**
 * A text seen under one reading: turns a file's [start, end) into UTF-16 offsets of the stored
 * text, or says why it cannot. Built once per record.
 */
export class ReadingTarget {
  readonly text: string;
  readonly reading: OffsetReading;
  /** The text as the file's offsets count it (CRLF → LF for `lfNewlines`). */
  readonly #seen: string;
  /** UTF-16 offsets (in `#seen`) of each LF that stands for a CRLF, ascending. */
  readonly #collapsed: number[];
  readonly #index: CodePointIndex;

  constructor(text: string, reading: OffsetReading) {
    this.text = text;
    this.reading = reading;
    const collapsed: number[] = [];
    if (reading.lfNewlines && text.includes('\r\n')) {
      let removed = 0;
      for (let at = text.indexOf('\r\n'); at !== -1; at = text.indexOf('\r\n', at + 2)) collapsed.push(at - removed++);
      this.#seen = text.replaceAll('\r\n', '\n');
    } else this.#seen = text;
    this.#collapsed = collapsed;
    this.#index = new CodePointIndex(this.#seen);
  }

  #storedIndex: CodePointIndex | null = null;

  /** Code point ↔ UTF-16 conversion of the stored text. */
  get index(): CodePointIndex {
    if (this.#storedIndex === null)
      this.#storedIndex = this.#seen === this.text ? this.#index : new CodePointIndex(this.text);
    return this.#storedIndex;
  }

  /** Length of the text in the file's unit (as the file counts it). */
  get length(): number {
    return this.reading.unit === 'utf16' ? this.#index.utf16Length : this.#index.codePointLength;
  }

  get unitName(): string {
    return this.reading.unit === 'utf16' ? 'UTF-16 code units' : 'code points';
  }

  /** Whether offsets [start, end) name no character, at a place inside the text (start = end, or end + 1 inclusive). */
  isEmpty(start: number, end: number): boolean {
    if (start !== (this.reading.inclusiveEnd ? end + 1 : end) || start > this.length) return false;
    // Inside a surrogate pair, an offset says the file counts otherwise: refused as such, not left out.
    return this.reading.unit !== 'utf16' || this.#index.isBoundary(start);
  }

  /**
   * The UTF-16 range of the stored text that file offsets [start, end) name under this reading,
   * or a reason they name none (out of range, inside a surrogate pair, empty).
   */
  locate(start: number, end: number): { start16: number; end16: number } | { problem: string } {
    const last = this.reading.inclusiveEnd ? end + 1 : end;
    if (start >= last)
      return {
        problem: `has start ${start} ≥ end ${end}${this.reading.inclusiveEnd ? ' + 1 (an inclusive end)' : ''}`,
      };
    if (last > this.length)
      return { problem: `ends at ${end} but the text has ${this.length} characters (${this.unitName})` };
    let from = start;
    let to = last;
    if (this.reading.unit === 'utf16') {
      for (const offset of [from, to]) {
        if (!this.#index.isBoundary(offset))
          return { problem: `offset ${offset} falls inside a surrogate pair (an emoji or other astral character)` };
      }
    } else {
      from = this.#index.toUtf16(from);
      to = this.#index.toUtf16(to);
    }
    return { start16: this.#original(from), end16: this.#original(to) };
  }

  /** A UTF-16 offset of the seen text as an offset of the stored text (each collapsed CRLF adds one). */
  #original(offset: number): number {
    const collapsed = this.#collapsed;
    let low = 0;
    let high = collapsed.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (collapsed[middle] < offset) low = middle + 1;
      else high = middle;
    }
    return offset + low;
  }
}

/**
 * Characters of scripts that write spaces between words (and digits, and combining marks): a span
 * edge between two of them cuts a word. Scripts without spaces (Han, Thai…) are left out: any edge fits there.
 */
const SPACED_WORD =
  /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Georgian}\p{N}\p{M}]$/u;
const SPACE = /^\s$/u;

/**
 * True when UTF-16 range [start, end) of `text` looks like a span someone drew: it neither begins nor
 * ends with white space, and neither edge cuts a word of a spaced script. A span read with the wrong
 * offsets (UTF-16 read as code points after an emoji, say) mostly does not.
 */
export function edgesFit(text: string, start: number, end: number): boolean {
  const cuts = (at: number) => SPACED_WORD.test(text[at - 1] ?? '') && SPACED_WORD.test(text[at] ?? '');
  return !SPACE.test(text[start]) && !SPACE.test(text[end - 1]) && !cuts(start) && !cuts(end);
}

/** A reading every unquoted span's edges fit, offered when `missed` of the file's `spans` miss under the chosen one. */
export interface EdgesSuggestion {
  /** The reading every span's edges fit; null when none does (the spans are said to be odd, and kept as they are). */
  reading: OffsetReading | null;
  missed: number;
  spans: number;
  /** The first few spans that do not fit the reading chosen, so they can be found: `"iv n" in “Kyiv now…”`. */
  examples: string[];
}

/** A span whose edges do not fit a reading, said so it can be found: what it takes, and where its text begins. */
function edgeExample(
  text: string,
  start: number,
  end: number,
  place: { start16: number; end16: number } | null,
): string {
  // 24 code points at most: an emoji is never cut in two.
  const short = (part: string) => {
    const points = Array.from(part.slice(0, 48));
    return points.length > 24 || part.length > 48 ? `${points.slice(0, 24).join('')}…` : part;
  };
  const where = `in the text “${short(text.slice(0, 96).replace(/\s+/gu, ' ').trimStart())}”`;
  if (place === null) return `${start}–${end} ${where}`;
  return `${JSON.stringify(short(text.slice(place.start16, place.end16)))} ${where}`;
}

/** How many of a file's quoted spans fit each reading: what the import preview shows. */
export class ReadingSurvey {
  /** Quoted spans seen. */
  quoted = 0;
  /** Quoted spans that fit, by reading key. */
  readonly fits = new Map<string, number>();
  /** Spans seen without a quote, and by reading key those whose edges fit ({@link edgesFit}). */
  unquoted = 0;
  readonly edgeFits = new Map<string, number>();
  /** By reading key, the first few spans whose edges do not fit it ({@link EdgesSuggestion}'s examples). */
  readonly edgeMisses = new Map<string, string[]>();
  /** The targets of the last text tallied: a record's spans come together. */
  #targets: ReadingTarget[] = [];

  #targetsOf(text: string): ReadingTarget[] {
    if (this.#targets.length === 0 || this.#targets[0].text !== text)
      this.#targets = READINGS.map((reading) => new ReadingTarget(text, reading));
    return this.#targets;
  }

  /** Tries file offsets [start, end) of a span that quotes nothing under every reading, by its edges. */
  tallyEdges(text: string, start: number, end: number): void {
    this.unquoted++;
    for (const target of this.#targetsOf(text)) {
      const place = target.locate(start, end);
      const key = readingKey(target.reading);
      if ('problem' in place || !edgesFit(text, place.start16, place.end16)) {
        const misses = this.edgeMisses.get(key) ?? [];
        this.edgeMisses.set(key, misses);
        if (misses.length < 3) misses.push(edgeExample(text, start, end, 'problem' in place ? null : place));
        continue;
      }
      this.edgeFits.set(key, (this.edgeFits.get(key) ?? 0) + 1);
    }
  }

  /**
   * For a file whose spans quote nothing: when some of them do not fit `chosen` by their edges, how
   * many, and the reading that fits them all (null when none does and none fits more than `chosen`:
   * the card says they are odd); else null.
   */
  edgesSuggest(chosen: OffsetReading): EdgesSuggestion | null {
    if (this.quoted > 0 || this.unquoted === 0) return null;
    const fit = (reading: OffsetReading) => this.edgeFits.get(readingKey(reading)) ?? 0;
    const missed = this.unquoted - fit(chosen);
    const reading = READINGS.find((candidate) => fit(candidate) === this.unquoted) ?? null;
    // None fits them all: said only when the chosen one fits as many as any (else another might be meant).
    const best = reading !== null || READINGS.every((candidate) => fit(candidate) <= fit(chosen));
    const examples = this.edgeMisses.get(readingKey(chosen)) ?? [];
    return missed > 0 && best ? { reading, missed, spans: this.unquoted, examples } : null;
  }

  /**
   * Tries file offsets [start, end) quoting `quote` against `text` under every reading; `fits`
   * says when a quote matches the text found (exact equality unless the format says otherwise).
   */
  tally(
    text: string,
    start: number,
    end: number,
    quote: string,
    fits: (found: string, quote: string) => boolean = (found, quoted) => found === quoted,
  ): void {
    this.quoted++;
    for (const target of this.#targetsOf(text)) {
      const place = target.locate(start, end);
      if ('problem' in place || !fits(text.slice(place.start16, place.end16), quote)) continue;
      const key = readingKey(target.reading);
      this.fits.set(key, (this.fits.get(key) ?? 0) + 1);
    }
  }

  /** Each reading with the quotes it fits, most first (ties in the order of {@link READINGS}). */
  ranking(): { reading: OffsetReading; fits: number }[] {
    return READINGS.map((reading) => ({ reading, fits: this.fits.get(readingKey(reading)) ?? 0 })).sort(
      (left, right) => right.fits - left.fits,
    );
  }

  /** What the import preview shows of the file read as `reading` (storage's `OffsetSurvey`). */
  summary(reading: OffsetReading) {
    return {
      reading,
      quoted: this.quoted,
      ranking: this.ranking(),
      fitsAll: this.fitsAll(),
      edges: this.edgesSuggest(reading),
    };
  }

  /** The first reading that fits every quote, or null (none does, or nothing was quoted). */
  fitsAll(): OffsetReading | null {
    if (this.quoted === 0) return null;
    return READINGS.find((reading) => (this.fits.get(readingKey(reading)) ?? 0) === this.quoted) ?? null;
  }
}
