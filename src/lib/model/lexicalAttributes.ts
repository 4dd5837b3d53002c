/**
 * spaCy's lexical attributes: what a token's text alone says about it, the same with a blank
 * pipeline (`spacy.blank("en")`) as with a trained one. Each is read from the token text with
 * Python's definitions (`str.istitle`, `str.isspace`…) and spaCy's lists; the language-dependent
 * one, LIKE_NUM, with English's number words, as spaCy's default English does.
 *
 * Pure and allocation-light: the pattern matcher answers each once per distinct token text.
 *
 * @see https://spacy.io/api/attributes
 * @see https://spacy.io/api/token#attributes
 */

/** A decimal digit (Unicode Nd): what IS_DIGIT tests here (Python's `isdigit` also takes ², ①). */
const DIGITS = /^\p{Nd}+$/u;
const LETTER = /^\p{L}$/u;
const UPPERCASE = /^\p{Uppercase}$/u;
/** Upper case or title case (ǅ): what may start a word in Python's `istitle`. */
const UPPER_OR_TITLE = /^[\p{Uppercase}\p{Lt}]$/u;
const LOWERCASE = /^\p{Lowercase}$/u;
/** Python's `str.isspace`: Unicode Zs, or a bidirectional class WS, B or S. */
// eslint-disable-next-line no-control-regex -- the separators U+001C–U+001F are white space to Python
const PYTHON_SPACES = /^[\t-\r\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/u;
const CURRENCY = /^\p{Sc}+$/u;
/** spaCy's LIKE_EMAIL: an address at the start of the text (Python's `re.match`). */
const EMAIL = /^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+/u;

const BRACKETS = new Set(['(', ')', '[', ']', '{', '}', '<', '>']);
/** spaCy's quotation marks, TeX's two-character quotes (two apostrophes, two backticks) among them. */
const QUOTES = new Set(`" ' \` « » ‘ ’ ‚ ‛ “ ” „ ‟ ‹ › ❮ ❯ '' \`\``.split(' '));
const LEFT_PUNCT = new Set(['(', '[', '{', '<', '"', "'", '«', '‘', '‚', '‛', '“', '„', '‟', '‹', '❮', '``']);
const RIGHT_PUNCT = new Set([')', ']', '}', '>', '"', "'", '»', '’', '”', '›', '❯', "''"]);

const CARDINALS =
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen ' +
  'seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand ' +
  'million billion trillion quadrillion quintillion sextillion septillion octillion nonillion decillion ' +
  'gajillion bazillion';
const ORDINALS =
  'first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth ' +
  'fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth fiftieth sixtieth ' +
  'seventieth eightieth ninetieth hundredth thousandth millionth billionth trillionth quadrillionth ' +
  'quintillionth sextillionth septillionth octillionth nonillionth decillionth gajillionth bazillionth';
/** English number words, cardinal and ordinal, as spaCy's English LIKE_NUM knows them. */
const NUMBER_WORDS = new Set(`${CARDINALS} ${ORDINALS}`.split(' '));
const ORDINAL_SUFFIXES = ['st', 'nd', 'rd', 'th'];

/** The top-level domains spaCy's LIKE_URL accepts after a token's last dot. */
const DOMAINS = new Set(
  (
    'com org edu gov net mil aero asia biz cat coop info int jobs mobi museum name pro tel travel xyz icu xxx ' +
    'ac ad ae af ag ai al am an ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bv bw ' +
    'by bz ca cc cd cf cg ch ci ck cl cm cn co cr cs cu cv cx cy cz dd de dj dk dm do dz ec ee eg eh er es et ' +
    'eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il ' +
    'im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc ' +
    'md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe ' +
    'pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st ' +
    'su sv sy sz tc td tf tg th tj tk tl tm tn to tp tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ' +
    'ws ye yt za zm zw'
  ).split(' '),
);

/** Python's `str.istitle`: cased, each upper- or title-case letter after an uncased character, each lower-case one after a cased one. */
export function isTitle(text: string): boolean {
  let cased = false;
  let afterCased = false;
  for (const character of text) {
    if (UPPER_OR_TITLE.test(character)) {
      if (afterCased) return false;
      afterCased = cased = true;
    } else if (LOWERCASE.test(character)) {
      if (!afterCased) return false;
      afterCased = cased = true;
    } else afterCased = false;
  }
  return cased;
}

/** Python's `str.isspace`: not empty, and white space throughout. */
export const isSpace = (text: string): boolean => PYTHON_SPACES.test(text);
export const isBracket = (text: string): boolean => BRACKETS.has(text);
export const isQuote = (text: string): boolean => QUOTES.has(text);
export const isLeftPunct = (text: string): boolean => LEFT_PUNCT.has(text);
export const isRightPunct = (text: string): boolean => RIGHT_PUNCT.has(text);
/** Every character a currency symbol (Unicode Sc). */
export const isCurrency = (text: string): boolean => CURRENCY.test(text);
export const likeEmail = (text: string): boolean => EMAIL.test(text);

/**
 * spaCy's English LIKE_NUM: after one leading `+ - ± ~` and without `,` and `.`, digits, a fraction
 * of digits (`3/4`), an English number word in any case (`ten`, `Tenth`, `billion`), or digits
 * with an ordinal ending (`21st`, `3rd`).
 */
export function likeNumber(text: string): boolean {
  let plain = /^[+\-±~]/u.test(text) ? text.slice(1) : text;
  plain = plain.replaceAll(',', '').replaceAll('.', '');
  if (DIGITS.test(plain)) return true;
  const slash = plain.indexOf('/');
  const fraction = slash >= 0 && plain.indexOf('/', slash + 1) < 0;
  if (fraction && DIGITS.test(plain.slice(0, slash)) && DIGITS.test(plain.slice(slash + 1))) return true;
  const lower = plain.toLowerCase();
  if (NUMBER_WORDS.has(lower)) return true;
  return ORDINAL_SUFFIXES.some((suffix) => lower.endsWith(suffix)) && DIGITS.test(lower.slice(0, -2));
}

/**
 * spaCy's LIKE_URL heuristics: starts with `http://`, `https://` or `www.` (and more), or has a dot
 * inside (not first, not last, no `@`) whose last part, up to a `:`, ends with `/` or is a known
 * top-level domain. (spaCy also tries its tokenizer's URL expression, which matches only text with
 * a dot inside or a scheme, so never a Spanwright token; it is left out.)
 */
export function likeUrl(text: string): boolean {
  if (text.startsWith('http://') || text.startsWith('https://')) return true;
  if (text.startsWith('www.') && [...text].length >= 5) return true;
  if (text.startsWith('.') || text.endsWith('.') || text.includes('@')) return false;
  const dot = text.lastIndexOf('.');
  if (dot < 0) return false;
  const domain = text.slice(dot + 1).split(':', 1)[0];
  return domain.endsWith('/') || DOMAINS.has(domain);
}

/**
 * spaCy's SHAPE: each letter as `X` (upper case) or `x`, each digit as `d`, any other character as
 * itself, a run of one shape character cut after four; `LONG` for 100 characters or more.
 *
 * @example wordShape('Apple') // 'Xxxxx'; wordShape('U.K.') // 'X.X.'; wordShape('2026') // 'dddd'
 */
export function wordShape(text: string): string {
  let shape = '';
  let last = '';
  let run = 0;
  let length = 0;
  for (const character of text) {
    if (++length >= 100) return 'LONG';
    const code = character.charCodeAt(0);
    let next: string;
    if (code >= 0x41 && code <= 0x5a) next = 'X';
    else if (code >= 0x61 && code <= 0x7a) next = 'x';
    else if (code >= 0x30 && code <= 0x39) next = 'd';
    else if (code < 0x80) next = character;
    else if (LETTER.test(character)) next = UPPERCASE.test(character) ? 'X' : 'x';
    else next = DIGITS.test(character) ? 'd' : character;
    run = next === last ? run + 1 : 0;
    last = next;
    if (run < 4) shape += next;
  }
  return shape;
}

/** Yes/no lexical attributes a token can be tested for, as spaCy names them. */
export const TOKEN_FLAGS = [
  'IS_DIGIT',
  'IS_ALPHA',
  'IS_ASCII',
  'IS_LOWER',
  'IS_UPPER',
  'IS_TITLE',
  'IS_PUNCT',
  'IS_SPACE',
  'IS_BRACKET',
  'IS_QUOTE',
  'IS_LEFT_PUNCT',
  'IS_RIGHT_PUNCT',
  'IS_CURRENCY',
  'LIKE_NUM',
  'LIKE_URL',
  'LIKE_EMAIL',
] as const;
export type TokenFlag = (typeof TOKEN_FLAGS)[number];

/** Each yes/no attribute's test of a token text. */
export const FLAG_TESTS: Record<TokenFlag, (text: string) => boolean> = {
  IS_DIGIT: (text) => /^\p{Nd}+$/u.test(text),
  IS_ALPHA: (text) => /^\p{L}+$/u.test(text),
  // eslint-disable-next-line no-control-regex -- ASCII is exactly U+0000–U+007F
  IS_ASCII: (text) => /^[\u0000-\u007f]*$/u.test(text),
  IS_LOWER: (text) => text === text.toLowerCase() && text !== text.toUpperCase(),
  IS_UPPER: (text) => text === text.toUpperCase() && text !== text.toLowerCase(),
  IS_TITLE: isTitle,
  IS_PUNCT: (text) => /^\p{P}+$/u.test(text),
  IS_SPACE: isSpace,
  IS_BRACKET: isBracket,
  IS_QUOTE: isQuote,
  IS_LEFT_PUNCT: isLeftPunct,
  IS_RIGHT_PUNCT: isRightPunct,
  IS_CURRENCY: isCurrency,
  LIKE_NUM: likeNumber,
  LIKE_URL: likeUrl,
  LIKE_EMAIL: likeEmail,
};
