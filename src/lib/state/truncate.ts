import { cutGraphemes, inQuotes } from '../model/graphemes';

/** A span's text (or a title) as a message quotes it: up to 40 characters (graphemes), else the first 39 and an ellipsis. */
export const truncate = (text: string): string => cutGraphemes(text, 40);

/** A span's text in quotation marks, as a message quotes it (truncated; ‘…’ around a text with “ or ”). */
export const quoteText = (text: string): string => inQuotes(truncate(text));
