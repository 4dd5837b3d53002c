/** Types of folderStore.js, for the tests that import it. */
import { Database } from '@hocuspocus/extension-database';

export function documentFile(folder: string, documentName: string): string;
export const OLD_DEFAULT: string;
export function prepareFolder(folder: string): void;
export function carryOverSqlite(sqlitePath: string, folder: string): Promise<number>;
export function writeWhole(path: string, data: Uint8Array): Promise<void>;
export class FolderStore extends Database {
  constructor(folder: string);
  /** Resolves once every store begun has ended. */
  idle(): Promise<void>;
}
