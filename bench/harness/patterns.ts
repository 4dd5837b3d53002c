/**
 * Patterns in the harness page: the corpus stored in a database of the app's schema, then the app's
 * Worker search (src/lib/workers) over it with a fixed set of patterns: the Worker reads the texts
 * from IndexedDB itself, as in the app. Timed from the call to the last page's matches, with the
 * main thread's long tasks counted meanwhile. Then the matches stored as suggestions the way "Add as
 * suggestions" stores them (a slice at a time) and taken back as undo does, and "label all
 * occurrences" of one word across the corpus, each with its long tasks.
 */
import { BENCH_ANNOTATOR } from '../generate.js';
import { countByLabel, eachMatch, totalMatches, type FoundMatches } from '../../src/lib/model/matchColumns';
import type { MatchPattern, TokenStep } from '../../src/lib/model/patternMatcher';
import { proposeInSlices, removeInSlices, SLICE } from '../../src/lib/state/suggestionWrites';
import type { SpanwrightDatabase } from '../../src/lib/storage/database';
import { Store, type NewSuggestion } from '../../src/lib/storage/store';
import { releaseKeptTexts, searchCorpusInWorker } from '../../src/lib/workers/patternsClient';
import type { StoredKey } from '../../src/lib/workers/storedTexts';
import Dexie from 'dexie';
import { cacheLockName, unpackTexts } from '../../src/lib/workers/textBundles';
import { cacheStatsInWorker } from './cacheStats';
import { keep, releaseCorpus, storeDocumentsOnly } from './corpus';
import { watchLongTasks, type LongTasks } from './longTasks';

const SUBJECTS = ['government', 'minister', 'officials', 'council', 'security', 'military', 'trade', 'border'];
const OBJECTS = ['talks', 'agreement', 'report', 'statement', 'meeting', 'sanctions', 'delegation', 'treaty'];
const PLACES = ['café', 'Zürich', 'São', 'Łódź', 'Москва', 'Ελλάδα', '東京', 'Kraków', 'Besançon', 'Dvořák'];
const SOURCE = 'pattern:bench.jsonl';

const one = (tests: TokenStep['tests'], counts: Partial<TokenStep> = {}): TokenStep => ({
  tests,
  min: 1,
  max: 1,
  negated: false,
  ...counts,
});

/**
 * 145 patterns of the kinds a patterns file holds: 128 two-word phrases (half matched verbatim,
 * half ignoring case), 10 one-word place names, and token patterns with LOWER, IN, REGEX,
 * IS_DIGIT, IS_ALPHA and the operators ?, +, * and {0,3}.
 */
export function benchPatterns(): MatchPattern[] {
  const patterns: MatchPattern[] = [];
  let line = 0;
  const add = (label: string, body: { phrase: string; ignoreCase: boolean } | { steps: TokenStep[] }) =>
    patterns.push({ label, source: SOURCE, line: ++line, ...body });
  for (const subject of SUBJECTS)
    for (const object of OBJECTS) {
      add('claim', { phrase: `${subject} ${object}`, ignoreCase: false });
      add('denial', { phrase: `${subject.toUpperCase()} ${object}`, ignoreCase: true });
    }
  for (const place of PLACES) add('visit', { phrase: place, ignoreCase: false });
  add('claim', {
    steps: [
      one([{ form: 'LOWER', equals: 'president' }]),
      one([{ flag: 'IS_ALPHA', value: true }], { min: 0 }),
      one([{ form: 'LOWER', equals: 'announced' }]),
    ],
  });
  add('claim', {
    steps: [
      one([{ form: 'ORTH', regex: '^[A-Z]', ignoreCase: false }]),
      one([{ form: 'LOWER', among: ['said', 'announced', 'confirmed'], negated: false }]),
    ],
  });
  add('sanction', { steps: [one([{ flag: 'IS_DIGIT', value: true }], { max: Infinity })] });
  add('sanction', {
    steps: [
      one([{ form: 'LOWER', equals: 'the' }]),
      one([{ flag: 'IS_ALPHA', value: true }], { min: 0, max: 3 }),
      one([{ form: 'LOWER', equals: 'council' }]),
    ],
  });
  add('sanction', {
    steps: [
      one([{ form: 'LOWER', equals: 'sanctions' }]),
      one([], { min: 0, max: Infinity }),
      one([{ form: 'LOWER', equals: 'against' }]),
    ],
  });
  add('denial', { steps: [one([{ form: 'ORTH', regex: '(?:denied|rejected)$', ignoreCase: true }])] });
  add('visit', {
    steps: [one([{ form: 'LOWER', equals: 'visited' }]), one([{ form: 'LOWER', equals: 'the' }], { min: 0 }), one([])],
  });
  return patterns;
}

