// Group "patterns": patterns_ms and patterns_longest_task_ms: a fixed set of 145 match patterns
// (bench/harness/patterns.ts) matched over the 10,000-document corpus stored in IndexedDB, by the
// app's Worker, which reads the texts itself, with the page's long tasks counted meanwhile: by a new
// Worker (patterns_ms), and again by the kept one holding the texts (details). Then,
// once each: the matches stored as suggestions as "Add as suggestions" does and removed as its undo
// does (patterns_add_*), and "label all occurrences" of a common word across the corpus
// (occurrences_corpus_*), the Worker search and the sliced store of what it found.
import { DATA, RUNS, log, ms } from '../config.js';
import { newHarnessPage, prepareCorpus, settleHeap } from '../harnessPage.js';
import { median, round } from '../report.js';

export async function measurePatterns(browser, harnessUrl) {
  const { context, page } = await newHarnessPage(browser, harnessUrl);
  try {
    await prepareCorpus(page, { ...DATA.corpus, keepRecords: true });
    const prepared = await page.evaluate(() => window.bench.preparePatterns());
    log(`stored ${prepared.documents} documents for the pattern search (${ms(prepared.ms)})`);
    // The generated corpus and the writes that stored it, collected before any search is timed.
    await settleHeap(page);
    const runs = [];
    const coldRuns = [];
    const keptRuns = [];
    const floors = [];
    const caches = [];
    for (let run = -1; run < RUNS.export; run++) {
      // The reading alone (every text from `documents`), then the patterns by a new Worker with the
      // search cache emptied (cold: reading every text from `documents`, then bundling them into the
      // cache after answering), then by another new Worker once that cache is written (warm: a
      // second session's first search), then again by the kept Worker (holding the texts it read).
      const floor = await page.evaluate(() => window.bench.readFloorInWorker());
      await page.evaluate(() => window.bench.clearTextCache());
      const cold = await page.evaluate(() => window.bench.patternsInWorker(false));
      const cache = await page.evaluate(() => window.bench.waitForTextCache());
      const result = await page.evaluate(() => window.bench.patternsInWorker(false));
      const kept = await page.evaluate(() => window.bench.patternsInWorker(true));
      log(
        `patterns ${run < 0 ? 'warm-up' : `${run + 1}/${RUNS.export}`}: reading the texts alone ${ms(floor.ms)}; ${result.patterns} patterns over ${result.documents} stored documents in a new Worker: cold cache ${ms(cold.ms)} (${cold.matches} matches, longest task ${ms(cold.longestTaskMs)}), then cache written (${cache.bundles} bundles, ${cache.members} texts, ${(cache.bytes / 1e6).toFixed(1)} MB, ${ms(cache.waitedMs)} waited) and warm cache ${ms(result.ms)}, ${result.matches} matches; longest main-thread task ${ms(result.longestTaskMs)} (${result.longTasks} over 50 ms); again in the kept Worker ${ms(kept.ms)}, ${kept.matches} matches, longest task ${ms(kept.longestTaskMs)} (${kept.longTasks} over 50 ms)`,
      );
      if (cold.matches !== result.matches || kept.matches !== result.matches)
        throw new Error(
          `the cache changed the matches: ${cold.matches} cold, ${result.matches} warm, ${kept.matches} kept`,
        );
      if (run >= 0) {
        floors.push(floor.ms);
        runs.push(result);
        coldRuns.push(cold);
        keptRuns.push(kept);
        caches.push(cache);
      }
    }
    const forms = await page.evaluate(() => window.bench.bundleFormsRead(3));
    log(
      `bundle forms read back in the page (read, then read and decoded): deflated (${(forms.deflatedBytes / 1e6).toFixed(1)} MB) ${forms.deflatedReadMs.map(ms).join(', ')} / ${forms.deflatedMs.map(ms).join(', ')}; plain strings (${(forms.plainChars / 1e6).toFixed(1)} M characters) ${forms.plainReadMs.map(ms).join(', ')} / ${forms.plainMs.map(ms).join(', ')}`,
    );
    const add = await page.evaluate(() => window.bench.addPatternSuggestions());
    log(
      `add as suggestions: ${ms(add.ms)} for ${add.added} suggestions, longest task ${ms(add.longestTaskMs)} (${add.longTasks} over 50 ms); undo ${ms(add.undoMs)}, longest task ${ms(add.undoLongestTaskMs)} (${add.undoLongTasks} over 50 ms)`,
    );
    const occurrences = await page.evaluate(() => window.bench.occurrencesInWorker());
    log(
      `occurrences across the corpus: ${ms(occurrences.ms)} for ${occurrences.matches} occurrences in a Worker, longest task ${ms(occurrences.longestTaskMs)} (${occurrences.longTasks} over 50 ms)`,
    );
    return {
      patterns_ms: round(median(runs.map((run) => run.ms)), 1),
      patterns_cold_ms: round(median(coldRuns.map((run) => run.ms)), 1),
      patterns_longest_task_ms: round(
        Math.max(...[...runs, ...coldRuns, ...keptRuns].map((run) => run.longestTaskMs)),
        1,
      ),
      patterns_add_ms: round(add.ms, 1),
      patterns_add_longest_task_ms: round(Math.max(add.longestTaskMs, add.undoLongestTaskMs), 1),
      occurrences_corpus_ms: round(occurrences.ms, 1),
      occurrences_corpus_longest_task_ms: round(occurrences.longestTaskMs, 1),
      details: {
        patterns_ms: {
          summary: `${runs[0].patterns} match patterns (phrases, LOWER, IN, REGEX, IS_DIGIT, ? + * {0,3}) over ${runs[0].documents} documents stored in IndexedDB, in a new app Worker reading every text itself, from the call to the last matches (${runs[0].matches} matches), with the search cache as the cold run just before left it (every text bundled: a second session's first search)`,
          runs_ms: runs.map((run) => round(run.ms, 1)),
          cache: `${caches[0].bundles} bundles holding ${caches[0].members} texts in ${round(caches[0].bytes / 1e6, 2)} MB, written after the cold run's answer (${caches.map((cache) => round(cache.waitedMs, 0)).join(', ')} ms waited for the write after the answers)`,
          bundle_forms: {
            summary:
              'the cache rows copied into a scratch database deflated (as written) and as plain strings, each read in full in the page (one getAll), then read and decoded, alternately',
            deflated_mb: round(forms.deflatedBytes / 1e6, 2),
            plain_m_characters: round(forms.plainChars / 1e6, 2),
            deflated_read_ms: forms.deflatedReadMs.map((value) => round(value, 1)),
            deflated_read_decoded_ms: forms.deflatedMs.map((value) => round(value, 1)),
            plain_read_ms: forms.plainReadMs.map((value) => round(value, 1)),
            plain_read_decoded_ms: forms.plainMs.map((value) => round(value, 1)),
          },
          kept_ms: round(median(keptRuns.map((run) => run.ms)), 1),
          kept_runs_ms: keptRuns.map((run) => round(run.ms, 1)),
          kept: 'the same search again at once, by the kept Worker that holds the texts it read (as a second search in the app within 3 minutes)',
          read_floor_ms: round(median(floors), 1),
          read_floor_runs_ms: floors.map((value) => round(value, 1)),
          read_floor:
            'a new Worker reading every text from `documents` in IndexedDB (no heads given, so no cache read) with a search that finds nothing, run just before each patterns run',
        },
        patterns_cold_ms: {
          summary: `the same search by a new Worker with the search cache emptied (the first search after an import): every text read from \`documents\`, bundled into the cache after the answer`,
          runs_ms: coldRuns.map((run) => round(run.ms, 1)),
        },
        patterns_longest_task_ms: {
          summary: `the longest main-thread task while the Worker matched, new (cold or warm cache) or kept (${Math.max(...[...runs, ...coldRuns, ...keptRuns].map((run) => run.longTasks))} tasks over 50 ms at most in a run)`,
        },
        patterns_add_ms: {
          summary: `the first ${add.added} matches stored as suggestions as "Add as suggestions" stores them (${add.slice} per transaction), one run; its undo took ${round(add.undoMs, 1)} ms`,
        },
        patterns_add_longest_task_ms: {
          summary: `the longest main-thread task while storing them (${round(add.longestTaskMs, 1)} ms, ${add.longTasks} over 50 ms) and while undoing (${round(add.undoLongestTaskMs, 1)} ms, ${add.undoLongTasks} over 50 ms)`,
        },
        occurrences_corpus_ms: {
          summary: `"label all occurrences" of “government” across the ${runs[0].documents} stored documents, the Worker search alone (${occurrences.matches} occurrences), one run`,
        },
        occurrences_corpus_longest_task_ms: {
          summary: `the longest main-thread task meanwhile (${occurrences.longTasks} over 50 ms)`,
        },
      },
    };
  } finally {
    await context.close();
  }
}
