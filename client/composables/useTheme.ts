// Dark mode follows the OS unless the user picks light or dark; the choice is kept on this device.
import { ref, watch } from 'vue';

export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'cowbell.theme';
const media = () => window.matchMedia('(prefers-color-scheme: dark)');

function stored(): ThemeChoice {
  const v = localStorage.getItem(STORAGE_KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

export function applyTheme(choice: ThemeChoice = stored()): void {
  const dark = choice === 'dark' || (choice === 'system' && media().matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

const choice = ref<ThemeChoice>('system');
let wired = false;

export function useTheme() {
  if (!wired) {
    wired = true;
    choice.value = stored();
    media().addEventListener('change', () => applyTheme(choice.value));
    watch(choice, (value) => {
      if (value === 'system') localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, value);
      applyTheme(value);
    });
  }
  return { choice };
}
