// The rings of ../shared/docs/ARCHITECTURE.md as rules: imports point inward,
// components → state → storage / editor → formats → model, and only storage/ touches Dexie.
// `npm run check` runs this; a broken rule fails the check. docs/architecture.md explains the rings.
/** @type {import('dependency-cruiser').IConfiguration} */
const ring = (name) => `^src/lib/${name}/`;

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes two modules one: break it by moving the shared part inward.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'model-is-pure',
      severity: 'error',
      comment: 'model/ is pure TypeScript: it imports only model/ (no DOM, no Dexie, no Svelte, no packages).',
      from: { path: ring('model') },
      to: { pathNot: [ring('model')] },
    },
    {
      name: 'formats-import-only-model',
      severity: 'error',
      comment: 'formats/ parse and write files: pure, they import model/ and formats/ only (and small pure packages).',
      from: { path: ring('formats') },
      to: {
        path: ['^src/', '^dexie$', 'node_modules/(dexie|svelte|@tiptap|yjs|@hocuspocus)/'],
        pathNot: [ring('model'), ring('formats')],
      },
    },
    {
      name: 'workers-call-pure-modules',
      severity: 'error',
      comment:
        'workers/ run model/ and formats/ off the main thread: nothing of storage, state, editor or the UI. ' +
        'One exception: storage/database.ts, so a Worker reads the texts from IndexedDB itself (workers/storedTexts.ts) ' +
        'instead of the page copying the whole corpus over to it; the schema stays declared in one place.',
      from: { path: ring('workers') },
      to: {
        path: ['^src/', 'node_modules/(dexie|svelte|@tiptap|yjs|@hocuspocus)/'],
        pathNot: [ring('model'), ring('formats'), ring('workers'), '^src/lib/storage/database\\.ts$'],
      },
    },
    {
      name: 'only-storage-imports-dexie',
      severity: 'error',
      comment: 'storage/ is the one door to IndexedDB: nothing else imports dexie.',
      from: { pathNot: ring('storage') },
      to: { path: 'node_modules/dexie/' },
    },
    {
      name: 'storage-stays-inside',
      severity: 'error',
      comment: 'storage/ builds on model/ and formats/; it knows nothing of the editor, state or components.',
      from: { path: ring('storage') },
      to: { path: [ring('editor'), ring('state'), ring('components'), ring('sync'), '^src/App'] },
    },
    {
      name: 'editor-stays-inside',
      severity: 'error',
      comment: 'editor/ is the tiptap view over model/: no storage, state or components.',
      from: { path: ring('editor') },
      to: { path: [ring('storage'), ring('state'), ring('components'), ring('sync'), ring('formats')] },
    },
    {
      name: 'only-sync-opens-sockets',
      severity: 'error',
      comment: 'sync/ is the only code that imports yjs or the Hocuspocus provider.',
      from: { pathNot: ring('sync') },
      to: { path: 'node_modules/(yjs|y-protocols|@hocuspocus)/' },
    },
    {
      name: 'sync-loads-only-when-configured',
      severity: 'error',
      comment:
        'The solo app never loads sync/ (Yjs, the provider): outside it, sync/ is reached by import() or for types only (issue 16).',
      from: { pathNot: ring('sync') },
      to: { path: ring('sync'), dynamic: false, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'first-page-leaves-out',
      severity: 'error',
      comment:
        'Loaded by import() when first needed, not with the first page (docs/performance.md, "Bundle"; issue 16): outside the Workers and sync/, reached by import() or for types only.',
      from: { pathNot: [ring('workers'), ring('sync')] },
      to: {
        path: [
          '^src/lib/state/(team|patterns)\\.svelte\\.ts$',
          '^src/lib/state/suggestionProposals\\.ts$',
          '^src/lib/model/(corpusSearch|alignment|nearDuplicates)\\.ts$',
          '^src/lib/storage/shared\\.ts$',
          '^src/lib/workers/(nearDuplicatesClient|patternsClient|textSearchClient)\\.ts$',
          '^src/lib/components/(app/HelpSheet|app/UpdatePrompt|team/TeamPresence|editor/PatternSteps)\\.svelte$',
          '^src/lib/editor/viewer\\.ts$',
        ],
        dynamic: false,
        dependencyTypesNot: ['type-only', 'type-import'],
      },
    },
    {
      name: 'editor-code-behind-viewer',
      severity: 'error',
      comment:
        'tiptap and ProseMirror load with the editor (editor/viewer.ts, by import()), not with the first page, which draws its text plain (editor/plainText.ts): only the modules the viewer is made of use them, or the modules that use them.',
      from: {
        pathNot: [
          '^src/lib/editor/(viewer|highlights|caret|clickCount|searchMarks|schema|verticalCaret|restOfHighlights|liveSelection)\\.ts$',
        ],
      },
      to: {
        path: [
          'node_modules/@tiptap/',
          '^src/lib/editor/(highlights|caret|clickCount|searchMarks|schema|verticalCaret|restOfHighlights|liveSelection)\\.ts$',
        ],
        dependencyTypesNot: ['type-only', 'type-import'],
      },
    },
    {
      name: 'state-below-components',
      severity: 'error',
      comment: 'state/ joins storage and the UI; it never imports a component.',
      from: { path: ring('state') },
      to: { path: [ring('components'), '^src/App'] },
    },
    {
      name: 'components-go-through-state',
      severity: 'error',
      comment: 'Components read state getters and call state methods: never storage/, formats/ or dexie directly.',
      from: { path: ['^src/lib/components/', '^src/App\\.svelte$'] },
      to: { path: [ring('storage'), ring('formats'), ring('sync'), 'node_modules/dexie/'] },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A module nothing imports is dead code (entry points and declarations excepted).',
      from: {
        orphan: true,
        path: '^src/',
        pathNot: ['^src/main\\.ts$', '\\.d\\.ts$', '^src/.*\\.css$', '\\.worker\\.ts$'],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.svelte', '.json'],
    },
    exclude: { path: ['^src/.*\\.css$'] },
  },
};
