/**
 * Label names as a file gives them, made names Spanwright keeps (`model/labels.ts`
 * `labelNameProblem`: no white space at either end): a label with spaces around it is trimmed and
 * the preview says so, counted, naming each name and what it became, so no label changes or joins
 * another without a word. A label of white space only has no name to keep, and one Settings
 * would refuse (a control character, more than 64 characters) none to give: its record is refused,
 * naming the line.
 */
import { labelNameProblem } from '../model/labels';
import { sortSpans } from '../model/spanOrder';
import { quote } from './errorMessages';
import type { SourceItem } from './format';

/** One label name a file gave with white space around it. */
interface Trimmed {
  name: string;
  spans: number;
  line: number;
}

/** At most this many trimmed names are listed in the note. */
const LISTED_NAMES = 8;

/** "N spans" / "1 span". */
const spansCount = (count: number) => `${count.toLocaleString('en')} ${count === 1 ? 'span' : 'spans'}`;

/** The note that says which labels were trimmed and what they became. */
function trimmedNote(trimmed: Map<string, Trimmed>, clean: ReadonlySet<string>): string {
  const total = [...trimmed.values()].reduce((sum, entry) => sum + entry.spans, 0);
  const targets = new Map<string, number>();
  for (const { name } of trimmed.values()) targets.set(name, (targets.get(name) ?? 0) + 1);
  const listed = [...trimmed]
    .slice(0, LISTED_NAMES)
    .map(([given, { name, spans, line }]) => {
      const joins = clean.has(name) || (targets.get(name) ?? 0) > 1;
      const where = line > 0 ? `, first on line ${line}` : '';
      return `${quote(given)} → ${quote(name)} (${spansCount(spans)}${where}${joins ? `; joins the label ${quote(name)} the file also gives` : ''})`;
    })
    .join(', ');
  const more = trimmed.size > LISTED_NAMES ? `, and ${trimmed.size - LISTED_NAMES} more` : '';
  return (
    `Label names with spaces around them were trimmed (${spansCount(total)}): ${listed}${more}. ` +
    'Their spans take the trimmed name, with any spans stored under it.'
  );
}

/**
 * The items of `items` with every span's label trimmed of white space at either end; a note after
 * the last item says what was trimmed. A record with a label of white space only becomes an error.
 */
export async function* trimLabelNames(items: AsyncIterable<SourceItem>): AsyncGenerator<SourceItem> {
  const trimmed = new Map<string, Trimmed>();
  const clean = new Set<string>();
  for await (const item of items) {
    if (!('record' in item)) {
      yield item;
      continue;
    }
    const { record, line } = item;
    let changed = false;
    let blank: string | null = null;
    let refused: string | null = null;
    const spans = record.spans.map((span) => {
      const name = span.label.trim();
      const problem = name.length === 0 || clean.has(name) ? null : labelNameProblem(name);
      if (problem !== null) refused ??= `a span's label ${quote(name)} cannot be kept: ${problem}`;
      if (name === span.label) {
        if (problem === null) clean.add(name);
        return span;
      }
      if (name.length === 0) blank ??= span.label;
      changed = true;
      const entry = trimmed.get(span.label) ?? { name, spans: 0, line };
      entry.spans++;
      trimmed.set(span.label, entry);
      return { ...span, label: name };
    });
    const message = blank !== null ? `a span's label ${quote(blank)} is only white space: give it a name` : refused;
    if (message !== null) {
      yield { error: { line, message: record.id ? `record ${quote(record.id)}: ${message}` : message } };
      continue;
    }
    yield changed ? { record: { ...record, spans: sortSpans(spans) }, line } : item;
  }
  for (const [given, entry] of trimmed) if (entry.name.length === 0) trimmed.delete(given);
  if (trimmed.size > 0) yield { note: trimmedNote(trimmed, clean) };
}
