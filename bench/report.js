// Statistics and the results table: on stdout, in bench/results/latest.json and in
// docs/performance.md (between the bench markers, keeping the prose around them).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile (p in 0–100). */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function round(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The figures, their targets and how each is shown. `better` says which way is good. */
export const FIGURES = [
  { key: 'open_ratio', target: 1.3, unit: '×', what: 'open 1 MB / 10k spans ÷ plain <pre>' },
  {
    key: 'label_ratio',
    target: 1.5,
    unit: '×',
    what: 'label key → first frame with the highlight ÷ key → bare put → DOM change → first frame, median',
  },
  { key: 'label_ratio_p95', target: 2, unit: '×', what: 'the same at p95' },
  { key: 'open_heap_mb', target: null, unit: 'MB', what: 'JS heap with the 1 MB / 10k-span document open' },
  { key: 'label_ms_median', target: null, unit: 'ms', what: 'label key → highlight painted (double rAF), median' },
  { key: 'label_ms_p95', target: null, unit: 'ms', what: 'label key → highlight painted (double rAF), p95' },
  {
    key: 'corpus_label_long_tasks_ms',
    target: 0,
    unit: 'ms',
    what: 'long tasks from a label key until quiet, worst label, 10k-document corpus (none over 50 ms)',
  },
  {
    key: 'corpus_label_ms_median',
    target: null,
    unit: 'ms',
    what: 'label key → highlight painted, 10k-document corpus',
  },
  {
    key: 'startup_ratio',
    target: 1.3,
    unit: '×',
    what: "reload → first document's text shown, 10k documents stored ÷ the 5 default documents",
  },
  {
    key: 'startup_heap_mb',
    target: null,
    unit: 'MB',
    what: 'JS heap after a start with 10k documents stored (imported through the dialog)',
  },
  {
    key: 'startup_heap_seeded_mb',
    target: 60,
    unit: 'MB',
    what: 'JS heap after a start with 100k documents of 3 KB seeded as an import writes them (the startup group)',
  },
  {
    key: 'startup_seeded_ratio',
    target: 1.3,
    unit: '×',
    what: "reload → first document's text shown, the seeded documents ÷ the 5 default documents",
  },
  { key: 'switch_ms_median', target: null, unit: 'ms', what: 'N → next document shown, 10k-document corpus' },
  { key: 'import_ratio', target: 1.3, unit: '×', what: 'import 30 MB JSONL ÷ bare Dexie bulkPut' },
  { key: 'import_doccano_ratio', target: 1.5, unit: '×', what: 'import the 30 MB corpus as doccano ÷ as native JSONL' },
  {
    key: 'import_longest_task_ms',
    target: 100,
    unit: 'ms',
    what: 'longest main-thread task while importing the 30 MB file',
  },
  {
    key: 'import_labelstudio_longest_task_ms',
    target: 100,
    unit: 'ms',
    what: 'longest main-thread task while importing the corpus as one minified Label Studio JSON array',
  },
  {
    key: 'export_ratio',
    target: 1.25,
    unit: '×',
    what: 'export 10k docs / 100k spans ÷ (read the rows + JSON.stringify + Blob)',
  },
  { key: 'export_serialize_ratio', target: null, unit: '×', what: 'serializeRecords alone ÷ JSON.stringify' },
  {
    key: 'export_longest_task_ms',
    target: 100,
    unit: 'ms',
    what: 'longest main-thread task while exporting 10k documents / 100k spans',
  },
  {
    key: 'export_check_ms',
    target: null,
    unit: 'ms',
    what: "the Export dialog's check of 10k docs / 100k spans, which Download waits for",
  },
  {
    key: 'export_zip_longest_task_ms',
    target: 100,
    unit: 'ms',
    what: 'longest main-thread task while exporting the same layer as brat files in a .zip',
  },
  { key: 'agreement_ms', target: 1000, unit: 'ms', what: 'token kappa + span F1 for two layers of 10k documents' },
  {
    key: 'review3_ms',
    target: 1000,
    unit: 'ms',
    what: "Review figures for 3 annotators × 10k documents (α, Fleiss' κ, pairs, per document, differences)",
  },
  {
    key: 'near_duplicates_ms',
    target: 5000,
    unit: 'ms',
    what: 'near-duplicate search over 10k documents, in a Worker',
  },
  {
    key: 'near_duplicates_longest_task_ms',
    target: 50,
    unit: 'ms',
    what: 'longest main-thread task while the Worker searches',
  },
  {
    key: 'patterns_ms',
    target: 5000,
    unit: 'ms',
    what: '145 match patterns over 10k documents, in a new Worker, the search cache written by an earlier search',
  },
  {
    key: 'patterns_cold_ms',
    target: null,
    unit: 'ms',
    what: 'the same in a new Worker with the search cache empty (first search after an import)',
  },
  {
    key: 'patterns_longest_task_ms',
    target: 50,
    unit: 'ms',
    what: 'longest main-thread task while the Worker matches patterns',
  },
  {
    key: 'patterns_add_ms',
    target: null,
    unit: 'ms',
    what: '20,000 pattern matches stored as suggestions (Add as suggestions), a slice at a time',
  },
  {
    key: 'patterns_add_longest_task_ms',
    target: 50,
    unit: 'ms',
    what: 'longest main-thread task while storing the matches as suggestions, and undoing it',
  },
  {
    key: 'occurrences_corpus_ms',
    target: null,
    unit: 'ms',
    what: '"label all occurrences" of a common word across 10k documents, in a new Worker given the list\'s heads (the search cache serves)',
  },
  {
    key: 'occurrences_corpus_longest_task_ms',
    target: 50,
    unit: 'ms',
    what: 'longest main-thread task while the Worker finds the occurrences',
  },
  { key: 'review_step_ms', target: 16.7, unit: 'ms', what: 'J on the Review page → next difference shown (one frame)' },
  {
    key: 'sync_label_ratio_off',
    target: 1.5,
    unit: '×',
    what: 'label_ratio in the sync build, before joining a team (the baseline of the next row)',
  },
  {
    key: 'sync_label_ratio_on',
    target: 1.5,
    unit: '×',
    what: 'the same labels once joined to a team on 127.0.0.1 and synced, over the floor with sync off',
  },
  {
    key: 'sync_join_ms',
    target: null,
    unit: 'ms',
    what: 'a new member joins a 10k-document, 100k-span project: Save and connect → all stored in IndexedDB',
  },
  { key: 'bundle_gzip_kb', target: 150, unit: 'KB', what: 'JS loaded by the first page, gzip -9' },
  { key: 'import_peak_mb', target: null, unit: 'MB', what: 'JS heap peak over idle, importing 100 MB' },
  { key: 'import_peak_mb_30', target: null, unit: 'MB', what: 'JS heap peak over idle, importing 30 MB' },
];

