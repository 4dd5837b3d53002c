// Seeded, reproducible bench data: English-like text with some non-Latin and astral characters,
// spans on whole words, and Spanwright native JSONL records. Plain JavaScript so the same code
// runs in Node (bench/run.js) and in the bench harness page (bench/harness.ts).

/** The default label set's names, so imported spans use the labels the app already has. */
export const BENCH_LABELS = ['claim', 'denial', 'sanction', 'visit'];

/** The layer every bench record goes to: the app's default annotator. */
export const BENCH_ANNOTATOR = 'annotator';

/**
 * mulberry32: a small, fast 32-bit PRNG; the same seed gives the same sequence everywhere.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 * @see https://github.com/bryc/code/blob/master/jshash/PRNGs.md#mulberry32
 */
export function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but ' +
  'have an they you were her she there been one all we their has would when if so no will more out ' +
  'government minister officials report said talks agreement weapons border trade council meeting ' +
  'statement president spokesman sanctions embassy delegation treaty economic military security ' +
  'market prices energy shipment ports agency analysts foreign domestic regional committee support ' +
  'country countries people city region week month year today yesterday earlier later again against ' +
  'between during under while after before about would could should might announced confirmed denied ' +
  'visited imposed claimed rejected warned expected planned reported described accused offered signed ' +
  'northern southern eastern western capital island river valley coast harbour factory railway bridge'
).split(' ');
/** Rarer words: accents, other scripts, and (rarely) an astral character, so offsets differ by unit. */
const RARE = [
  'café',
  'naïve',
  'Zürich',
  'São',
  'Łódź',
  'Ærø',
  'Москва',
  'Ελλάδα',
  '東京',
  'Kraków',
  'Besançon',
  'Dvořák',
];
const ASTRAL = ['🙂', '𝔊amma', '🌍'];

function pick(random, items) {
  return items[Math.floor(random() * items.length)];
}

function nextWord(random) {
  const roll = random();
  if (roll < 0.0005) return pick(random, ASTRAL);
  if (roll < 0.02) return pick(random, RARE);
  return pick(random, COMMON);
}

/**
 * A text of about `length` UTF-16 units (never shorter): paragraphs of sentences, separated by
 * blank lines. Returns the word places too, in UTF-16 and in code points.
 * @param {() => number} random
 * @param {number} length
 */
export function generateText(random, length) {
  const pieces = [];
  const words = { start16: [], end16: [], startCp: [], endCp: [], paragraph: [] };
  let at16 = 0;
  let atCp = 0;
  let paragraph = 0;
  const push = (piece, codePoints) => {
    pieces.push(piece);
    at16 += piece.length;
    atCp += codePoints;
  };
  while (at16 < length) {
    if (paragraph > 0) push('\n\n', 2);
    const sentences = 3 + Math.floor(random() * 4);
    for (let sentence = 0; sentence < sentences; sentence++) {
      if (sentence > 0) push(' ', 1);
      const count = 6 + Math.floor(random() * 13);
      for (let index = 0; index < count; index++) {
        if (index > 0) {
          const separator = random() < 0.06 ? ', ' : ' ';
          push(separator, separator.length);
        }
        let word = nextWord(random);
        if (index === 0) word = word.charAt(0).toUpperCase() + word.slice(1);
        const codePoints = countCodePoints(word);
        words.start16.push(at16);
        words.startCp.push(atCp);
        push(word, codePoints);
        words.end16.push(at16);
        words.endCp.push(atCp);
        words.paragraph.push(paragraph);
      }
      push('.', 1);
    }
    paragraph++;
  }
  return { text: pieces.join(''), words };
}

function countCodePoints(text) {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
    }
    count++;
  }
  return count;
}

/**
 * `count` spans over whole words of `generated`, spread evenly, never crossing a paragraph.
 * Every 20th span is followed by a span nested inside it (its first word, another label), so
 * overlaps are exercised. Offsets are code points, as in files. Sorted by start, end, label.
 * @param {() => number} random
 * @param {{ text: string, words: { start16: number[], end16: number[], startCp: number[], endCp: number[], paragraph: number[] } }} generated
 * @param {number} count
 */
