import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The Content-Security-Policy of the built app, one directive per entry. Everything comes from
 * the app's own origin; nothing is inline. Styles need no 'unsafe-inline' either: Svelte's
 * `style:` directives and ProseMirror's decoration styles are set through the CSSOM
 * (`element.style`), which CSP does not govern, and the build extracts component CSS to files.
 * tests/e2e/security.e2e.ts fails on any CSP violation during a labelling session.
 * @see docs/offline-and-security.md
 */
/**
 * The team servers the app may reach, fixed when it is built: `SPANWRIGHT_SYNC_ORIGINS`, CSP source
 * expressions separated by spaces (`wss://sync.example.org`, `ws://127.0.0.1:*`). A policy in a
 * meta tag or a header can not follow a setting made in the page, so the server's address is part
 * of the build; the default build reaches none. Settings → Team refuses a server outside the list.
 * @see docs/team.md
 */
export const SYNC_ORIGINS: string[] = (process.env.SPANWRIGHT_SYNC_ORIGINS ?? '')
  .split(/\s+/u)
  .filter((source) => source !== '')
  .map((source) => {
    if (!/^wss?:\/\/(\*\.)?[A-Za-z0-9.-]+(:(\*|\d+))?$/u.test(source))
      throw new Error(`SPANWRIGHT_SYNC_ORIGINS: "${source}" is not a ws:// or wss:// origin`);
    return source;
  });

const POLICY: Record<string, string> = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data: blob:",
  'font-src': "'self'",
  'connect-src': ["'self'", ...SYNC_ORIGINS].join(' '),
  'worker-src': "'self'",
  'manifest-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'self'",
};

const serialize = (policy: Record<string, string>): string =>
  Object.entries(policy)
    .map(([directive, sources]) => `${directive} ${sources}`)
    .join('; ');

/** The policy in the built index.html (`frame-ancestors` is ignored in a meta tag). */
export const META_POLICY = serialize(POLICY);
/** The policy a static host should send as a header: the same, plus what only a header can say. */
export const HEADER_POLICY = serialize({ ...POLICY, 'frame-ancestors': "'none'" });
/** Dev only: Vite injects component CSS as <style> elements for hot reload. */
const DEV_POLICY = serialize({ ...POLICY, 'style-src': "'self' 'unsafe-inline'" });

/** Response headers a static host should send; `vite preview` (and so the e2e server) sends them. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': HEADER_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Puts the CSP meta tag right after `<meta charset>`, before anything it must govern. */
function contentSecurityPolicy(): Plugin {
  let policy = META_POLICY;
  return {
    name: 'spanwright:content-security-policy',
    configResolved(config) {
      policy = config.command === 'build' ? META_POLICY : DEV_POLICY;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const charset = /<meta charset="UTF-8"\s*\/?>/iu;
        if (!charset.test(html)) throw new Error('index.html needs <meta charset="UTF-8" /> for the CSP to follow');
        return html.replace(
          charset,
          (tag) => `${tag}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
        );
      },
    },
  };
}

export default defineConfig({
  plugins: [
    svelte(),
    contentSecurityPolicy(),
    VitePWA({
      registerType: 'prompt',
      // UpdatePrompt registers through `virtual:pwa-register`; nothing is injected into index.html.
      injectRegister: false,
      strategies: 'generateSW',
      manifestFilename: 'manifest.webmanifest',
      // The glob below already precaches every icon; the plugin adds manifest.webmanifest itself.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Spanwright',
        short_name: 'Spanwright',
        description: 'An offline text-annotation workbench: label spans, review agreement, export.',
        lang: 'en',
        start_url: '.',
        scope: '.',
        display: 'standalone',
        theme_color: '#1f2a37',
        background_color: '#f6f7f9',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell and the default corpus, so a first start offline still seeds five documents.
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2}', 'corpus/*.txt', 'corpus/manifest.json'],
        // Any route (hash routes and deep paths alike) reloads offline into the app.
        navigateFallback: 'index.html',
        // One self-hosted file: no importScripts of a separate (or CDN) workbox runtime.
        inlineWorkboxRuntime: true,
        cleanupOutdatedCaches: true,
        // Only what is precached is served from the cache; no runtime caching of any origin.
        runtimeCaching: [],
        sourcemap: false,
        // A new version waits for the user's "Reload to update" (registerType 'prompt').
        skipWaiting: false,
        // The first install takes the tab it was installed from at once: that tab, not only its reload, then works
        // offline (its Import, Export and Settings load from the cache). An update activates only when the user
        // asks (or no tab is open), and every tab reloads into it.
        clientsClaim: true,
      },
    }),
  ],
  define: { __SPANWRIGHT_SYNC_ORIGINS__: JSON.stringify(SYNC_ORIGINS) },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', headers: SECURITY_HEADERS },
  build: { target: 'es2022', sourcemap: false },
});