function formatValue(value, unit) {
  if (value === null || value === undefined) return '—';
  return unit === '×' ? `${value}×` : `${value} ${unit}`;
}

function verdict(value, target) {
  if (target === null || value === null || value === undefined) return '';
  return value <= target ? 'met' : 'missed';
}

/** Rows for the tables: figure, result, target, verdict, baseline detail. */
export function tableRows(results) {
  return FIGURES.map(({ key, target, unit, what }) => [
    key,
    formatValue(results[key], unit),
    target === null ? '—' : `≤ ${formatValue(target, unit)}`,
    verdict(results[key], target),
    results.details?.[key]?.summary ?? what,
  ]);
}

export function printTable(results) {
  const header = ['figure', 'result', 'target', '', 'measured as'];
  const rows = [header, ...tableRows(results)];
  const widths = header.map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  const line = (row) =>
    row
      .map((cell, column) => String(cell).padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  console.log(`\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const row of rows.slice(1)) console.log(line(row));
}

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

/** The Markdown table that goes between the markers. */
export function markdownTable(results) {
  const meta = results.meta;
  const escape = (cell) => String(cell).replaceAll('|', '\\|').replaceAll('<', '&lt;');
  const lines = [
    `Latest run: ${meta.date}, code at ${meta.commit ?? 'an unknown commit'}, ${meta.chromium}, ${meta.cpus} × ${meta.cpu_model}, Node ${meta.node}, ` +
      `load average ${meta.load_average_start?.[0] ?? '?'} at the start; ` +
      `medians of ${meta.runs.open} opens, ${meta.runs.label} labels, ${meta.runs.import} imports and ${meta.runs.export} exports, each after warm-up.`,
    '',
    '| Figure | Result | Target | | Measured as |',
    '| --- | ---: | ---: | --- | --- |',
    ...tableRows(results).map(
      (row) => `| \`${row[0]}\` | ${escape(row[1])} | ${escape(row[2])} | ${row[3]} | ${escape(row[4])} |`,
    ),
  ];
  return lines.join('\n');
}

/** Rewrites the table between the markers of `path`; adds a section with markers if there are none. */
export function updateDocs(path, results) {
  const table = markdownTable(results);
  if (!existsSync(path)) {
    writeFileSync(path, `# Performance\n\n${START_MARKER}\n${table}\n${END_MARKER}\n`);
    return 'created';
  }
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) {
    writeFileSync(path, `${text.trimEnd()}\n\n## Latest results\n\n${START_MARKER}\n${table}\n${END_MARKER}\n`);
    return 'appended';
  }
  writeFileSync(path, `${text.slice(0, start + START_MARKER.length)}\n${table}\n${text.slice(end)}`);
  return 'updated';
}