export function generateSpans(random, generated, count) {
  const { text, words } = generated;
  let outer = count;
  while (outer + Math.floor(outer / 20) > count) outer--;
  const nestedWanted = count - outer;
  const slot = words.start16.length / outer;
  if (slot < 4) throw new Error(`${count} spans do not fit ${words.start16.length} words`);
  const spans = [];
  let nested = 0;
  for (let index = 0; index < outer; index++) {
    const wantsNested = nested < nestedWanted && index % 20 === 19;
    const first = Math.floor(index * slot) + Math.floor(random() * Math.max(1, slot - 4));
    let last = first + (wantsNested ? 1 : Math.floor(random() * 3));
    while (last > first && words.paragraph[last] !== words.paragraph[first]) last--;
    const label = pick(random, BENCH_LABELS);
    spans.push(spanOver(text, words, first, last, label));
    if (wantsNested && last > first) {
      const innerLabel = BENCH_LABELS[(BENCH_LABELS.indexOf(label) + 1) % BENCH_LABELS.length];
      spans.push(spanOver(text, words, first, first, innerLabel));
      nested++;
    }
  }
  // A nested span could not be placed (a one-word paragraph end): fill up with single words.
  for (let index = 0; spans.length < count; index++) {
    const word = Math.floor(index * slot) + Math.floor(slot) - 1;
    spans.push(spanOver(text, words, word, word, pick(random, BENCH_LABELS)));
  }
  return spans.sort(
    (a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
  );
}

function spanOver(text, words, first, last, label) {
  return {
    start: words.startCp[first],
    end: words.endCp[last],
    label,
    text: text.slice(words.start16[first], words.end16[last]),
  };
}

/**
 * One native JSONL record: a document and the bench annotator's layer.
 * @param {() => number} random
 * @param {{ id: string, length: number, spans: number }} options
 */
export function generateRecord(random, { id, length, spans }) {
  const generated = generateText(random, length);
  return {
    record: {
      id,
      text: generated.text,
      spans: generateSpans(random, generated, spans),
      annotator: BENCH_ANNOTATOR,
      status: null,
      meta: { title: `Bench document ${id}`, source: 'spanwright-bench' },
    },
    generated,
  };
}

/** A generated span as a stored span row of `annotator`'s layer (without its id), written at `now`. */
export function spanRow(documentId, annotator, span, now) {
  return {
    documentId,
    annotator,
    start: span.start,
    end: span.end,
    label: span.label,
    text: span.text,
    created: now,
    updated: now,
  };
}

/** The record as one line of native JSONL (without the newline). */
export function nativeLine(record) {
  return JSON.stringify(record);
}

/**
 * Words of `generated` that make good label targets: plain ASCII letters, at least four long, and
 * neither they nor their neighbours covered by a span. Returns those on the first `lines` lines
 * (what is in view when a document opens), as line numbers and UTF-16 offsets within the line:
 * what a drag in the viewer needs. The page picks the ones it actually shows.
 */
export function labelCandidates(generated, spans, lines) {
  const { text, words } = generated;
  const covered = new Uint8Array(words.start16.length);
  // Spans are in code points; map through the word table (spans start and end on words).
  const byStartCp = new Map(words.startCp.map((start, index) => [start, index]));
  for (const span of spans) {
    for (
      let index = byStartCp.get(span.start);
      index < words.start16.length && words.startCp[index] < span.end;
      index++
    )
      covered[index] = 1;
  }
  const candidates = [];
  let line = 0;
  let lineStart = 0;
  for (let index = 1; index + 1 < words.start16.length; index++) {
    const start = words.start16[index];
    for (let at = text.indexOf('\n', lineStart); at !== -1 && at < start; at = text.indexOf('\n', lineStart)) {
      line++;
      lineStart = at + 1;
    }
    if (line >= lines) break;
    const word = text.slice(start, words.end16[index]);
    if (covered[index - 1] || covered[index] || covered[index + 1] || !/^[a-z]{4,}$/u.test(word)) continue;
    candidates.push({ line, from: start - lineStart, to: words.end16[index] - lineStart, text: word });
  }
  return candidates;
}
