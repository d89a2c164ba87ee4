// The document title follows the route (its deepest `meta.title`, an i18n key) and the language:
// "Quarantine · Cowbell" in the tab, the task switcher and the history list.
import { watchEffect } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute } from 'vue-router';

export function usePageTitle() {
  const route = useRoute();
  const { t } = useI18n();
  watchEffect(() => {
    const key = [...route.matched].reverse().find((r) => r.meta.title)?.meta.title;
    document.title = key ? t('app.title', { page: t(key) }) : t('app.name');
  });
}
