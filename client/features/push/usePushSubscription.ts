// Web push on this device. The state is a closed set the UI can word: unsupported (no service
// worker or PushManager), denied (the user blocked notifications), off, on. What the browser
// refuses on the way is a closed set too (PushFailure), worded as the browser's doing, not ours.
import { computed, ref, shallowRef } from 'vue';
import type { DeviceView } from '../../../server/features/push/push.schema.ts';
import { i18n } from '../../i18n/index.ts';
import { useMutation } from '../../composables/useMutation.ts';
import { api, call } from '../../lib/api.ts';
import { setBadgeSource } from '../../lib/badge-source.ts';
import { deviceId } from '../../lib/device-id.ts';
import { BrowserError } from '../../lib/errors.ts';

export type PushState = 'unsupported' | 'denied' | 'off' | 'on';
/** Why the browser did not subscribe or unsubscribe; worded by push.failure.<reason>. */
export type PushFailure = 'denied' | 'dismissed' | 'unsupported' | 'prompt_failed' | 'subscribe_failed' | 'unsubscribe_failed';

function defaultName(): string {
  const ua = navigator.userAgent;
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac/.test(ua) ? 'Mac' : /Windows/.test(ua) ? 'Windows' : 'Linux';
  return `${/Firefox/.test(ua) ? 'Firefox' : /Edg/.test(ua) ? 'Edge' : /Chrome/.test(ua) ? 'Chrome' : 'Browser'} on ${os}`;
}

const supported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

const failure = (reason: PushFailure, cause?: unknown) => new BrowserError(`push.failure.${reason}`, { cause });

/** Runs a step of the browser's own (permission prompt, push service); its DOMException names the reason. */
async function inBrowser<T>(otherwise: PushFailure, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    const name = (e as { name?: unknown } | null)?.name;
    throw failure(name === 'NotAllowedError' ? 'denied' : name === 'NotSupportedError' ? 'unsupported' : otherwise, e);
  }
}

export function usePushSubscription() {
  const devices = shallowRef<DeviceView[]>([]);
  const { pending, error, run } = useMutation();
  const permission = ref(supported() ? Notification.permission : 'denied');
  const thisDevice = computed(() => devices.value.find((d) => d.deviceId === deviceId()) ?? null);
  const state = computed<PushState>(() => (!supported() ? 'unsupported' : permission.value === 'denied' ? 'denied' : thisDevice.value ? 'on' : 'off'));

  /** Whether the device list has been read once (before that, 'off' only means "not known yet"). */
  const loaded = ref(false);
  const load = () => run(async () => {
    devices.value = (await call(api.push.devices.$get())).devices;
    loaded.value = true;
    setBadgeSource(thisDevice.value?.newMail ? 'inbox' : 'quarantine');
  });

  const turnOn = () => run(async () => {
    if (!supported()) throw failure('unsupported');
    permission.value = await inBrowser('prompt_failed', () => Notification.requestPermission());
    // 'denied' is a state the card words already; 'default' means the prompt was closed unanswered.
    if (permission.value === 'default') throw failure('dismissed');
    if (permission.value !== 'granted') return;
    const { publicKey } = await call(api.push.config.$get());
    const sub = await inBrowser('subscribe_failed', async () => {
      const registration = await navigator.serviceWorker.ready;
      // A fresh subscription each time it is switched on (an old one may belong to an old key).
      await (await registration.pushManager.getSubscription())?.unsubscribe();
      return (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey })).toJSON();
    });
    await call(api.push.devices[':deviceId'].$put({ param: { deviceId: deviceId() }, json: {
      endpoint: sub.endpoint!, keys: { p256dh: sub.keys!.p256dh, auth: sub.keys!.auth },
      name: thisDevice.value?.name ?? defaultName(), locale: i18n.global.locale.value,
    } }));
    await load();
  });

  const turnOff = () => run(async () => {
    await inBrowser('unsubscribe_failed', async () => {
      const registration = await navigator.serviceWorker.ready;
      await (await registration.pushManager.getSubscription())?.unsubscribe();
    });
    await call(api.push.devices[':deviceId'].$delete({ param: { deviceId: deviceId() } }));
    await load();
  });

  /** True once saved; on failure `error` says why (a rename form words a refused name under its input). */
  const update = (id: string, patch: { name?: string; showDetails?: boolean; newMail?: boolean }) =>
    run(async () => { await call(api.push.devices[':deviceId'].$patch({ param: { deviceId: id }, json: patch })); await load(); return true; });
  const remove = (id: string) => run(async () => { await call(api.push.devices[':deviceId'].$delete({ param: { deviceId: id } })); await load(); });
  const test = () => run(async () => (await call(api.push.devices[':deviceId'].test.$post({ param: { deviceId: deviceId() } }))).outcome);

  void load();
  return { state, loaded, devices, thisDevice, pending, error, turnOn, turnOff, update, remove, test, currentId: deviceId };
}