/**
 * The database the searches read, and the matches of the last pattern search (for the add run):
 * their texts held by the Worker until released, as in the app while the counts are shown.
 */
let database: SpanwrightDatabase | null = null;
let lastFound: FoundMatches | null = null;
/** The stored documents' heads (id, order, fingerprint), kept when the corpus is released. */
let storedHeads: StoredKey[] = [];

/**
 * Stores the kept corpus's documents in a fresh database for the searches (no spans: writing
 * 100,000 of them takes minutes on a loaded machine, and only the add run would read them), then
 * releases the generated corpus: the page keeps only the documents' heads, as the app's list does,
 * and the collector's pauses over the harness's own heap (~90 MB with the corpus, seen as tasks
 * of 150–400 ms during the search) are not counted as the search's long tasks.
 */
export async function preparePatterns(): Promise<{ documents: number; ms: number }> {
  const started = performance.now();
  const stored = await storeDocumentsOnly(database);
  database = stored.database;
  const { documents } = stored;
  storedHeads = documents.map(({ id, order, fingerprint }) => ({ id, order, fingerprint }));
  releaseCorpus();
  return { documents: documents.length, ms: performance.now() - started };
}

/** Matches stored by the add run: enough slices for its long tasks, without minutes of writes. */
const ADD_LIMIT = 20_000;

function storedDatabase(): SpanwrightDatabase {
  if (!database) throw new Error('preparePatterns() first');
  return database;
}

/**
 * The patterns matched by the app's Worker: `kept`, by the Worker of the last search (the texts
 * it read held); else by a new one, which reads every text.
 */
export async function patternsInWorker(kept = false): Promise<{
  ms: number;
  documents: number;
  patterns: number;
  matches: number;
  longestTaskMs: number;
  longTasks: number;
  longTaskEntries: LongTasks['longTaskEntries'];
}> {
  const patterns = benchPatterns();
  let documents = 0;
  // As the app's page puts away the last search's matches when it starts another.
  lastFound?.release();
  lastFound = null;
  if (!kept) releaseKeptTexts();
  const stopWatching = watchLongTasks();
  performance.mark('bench:start'); // bench/taskCpu.js --search reads the tasks between the marks
  const started = performance.now();
  const found = await searchCorpusInWorker(
    storedDatabase().name,
    { kind: 'patterns', patterns },
    (done) => {
      documents = done;
    },
    undefined,
    storedHeads,
  );
  // What the app's page does with the answer before showing it (patterns.svelte.ts): the counts by label.
  keep(countByLabel(found.pages).length);
  const ms = performance.now() - started;
  performance.mark('bench:end');
  const tasks = await stopWatching();
  // The end of what the long-task observer watched (bench/taskCpu.js --search traces up to here).
  performance.mark('bench:watched');
  lastFound = found;
  const matches = totalMatches(found);
  keep(matches);
  return { ms, documents, patterns: patterns.length, matches, ...tasks };
}

/**
 * The last search's first {@link ADD_LIMIT} matches stored as suggestions of the bench's annotator,
 * as "Add as suggestions" stores them, then removed as its undo does; each timed with the long
 * tasks meanwhile.
 */
export async function addPatternSuggestions(): Promise<{
  ms: number;
  added: number;
  slice: number;
  longestTaskMs: number;
  longTasks: number;
  undoMs: number;
  undoLongestTaskMs: number;
  undoLongTasks: number;
}> {
  const store = new Store(storedDatabase());
  const found = lastFound;
  if (!found) throw new Error('patternsInWorker() first');
  async function* proposals(): AsyncGenerator<NewSuggestion> {
    let count = 0;
    for await (const { documentId, start, end, label, source, text } of eachMatch(found!)) {
      if (count++ === ADD_LIMIT) return;
      yield { documentId, annotator: BENCH_ANNOTATOR, start, end, label, source, text };
    }
  }
  let stopWatching = watchLongTasks();
  performance.mark('bench:start'); // bench/taskCpu.js --add traces the add and its undo between the marks
  let started = performance.now();
  const added = await proposeInSlices(store, proposals(), Date.now());
  const ms = performance.now() - started;
  const tasks = await stopWatching();
  stopWatching = watchLongTasks();
  started = performance.now();
  await removeInSlices(
    store,
    added.map((suggestion) => suggestion.id),
  );
  const undoMs = performance.now() - started;
  performance.mark('bench:end');
  const undo = await stopWatching();
  found.release();
  lastFound = null;
  return {
    ms,
    added: added.length,
    slice: SLICE,
    ...tasks,
    undoMs,
    undoLongestTaskMs: undo.longestTaskMs,
    undoLongTasks: undo.longTasks,
  };
}

