import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './vite-precompress.ts';

const API_TARGET = `http://127.0.0.1:${process.env.COWBELL_DEV_API_PORT ?? '8081'}`;

/** Modules of the sign-in page's first render that every other page needs too. */
const SHELL_MODULES = new RegExp([
  String.raw`/node_modules/(@vue/(runtime-core|runtime-dom|reactivity|shared)|vue|vue-router|pinia|vue-i18n|@intlify/(core-base|shared|message-compiler|vue-i18n-core))/`,
  String.raw`/node_modules/hono/dist/(client|utils)/`,
  String.raw`/client/(stores/session|composables/useTheme|lib/(api|errors)|i18n/index)\.ts$`,
  String.raw`/client/ui/Ui(Banner|Button|TextField)\.vue`,
  String.raw`vite/preload-helper`, String.raw`plugin-vue:export-helper`,
].join('|'));

export default defineConfig({
  root: 'client',
  // Every URL relative to index.html's <base href>, which the server sets to BASE_PATH: one build
  // serves "/" and a path of mailcow's host ("/cowbell/") alike.
  base: './',
  publicDir: '../public',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      output: {
        // What every page loads before anything else (Vue, the router, the stores, i18n, the API client
        // and the few UI primitives the sign-in page shows) goes into one chunk: many small files each
        // pay ~300 bytes of response headers on the wire, more than some of them weigh.
        codeSplitting: {
          groups: [{ name: 'shell', priority: 10, test: SHELL_MODULES }],
        },
        // Admin chunks get their own folder so the service worker can leave them out of a phone's precache.
        chunkFileNames: (chunk) => (chunk.moduleIds.some((id) => id.includes('/client/features/admin/'))
          ? 'assets/admin/[name]-[hash].js' : 'assets/[name]-[hash].js'),
        // CSS split from admin components carries only its chunk's name: an Admin* component, or the
        // useAdmin* composable whose shared chunk the components of two admin pages went into.
        assetFileNames: (asset) => (asset.names.some((n) => /^(use)?Admin/.test(n))
          ? 'assets/admin/[name]-[hash][extname]' : 'assets/[name]-[hash][extname]'),
      },
    },
  },
  server: { proxy: { '/api': API_TARGET } },
  // Composition API only: dropping the Options API and devtools hooks keeps the sign-in page small.
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  plugins: [
    vue(),
    // Messages are compiled at build time, so the runtime-only vue-i18n (no message compiler) ships.
    VueI18nPlugin({
      include: [fileURLToPath(new URL('./client/**/i18n/*.json', import.meta.url))],
      runtimeOnly: true,
      compositionOnly: true,
      fullInstall: false,
      strictMessage: false,
    }),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      // Prompt, never auto-swap: the new version waits until the user says so (no swap mid-typing).
      registerType: 'prompt',
      injectRegister: false,
      // Its URLs are relative to the manifest's own, so they follow BASE_PATH. No `id`: it defaults to
      // start_url (the base), which at "/" is the id that installs made before always had.
      manifest: {
        name: 'Cowbell for mailcow',
        short_name: 'Cowbell',
        description: 'Your mailbox and mail domain, from your phone.',
        start_url: './',
        scope: './',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#9a3412',
        background_color: '#fffbf5',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        // Long-press the icon: a new alias, its address copied, in one tap from the home screen.
        shortcuts: [{ name: 'New alias', short_name: 'New alias', description: 'Make a time-limited alias and copy it',
          url: 'aliases/new', icons: [{ src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' }] }],
        // Share a web page to the installed app: an alias is made with that site as its description.
        share_target: { action: 'aliases/new', method: 'GET', params: { title: 'title', text: 'text', url: 'url' } },
      },
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg}'], globIgnores: ['assets/admin/**'] },
      devOptions: { enabled: false },
    }),
    // Last: it compresses what the others wrote, sw.js included.
    precompress(),
  ],
});
