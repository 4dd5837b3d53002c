/** The names export files are saved under. */
import { formatOf } from '../formats/registry';
import type { FormatName, OffsetUnit } from '../formats/records';
import type { TokenRule } from '../formats/tokenRule';

/** How each format's files are named: the name says the format (a native and a doccano export of one layer differ). */
const FILE_TAGS: Record<FormatName, string> = {
  native: 'spanwright',
  doccano: 'doccano',
  labelstudio: 'labelstudio',
  prodigy: 'prodigy',
  brat: 'brat',
  conll: 'conll',
  huggingface: 'hf',
  spacy: 'spacy',
  webanno: 'webanno',
  text: 'text',
};

/**
 * `default-alice-2026-11-22-doccano.jsonl`: corpus, annotator (none for plain text), date (then
 * `documentId`, of an export of the open document alone) and format, safe for any file system; a native file with UTF-16
 * offsets ends in `-utf16` (the file does not say which unit it counts), a token file whose tokens are split at white
 * space in `-spaces`, several files in `.zip`.
 */
export function exportFileName(
  corpus: string,
  annotator: string,
  format: FormatName,
  date: Date,
  unit: OffsetUnit = 'codepoint',
  zipped = false,
  documentId: string | null = null,
  tokens: TokenRule = 'words',
): string {
  const safe = (part: string) =>
    part
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '_')
      .replace(/^_+|_+$/gu, '') || 'x';
  const day = date.toISOString().slice(0, 10);
  // Two exports of one layer never share a name: a token file split at white space says so (helper-218).
  const unitPart =
    format === 'native' && unit === 'utf16'
      ? '-utf16'
      : tokens === 'spaces' && formatOf(format).tokenized === true
        ? '-spaces'
        : '';
  const extension = zipped ? 'zip' : formatOf(format).extension;
  // Plain text holds no one's spans: no annotator in its name.
  const layer = format === 'text' ? '' : `${safe(annotator === 'all' ? 'all-annotators' : annotator)}-`;
  const who = `${safe(corpus)}-${layer}${day}`;
  return `${who}-${documentId === null ? '' : `${safe(documentId)}-`}${FILE_TAGS[format]}${unitPart}.${extension}`;
}
