import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError, errorMessage, fieldErrors } from '../../../lib/errors.ts';

/**
 * An admin form's error, split: `fields` goes under the fields, `general` in a banner when no field
 * shows it. A conflict names its field too (an address taken, a quota over the domain's limit), worded
 * by `adminEdit.conflict.<field>` where the form has words for it.
 */
export function useFormErrors(error: () => unknown) {
  const words = useI18n();
  const fields = computed(() => {
    const e = error();
    const out = fieldErrors(words, e);
    if (e instanceof ApiError && e.code === 'conflict') {
      for (const issue of e.issues) {
        const key = `adminEdit.conflict.${issue.path}`;
        if (words.te(key)) out[issue.path] ??= words.t(key);
      }
    }
    return out;
  });
  const general = computed(() => (error() && Object.keys(fields.value).length === 0 ? errorMessage(words.t, error()) : ''));
  return { fields, general };
}
