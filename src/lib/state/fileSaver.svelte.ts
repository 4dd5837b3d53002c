import { downloadBlob } from './transfers.svelte';

/** A written file waiting for a press on Save file. */
export interface KeptFile {
  blob: Blob;
  name: string;
}

/**
 * True once the press that asked for a file no longer counts as the user's (a few seconds in
 * Chromium): a browser may then block a download the page starts by itself, and the file would
 * never arrive. False where the browser does not say.
 */
export function pressExpired(navigator: Navigator | undefined = globalThis.navigator): boolean {
  const activation = (navigator as { userActivation?: { isActive: boolean } } | undefined)?.userActivation;
  return activation !== undefined && !activation.isActive;
}

/**
 * Hands a file written after a press (an export, a backup, a feedback file) to the browser as a
 * download while that press still counts; after it has expired, keeps the file until the user
 * presses Save file, so a long write never ends in a download the browser silently blocked.
 */
export class FileSaver {
  #kept = $state.raw<KeptFile | null>(null);
  readonly #save: (blob: Blob, name: string) => void;
  readonly #expired: () => boolean;

  constructor(save: (blob: Blob, name: string) => void = downloadBlob, expired: () => boolean = pressExpired) {
    this.#save = save;
    this.#expired = expired;
  }

  /** The file waiting for Save file, or null. */
  get kept(): KeptFile | null {
    return this.#kept;
  }

  /** Downloads the file now if the press still counts (true); otherwise keeps it for `saveKept` (false). */
  offer(blob: Blob, name: string): boolean {
    if (this.#expired()) {
      this.#kept = { blob, name };
      return false;
    }
    this.#kept = null;
    this.#save(blob, name);
    return true;
  }

  /** Downloads the kept file (called from the press on Save file). */
  saveKept(): void {
    const kept = this.#kept;
    if (!kept) return;
    this.#kept = null;
    this.#save(kept.blob, kept.name);
  }

  /** Forgets a kept file (the choices it was written for changed). */
  drop(): void {
    this.#kept = null;
  }
}
