import { mount } from 'svelte';
import App from './App.svelte';
import { SpanwrightDatabase } from './lib/storage/database';
import { Workbench } from './lib/state/workbench.svelte';
import './app.css';

const corpusBase = new URL('corpus/', new URL(import.meta.env.BASE_URL, window.location.href));

const workbench = new Workbench({
  database: new SpanwrightDatabase(),
  fetchCorpusFile: (path) => fetch(new URL(path, corpusBase)),
  requestPersistence: async () => (navigator.storage?.persist ? navigator.storage.persist() : false),
});

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, props: { workbench } });
void workbench.start();
