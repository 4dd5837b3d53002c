/**
 * An imported file read, checked and stored off the main thread (incomingJob.ts does the work;
 * incomingClient.ts is the page's side).
 *
 * Why a Worker, though the importer already yields every few milliseconds: parsing a 30 MB file and
 * writing 100,000 rows leaves the thread that does it garbage to collect, and on this machine a
 * major collection is one task of a second of wall time (docs/performance.md). Here that thread is
 * not the page's.
 */
import type { IncomingRequest, IncomingResponse } from './incomingProtocol';
import { incomingHandler } from './incomingJob';

const handle = incomingHandler((message: IncomingResponse) => self.postMessage(message));

self.onmessage = (event: MessageEvent<IncomingRequest>) => void handle(event.data);
