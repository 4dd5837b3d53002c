import { mount } from 'svelte';
import App from './App.svelte';
import { SpanwrightDatabase } from './lib/storage/database';
import { requestPersistence } from './lib/storage/persistence';
import { localStore, tabStorage } from './lib/storage/localStore';
import { nearDuplicateMemory } from './lib/storage/nearDuplicateMemory';
import { Store } from './lib/storage/store';
import { applyTheme, readTheme } from './lib/state/theme';
import { Workbench } from './lib/state/workbench.svelte';
import './app.css';

// The theme chosen on this device, before anything paints.
applyTheme(readTheme(localStore()), document.documentElement);

const corpusBase = new URL('corpus/', new URL(import.meta.env.BASE_URL, window.location.href));

const store = new Store(new SpanwrightDatabase());
const workbench = new Workbench({
  store,
  fetchCorpusFile: (path) => fetch(new URL(path, corpusBase)),
  requestPersistence: () => requestPersistence(navigator.storage),
  tabStorage: tabStorage(),
  localStore: localStore(),
  // The Workers' clients load with their first search, not with the first page.
  findNearDuplicates: async (...search) =>
    (await import('./lib/workers/nearDuplicatesClient')).findNearDuplicatesInWorker(...search),
  nearDuplicateMemory: nearDuplicateMemory(store.databaseName),
  matchPatterns: async (...search) => (await import('./lib/workers/patternsClient')).searchCorpusInWorker(...search),
  searchTexts: async (query, onPage, signal) =>
    (await import('./lib/workers/textSearchClient')).searchTextsInWorker(store.databaseName, query, onPage, signal),
  allowedSyncServers: __SPANWRIGHT_SYNC_ORIGINS__,
});

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, props: { workbench } });
void workbench.start();

// The service worker (offline cache and updates) has its own small root, outside the workbench. Its code
// (the prompt, the registration glue) loads once the page has loaded and the browser is idle: it is not
// part of the first page, and the service worker registers after the page's own loading, as is usual.
const noticeTarget = document.getElementById('app-notices');
const mountNotices = async (target: HTMLElement) => {
  const [{ default: UpdatePrompt }, { registerSW }] = await Promise.all([
    import('./lib/components/app/UpdatePrompt.svelte'),
    import('virtual:pwa-register'),
  ]);
  mount(UpdatePrompt, {
    target,
    props: {
      register: 'serviceWorker' in navigator ? registerSW : null,
      announce: (text: string, hook: string) => workbench.session.announce(text, hook),
    },
  });
};
const whenIdle = (run: () => void) =>
  'requestIdleCallback' in window ? requestIdleCallback(run, { timeout: 2000 }) : setTimeout(run, 0);
if (noticeTarget) {
  const start = () => whenIdle(() => void mountNotices(noticeTarget));
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}
