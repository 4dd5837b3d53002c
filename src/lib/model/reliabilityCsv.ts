/**
 * Reliability tables as CSV text (RFC 4180): the pairwise table, per-label figures, per-document
 * figures and a pair's confusion matrix. Records end in CRLF; a field with a comma, a double quote,
 * CR or LF is quoted, its quotes doubled. Names a user chose (annotators, labels, document ids)
 * that start with `=`, `+`, `-`, `@`, a tab or a CR get a leading `'`, so that a spreadsheet shows
 * them instead of running them as a formula. Figures are numbers with at most six decimals; an
 * undefined figure (null) is an empty field.
 */
import { confusionCategories, confusionCell } from './reliabilityConfusion';
import type { DocumentFigures, LabelFigures, PairCounts, PairFigures } from './reliabilityFigures';
import type { SpanScores } from './reliabilitySpans';
import { OUTSIDE } from './tokens';

/** A cell: text (a header or a user's name, neutralised), a number, or null for an empty field. */
export type CsvCell = string | number | null;

/** Characters that make a spreadsheet read a cell as a formula when they come first. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Characters that oblige a field to be quoted (RFC 4180, section 2). */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * `text` safe to open in a spreadsheet: a leading `=`, `+`, `-`, `@`, tab or CR is preceded by
 * `'`, which spreadsheets take as "this is text".
 * @see https://owasp.org/www-community/attacks/CSV_Injection
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A number as a CSV field: integers as they are, other numbers rounded to six decimals; non-finite as empty. */
function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return String(value);
  return String(Math.round(value * 1e6) / 1e6);
}

/**
 * One CSV field: text neutralised ({@link neutraliseFormula}) and quoted when it must be, a number
 * formatted, null empty.
 * @see https://www.rfc-editor.org/rfc/rfc4180
 */
export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return formatNumber(cell);
  const text = neutraliseFormula(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV text: fields joined by commas, every record (the last too) ended by CRLF. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  let text = '';
  for (const row of rows) text += `${row.map(csvField).join(',')}\r\n`;
  return text;
}

function scoreCells(scores: SpanScores): CsvCell[] {
  return [scores.precision, scores.recall, scores.f1];
}

/**
 * The pairwise table: one row per pair of annotators. Columns: annotator A, annotator B, token
 * kappa, exact precision, exact recall, exact F1, overlap precision, overlap recall, overlap F1,
 * spans A, spans B, documents (both present), tokens (of those documents).
 */
export function pairwiseCsv(pairs: readonly PairFigures[]): string {
  const header: CsvCell[] = [
    'annotator A',
    'annotator B',
    'token kappa',
    'exact precision',
    'exact recall',
    'exact F1',
    'overlap precision',
    'overlap recall',
    'overlap F1',
    'spans A',
    'spans B',
    'documents',
    'tokens',
  ];
  return toCsv([
    header,
    ...pairs.map((pair) => [
      pair.a,
      pair.b,
      pair.kappa,
      ...scoreCells(pair.exact),
      ...scoreCells(pair.overlap),
      pair.spansA,
      pair.spansB,
      pair.documents,
      pair.tokens,
    ]),
  ]);
}

/**
 * Per-label figures: one row per pair and label. Columns: annotator A, annotator B, label, spans A,
 * spans B, exact matches, exact precision, exact recall, exact F1, overlap matches, overlap
 * precision, overlap recall, overlap F1.
 */
export function labelCsv(labels: readonly LabelFigures[]): string {
  const header: CsvCell[] = [
    'annotator A',
    'annotator B',
    'label',
    'spans A',
    'spans B',
    'exact matches',
    'exact precision',
    'exact recall',
    'exact F1',
    'overlap matches',
    'overlap precision',
    'overlap recall',
    'overlap F1',
  ];
  return toCsv([
    header,
    ...labels.map((row) => [
      row.a,
      row.b,
      row.label,
      row.spansA,
      row.spansB,
      row.exact.matches,
      ...scoreCells(row.exact),
      row.overlap.matches,
      ...scoreCells(row.overlap),
    ]),
  ]);
}

/**
 * Per-document figures, in the order given (rank them first with `rankDocuments` to list the
 * worst first). Columns: document, annotators present (names joined by "; "), tokens, pairable
 * tokens, disputed tokens, disagreement, alpha, Fleiss kappa, Fleiss tokens.
 */
export function documentCsv(documents: readonly DocumentFigures[]): string {
  const header: CsvCell[] = [
    'document',
    'annotators present',
    'tokens',
    'pairable tokens',
    'disputed tokens',
    'disagreement',
    'alpha',
    'Fleiss kappa',
    'Fleiss tokens',
  ];
  return toCsv([
    header,
    ...documents.map((document) => [
      document.id,
      document.present.join('; '),
      document.tokens,
      document.pairableUnits,
      document.disputedTokens,
      document.disagreement,
      document.alpha,
      document.fleissKappa,
      document.fleissUnits,
    ]),
  ]);
}

/**
 * A pair's confusion matrix: the first cell names the pair ("A \ B"), the header row B's
 * categories, each further row A's category and its token counts; categories in `orderLabels`
 * order (code-unit order, O last), every category either layer used and O.
 */
export function confusionCsv(pair: Pick<PairCounts, 'a' | 'b' | 'confusion'>): string {
  const categories = confusionCategories(pair.confusion);
  // Tokens no span covers are the category OUTSIDE (the empty string): named "(no label)" (a label can not be empty).
  const name = (category: string) => (category === OUTSIDE ? '(no label)' : category);
  return toCsv([
    [`${pair.a} \\ ${pair.b}`, ...categories.map(name)],
    ...categories.map((row) => [name(row), ...categories.map((column) => confusionCell(pair.confusion, row, column))]),
  ]);
}
