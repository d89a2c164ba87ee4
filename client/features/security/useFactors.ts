import { shallowRef } from 'vue';
import type { EnrolYubiOtpInput, FactorView, TotpSetupView } from '../../../server/features/tfa/tfa.schema.ts';
import { useMutation } from '../../composables/useMutation.ts';
import { api, call } from '../../lib/api.ts';
import { useSessionStore } from '../../stores/session.ts';

/**
 * The account's second factors: listed, one removed, all switched off, TOTP set up (the secret comes
 * from the server and stays there until a code confirms it), a YubiKey added. After an addition the
 * session is read again: a forced enrolment (force_tfa) is then done.
 */
export function useFactors() {
  const store = useSessionStore();
  const factors = shallowRef<FactorView[]>([]);
  const totpSetup = shallowRef<TotpSetupView | null>(null);
  const { pending, error, busy, run } = useMutation();
  const load = () => run(async () => { factors.value = (await call(api.account.factors.$get())).factors; });
  const added = async () => { totpSetup.value = null; await store.load(); await load(); };

  return {
    factors, totpSetup, pending, error, busy, load,
    async remove(id: number): Promise<void> {
      if ((await run(() => call(api.account.factors[':id'].$delete({ param: { id: String(id) } })).then(() => true), String(id))) !== null) await load();
    },
    async turnOff(): Promise<void> {
      if ((await run(() => call(api.account.factors.$delete()).then(() => true), 'all')) !== null) await load();
    },
    async startTotp(): Promise<void> {
      totpSetup.value = await run(() => call(api.account.factors.totp.setup.$post()), 'totp');
    },
    async confirmTotp(keyId: string, code: string): Promise<boolean> {
      const ok = (await run(() => call(api.account.factors.totp.$post({ json: { keyId, code } })), 'totp')) !== null;
      if (ok) await added();
      return ok;
    },
    async addYubiKey(input: EnrolYubiOtpInput): Promise<boolean> {
      const ok = (await run(() => call(api.account.factors.yubi_otp.$post({ json: input })), 'yubi')) !== null;
      if (ok) await added();
      return ok;
    },
    /** A security key was registered elsewhere (AddSecurityKey). */
    added,
  };
}
