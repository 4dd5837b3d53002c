import type { Label } from '../../model/types';
import type { DescriptionDrafts } from '../../state/descriptionDrafts';

/**
 * The description fields of Settings → Labels. Descriptions as typed, by label, until stored and left:
 * each is saved as it is typed, one write at a time, the latest text after the one in flight, and kept
 * in localStorage at each key stroke until stored (`kept`: a reload or a crash in between keeps it).
 * The field shows the draft meanwhile, so the stored text coming back a key stroke behind never
 * overwrites what is typed.
 */
export class DescriptionTyping {
  #drafts = $state<Record<string, string>>({});
  readonly #writing = new Set<string>();
  readonly #typingIn = new Set<string>();
  /** Labels whose last write failed: the field keeps showing the text kept for the next start, and builds on it. */
  readonly #failed = new Set<string>();
  readonly #kept: () => DescriptionDrafts;
  readonly #labels: () => readonly Label[];
  /** Stores a description (the page's own runner, which says what a change was refused for): whether it was. */
  readonly #store: (name: string, text: string) => Promise<boolean>;

  constructor(
    kept: () => DescriptionDrafts,
    labels: () => readonly Label[],
    store: (name: string, text: string) => Promise<boolean>,
  ) {
    this.#kept = kept;
    this.#labels = labels;
    this.#store = store;
  }

  /** What `label`'s field shows: the text typed, else the stored description. */
  shown(label: Label): string {
    return this.#drafts[label.name] ?? label.description;
  }

  focus(name: string): void {
    this.#typingIn.add(name);
  }

  async type(name: string, value: string): Promise<void> {
    this.#drafts[name] = value;
    this.#kept().typed(name, this.#labels().find((label) => label.name === name)?.description ?? '', value);
    if (this.#writing.has(name)) return;
    this.#writing.add(name);
    try {
      for (let written: string | undefined; written !== this.#drafts[name];) {
        const text = (written = this.#drafts[name]);
        this.#kept().sending(name, text);
        // Not stored: the draft stays kept (the next start writes it), and the next key stroke tries again.
        if (!(await this.#store(name, text))) {
          this.#failed.add(name);
          break;
        }
        this.#failed.delete(name);
        this.#kept().written(name, text, this.#drafts[name]);
      }
    } finally {
      this.#writing.delete(name);
      if (!this.#typingIn.has(name) && !this.#failed.has(name)) delete this.#drafts[name];
    }
  }

  leave(name: string): void {
    this.#typingIn.delete(name);
    if (this.#failed.has(name)) return; // the field goes on showing what is kept, not the stored text
    this.#kept().left(name);
    if (!this.#writing.has(name)) delete this.#drafts[name];
  }
}
