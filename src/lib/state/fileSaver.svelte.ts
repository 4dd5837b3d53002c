import { downloadBlob } from './transfers.svelte';

/** How long a written file waits for a press on Save file. */
export const KEEP_FILE_MS = 5 * 60_000;

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
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #save: (blob: Blob, name: string) => void;
  readonly #expired: () => boolean;
  readonly #keepMs: number;

  /** A kept file is dropped after `keepMs` (saved much later it would silently miss the work done since). */
  constructor(
    save: (blob: Blob, name: string) => void = downloadBlob,
    expired: () => boolean = pressExpired,
    keepMs = KEEP_FILE_MS,
  ) {
    this.#save = save;
    this.#expired = expired;
    this.#keepMs = keepMs;
  }

  /** The file waiting for Save file, or null. */
  get kept(): KeptFile | null {
    return this.#kept;
  }

  /** Downloads the file now if the press still counts (true); otherwise keeps it for `saveKept` (false). */
  offer(blob: Blob, name: string): boolean {
    this.drop();
    if (this.#expired()) {
      this.#kept = { blob, name };
      this.#timer = setTimeout(() => this.drop(), this.#keepMs);
      return false;
    }
    this.#save(blob, name);
    return true;
  }

  /** Downloads the kept file (called from the press on Save file). */
  saveKept(): void {
    const kept = this.#kept;
    if (!kept) return;
    this.drop();
    this.#save(kept.blob, kept.name);
  }

  /** Forgets a kept file (the choices it was written for changed). */
  drop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#kept = null;
  }
}
