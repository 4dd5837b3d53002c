/** The team servers the build's Content-Security-Policy allows (vite.config.ts, `SPANWRIGHT_SYNC_ORIGINS`). */
declare const __SPANWRIGHT_SYNC_ORIGINS__: string[];
