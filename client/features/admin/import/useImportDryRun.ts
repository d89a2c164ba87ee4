// The dry run of a CSV mailbox import: the file goes up as it is, the server says what each row would do.
import { shallowRef } from 'vue';
import type { DryRun } from '../../../../server/features/mailbox-import/dry-run.ts';
import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';

export type ImportMode = 'all' | 'valid';

/** The request options that send a file as the raw CSV body (the import routes read it whole). */
export const csvBody = (file: Blob) => ({ init: { body: file, headers: { 'content-type': 'text/csv' } } });

export function useImportDryRun() {
  const result = shallowRef<DryRun | null>(null);
  const { pending, error, run } = useMutation();
  async function check(file: Blob) {
    result.value = null;
    result.value = await run(() => call(api.admin['mailbox-import']['dry-run'].$post({}, csvBody(file))));
  }
  return { result, pending, error, check };
}
