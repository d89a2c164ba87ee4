import './lib/zod-jitless.ts';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { applyTheme } from './composables/useTheme.ts';
import { i18n, preferredLocale, setLocale } from './i18n/index.ts';
import { createAppRouter } from './router.ts';
import './styles.css';

applyTheme(); // before the first paint, so dark mode never flashes light
const pinia = createPinia();
const app = createApp(App).use(pinia).use(i18n).use(createAppRouter(pinia));
await setLocale(preferredLocale());
app.mount('#app');
