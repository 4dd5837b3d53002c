/**
 * Patterns in the harness page: the app's Worker matcher (src/lib/workers) over the kept corpus
 * with a fixed set of patterns, timed from the call to the last document's matches, with the main
 * thread's long tasks counted meanwhile (as the near-duplicate search is measured).
 */
import { matchCount } from '../../src/lib/model/matchColumns';
import type { MatchPattern, TokenStep } from '../../src/lib/model/patternMatcher';
import { matchPatternsInWorker } from '../../src/lib/workers/patternsClient';
import { corpus, keep } from './corpus';

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

export async function patternsInWorker(): Promise<{
  ms: number;
  documents: number;
  patterns: number;
  matches: number;
  longestTaskMs: number;
  longTasks: number;
}> {
  const documents = corpus.records.map((record) => ({ id: record.id, text: record.text }));
  const patterns = benchPatterns();
  const tasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  const started = performance.now();
  const found = await matchPatternsInWorker(patterns, documents, () => undefined);
  const ms = performance.now() - started;
  // Long task entries are delivered after the task: let them arrive.
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  const matches = found.reduce((sum, columns) => sum + matchCount(columns), 0);
  keep(matches);
  return {
    ms,
    documents: documents.length,
    patterns: patterns.length,
    matches,
    longestTaskMs: tasks.length > 0 ? Math.max(...tasks) : 0,
    longTasks: tasks.length,
  };
}
