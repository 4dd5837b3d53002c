/**
 * A dropped .zip opened off the main thread (unzipClient.ts is the page's side): reading, inflating
 * and checking every entry's CRC-32 is one long task (about a second per 100 MB here), and on the
 * page's thread it froze the page before the import dialog could even open. The code is the page's
 * own (formats/archive.ts); the files go back as Files, which cross without their bytes being copied
 * on the page's thread.
 */
import { filesInZip } from '../formats/archive';
import type { UnzipResponse } from './unzipClient';

self.onmessage = async (event: MessageEvent<File>) => {
  let reply: UnzipResponse;
  try {
    reply = { type: 'opened', ...(await filesInZip(event.data)) };
  } catch (error) {
    reply = { type: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
