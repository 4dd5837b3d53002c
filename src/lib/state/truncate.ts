import { cutGraphemes } from '../model/graphemes';

/** A span's text (or a title) as a message quotes it: up to 40 characters (graphemes), else the first 39 and an ellipsis. */
export const truncate = (text: string): string => cutGraphemes(text, 40);
