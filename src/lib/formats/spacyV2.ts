/**
 * spaCy v2's JSON training format, as `spacy convert` wrote it (and `spacy train` read it before
 * v3): a JSON array of documents `{"id", "paragraphs": [{"raw"?, "sentences": [{"tokens": [{"orth",
 * "ner", "tag", "head", "dep"…}]}], "cats"?}]}`, entities as BILUO tags on the tokens (`U-PER`,
 * `B-ORG` `L-ORG`, `O`, `-` for missing).
 *
 * A document becomes one record of the doccano reader (`{"id", "text", "entities"}`): its paragraphs'
 * texts joined by a blank line, a paragraph's text its `raw` where given (each token found in it
 * in turn, only white space between), else its tokens joined by one space. Offsets are code points.
 *
 * @see https://v2.spacy.io/api/annotation#json-input
 */
import { describeValue, quote } from './errorMessages';
import { isJsonObject } from './records';
import { codePointCount, spansFromTags, tokenRanges } from './tokenTags';
import type { TokenRange } from '../model/tokens';

/** What a spaCy v2 document gives the doccano reader, and what it holds that a record does not. */
export interface SpacyDocument {
  record: Record<string, unknown>;
  /** Tokens with a part of speech, a head or a dependency (not kept). */
  parsedTokens: number;
  /** Text categories of its paragraphs (not kept). */
  categories: number;
}

const PARAGRAPH_BREAK = '\n\n';

/** True for a value shaped as a spaCy v2 document (see the module comment). */
export function isSpacyDocument(value: unknown): value is Record<string, unknown> {
  return isJsonObject(value) && Array.isArray(value.paragraphs) && value.text === undefined;
}

/** `value` (a spaCy v2 document) as a doccano record, or why it can not be one. */
export function spacyDocument(value: Record<string, unknown>): SpacyDocument | { problem: string } {
  const texts: string[] = [];
  const entities: [number, number, string][] = [];
  let parsedTokens = 0;
  let categories = 0;
  let offset = 0;
  const paragraphs = value.paragraphs as unknown[];
  for (let index = 0; index < paragraphs.length; index++) {
    const paragraph = paragraphs[index];
    const name = `paragraph ${index + 1}`;
    if (!isJsonObject(paragraph)) return { problem: `${name} must be an object (got ${describeValue(paragraph)})` };
    const tokens: { orth: string; ner: string }[] = [];
    for (const sentence of Array.isArray(paragraph.sentences) ? paragraph.sentences : []) {
      for (const token of isJsonObject(sentence) && Array.isArray(sentence.tokens) ? sentence.tokens : []) {
        if (!isJsonObject(token) || typeof token.orth !== 'string' || token.orth === '')
          return { problem: `${name} has a token without "orth" text (got ${describeValue(token)})` };
        const ner = typeof token.ner === 'string' && token.ner !== '-' && token.ner !== '' ? token.ner : 'O';
        tokens.push({ orth: token.orth, ner });
        if (['tag', 'head', 'dep', 'pos', 'lemma'].some((key) => token[key] !== undefined && token[key] !== ''))
          parsedTokens++;
      }
    }
    if (Array.isArray(paragraph.cats)) categories += paragraph.cats.length;
    const raw = typeof paragraph.raw === 'string' ? paragraph.raw : null;
    const orths = tokens.map((token) => token.orth);
    const placed = raw === null ? { text: orths.join(' '), ranges: tokenRanges(orths) } : inRaw(raw, orths, name);
    if ('problem' in placed) return placed;
    if (index > 0) offset += codePointCount(PARAGRAPH_BREAK);
    texts.push(placed.text);
    const { spans } = spansFromTags(
      placed.ranges,
      tokens.map((token) => token.ner),
      'BIOES',
    );
    for (const span of spans) entities.push([offset + span.start, offset + span.end, span.label]);
    offset += codePointCount(placed.text);
  }
  const id = typeof value.id === 'number' || typeof value.id === 'string' ? value.id : undefined;
  return {
    record: { ...(id === undefined ? {} : { id }), text: texts.join(PARAGRAPH_BREAK), entities },
    parsedTokens,
    categories,
  };
}

/** Where `tokens` are in `raw`, in turn, only white space between them (code points). */
function inRaw(
  raw: string,
  tokens: readonly string[],
  name: string,
): { text: string; ranges: TokenRange[] } | { problem: string } {
  const ranges: TokenRange[] = [];
  let at = 0; // UTF-16 index in raw
  let codePoint = 0;
  for (let position = 0; position < tokens.length; position++) {
    const orth = tokens[position];
    const found = raw.indexOf(orth, at);
    if (found < 0 || /\S/u.test(raw.slice(at, found)))
      return {
        problem: `${name}: token ${position + 1} ${quote(orth)} is not next in its "raw" text (after ${quote(raw.slice(Math.max(0, at - 20), at))})`,
      };
    codePoint += codePointCount(raw.slice(at, found));
    const start = codePoint;
    codePoint += codePointCount(orth);
    ranges.push({ start, end: codePoint });
    at = found + orth.length;
  }
  return { text: raw, ranges };
}
