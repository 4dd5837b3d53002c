/**
 * What a screen reader is told of the annotator's last keyboard action on the documents page: a
 * span made, a span selected, a document opened. One aria-live line reads it (`span-announcement`).
 */
export class Announcer {
  #text = $state('');
  /** When it last said something (`performance.now()`), for a line that should not say the same again. */
  #saidAt = -Infinity;
  /** Called as each action is said: what a key needed before (a hint in the status line) no longer applies. */
  readonly #onSay: () => void;

  constructor(onSay: () => void = () => {}) {
    this.#onSay = onSay;
  }

  /** The last thing said, for the aria-live line. */
  get text(): string {
    return this.#text;
  }

  /** Says `text`. The same words twice in a row are read out twice: a changed string is what a live region reads. */
  say(text: string): void {
    this.#text = this.#text === text ? `${text}\u00a0` : text;
    this.#saidAt = performance.now();
    this.#onSay();
  }

  /** Whether it said something at or after `time` (`performance.now()`). */
  saidSince(time: number): boolean {
    return this.#saidAt >= time;
  }
}
