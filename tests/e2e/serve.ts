import type { TestProject } from 'vitest/node';
import { preview } from 'vite';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

/** Serves the built app (dist/) on 127.0.0.1 for the whole e2e run. */
export default async function serve(project: TestProject) {
  const server = await preview({
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  project.provide('baseURL', url);
  return async () => {
    await server.close();
  };
}
