/**
 * Which tokens a token export (CoNLL, Hugging Face) writes: `words`, Spanwright's token rule (the
 * tokens token agreement counts, `model/tokens.ts`), or `spaces`, the runs of the text between white
 * space, as Python's `str.split()` gives them: the tokens of a text an import rebuilt from a token file
 * (one space between tokens), written back as they were ("U.S." stays one token, not four).
 */
import { SPACE_CHARACTER, TOKEN_RULE_WORDS, tokenize, type TokenRange } from '../model/tokens';

export type TokenRule = 'words' | 'spaces';

const SPACE = new RegExp(`^${SPACE_CHARACTER}$`, 'u');

/** The runs of `text` between white space, in code points, end exclusive. */
export function spaceTokens(text: string): TokenRange[] {
  const tokens: TokenRange[] = [];
  let start = -1;
  let point = 0;
  for (const character of text) {
    if (SPACE.test(character)) {
      if (start >= 0) tokens.push({ start, end: point });
      start = -1;
    } else if (start < 0) start = point;
    point++;
  }
  if (start >= 0) tokens.push({ start, end: point });
  return tokens;
}

/** The tokens of `text` under `rule`. */
export function tokensOf(text: string, rule: TokenRule = 'words'): TokenRange[] {
  return rule === 'spaces' ? spaceTokens(text) : tokenize(text);
}

/** What the export dialog says of the tokens, under `rule`. */
export function tokenRuleNote(rule: TokenRule): string {
  return rule === 'spaces'
    ? 'Tokens split at white space, as Python’s str.split() splits (a text imported from a token file gets its tokens back as they were)'
    : `Tokens as token agreement counts them (${TOKEN_RULE_WORDS})`;
}
