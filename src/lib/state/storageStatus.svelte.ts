import { describeStorage, requestPersistence, type StorageDescription, type StorageLike } from '../storage/persistence';

export type { StorageLike } from '../storage/persistence';

/** Whether the browser keeps this site's data, and how much of the quota it uses (the Settings page). */
export class StorageStatus {
  #description = $state.raw<StorageDescription | null>(null);
  #asking = $state(false);
  #refused = $state(false);
  readonly #storage: StorageLike | null | undefined;

  /** `storage` is `navigator.storage` in the app (undefined outside secure contexts), a fake in tests. */
  constructor(storage: StorageLike | null | undefined) {
    this.#storage = storage;
  }

  /** What the browser said last; null until it has been asked. */
  get description(): StorageDescription | null {
    return this.#description;
  }

  /** True while the browser is being asked to keep the data. */
  get asking(): boolean {
    return this.#asking;
  }

  /** True when the browser declined the last request. */
  get refused(): boolean {
    return this.#refused;
  }

  /** True when this browser offers a way to ask for persistence. */
  get canAsk(): boolean {
    return typeof this.#storage?.persist === 'function';
  }

  /** The share of the quota in use (0–1), or null when the browser does not say. */
  get share(): number | null {
    const description = this.#description;
    return description?.usage != null && description.quota ? Math.min(1, description.usage / description.quota) : null;
  }

  async refresh(): Promise<void> {
    this.#description = await describeStorage(this.#storage);
  }

  /** Asks the browser to keep the data, then reads the state again. */
  async keepPersistent(): Promise<void> {
    this.#asking = true;
    try {
      this.#refused = !(await requestPersistence(this.#storage));
      await this.refresh();
    } finally {
      this.#asking = false;
    }
  }
}