/**
 * Empties the search cache of texts (textBundles.ts), as before the first search after an import:
 * the next new Worker reads every text from `documents`, then bundles them.
 */
export async function clearTextCache(): Promise<void> {
  await storedDatabase().textBundles.clear();
}

/**
 * Waits until no Worker writes the search cache (a Worker takes its lock before answering), then
 * tells what the cache holds: bundles, members, and the bytes of their stored texts, counted in a
 * Worker of the harness's own (the app's page never reads the cache's rows).
 */
export async function waitForTextCache(): Promise<{
  waitedMs: number;
  bundles: number;
  members: number;
  bytes: number;
}> {
  const database = storedDatabase();
  const started = performance.now();
  await navigator.locks.request(cacheLockName(database.name), async () => undefined);
  const waitedMs = performance.now() - started;
  const { bundles, members, bytes } = await cacheStatsInWorker(database.name);
  return { waitedMs, bundles, members, bytes };
}

/**
 * The floor under every search of the stored texts: a new Worker reading every text from
 * `documents` in IndexedDB (no heads given, so no cache read) with a search that finds nothing
 * (one phrase looked for, no match). The Worker is not kept.
 */
export async function readFloorInWorker(): Promise<{ ms: number }> {
  releaseKeptTexts();
  const started = performance.now();
  const found = await searchCorpusInWorker(
    storedDatabase().name,
    { kind: 'occurrences', phrase: 'qqqqqqqq', caseSensitive: true, label: 'claim', source: 'bench' },
    () => undefined,
  );
  keep(found.pages.length);
  found.release();
  releaseKeptTexts();
  return { ms: performance.now() - started };
}

/** "Label all occurrences" of one common word across the stored corpus: the Worker search. */
export async function occurrencesInWorker(): Promise<{
  ms: number;
  matches: number;
  longestTaskMs: number;
  longTasks: number;
}> {
  // As the app asks (suggestionProposals.ts): with the list's heads, so the search cache serves; in
  // a new Worker, as a session's first corpus-wide proposal (not the patterns search's kept one).
  releaseKeptTexts();
  const stopWatching = watchLongTasks();
  const started = performance.now();
  const found = await searchCorpusInWorker(
    storedDatabase().name,
    { kind: 'occurrences', phrase: 'government', caseSensitive: false, label: 'claim', source: 'propagated' },
    () => undefined,
    undefined,
    storedHeads,
  );
  const ms = performance.now() - started;
  const tasks = await stopWatching();
  const matches = totalMatches(found);
  found.release();
  keep(matches);
  return { ms, matches, ...tasks };
}

/**
 * Deflated bundles against plain ones, read back in this page: the cache's rows copied into a
 * scratch database in both forms (deflated as written, and their texts as plain strings), then
 * each read in full (one getAll) and decoded to strings, `rounds` times alternately.
 */
export async function bundleFormsRead(rounds = 3): Promise<{
  deflatedMs: number[];
  deflatedReadMs: number[];
  plainMs: number[];
  plainReadMs: number[];
  deflatedBytes: number;
  plainChars: number;
}> {
  const rows = await storedDatabase().textBundles.toArray();
  const scratch = new Dexie(`bundle-forms-${Date.now()}`);
  scratch.version(1).stores({ deflated: '++seq', plain: '++seq' });
  let deflatedBytes = 0;
  let plainChars = 0;
  const plain = [];
  for (const row of rows) {
    const text = (await unpackTexts(row))!;
    plainChars += text.length;
    deflatedBytes += (row.texts as Uint8Array).byteLength;
    plain.push({ ...row, seq: undefined, texts: text });
  }
  await scratch.table('deflated').bulkAdd(rows.map((row) => ({ ...row, seq: undefined })));
  await scratch.table('plain').bulkAdd(plain);
  const times = { deflated: [] as number[], plain: [] as number[] };
  const readTimes = { deflated: [] as number[], plain: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    for (const table of ['deflated', 'plain'] as const) {
      const started = performance.now();
      const read = await scratch.table(table).toArray();
      readTimes[table].push(performance.now() - started);
      let chars = 0;
      for (const row of read) chars += (await unpackTexts(row))!.length;
      times[table].push(performance.now() - started);
      keep(chars);
    }
  }
  await scratch.delete();
  return {
    deflatedMs: times.deflated,
    deflatedReadMs: readTimes.deflated,
    plainMs: times.plain,
    plainReadMs: readTimes.plain,
    deflatedBytes,
    plainChars,
  };
}
