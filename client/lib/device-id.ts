// The random id this device keeps for itself, so the server recognises it across re-subscriptions.
const DEVICE_KEY = 'cowbell.deviceId';

export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = crypto.randomUUID().replaceAll('-', '');
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}
