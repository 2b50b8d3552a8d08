import type { ChartTheme } from './shared/options/style';

const KEY = 'pdo-theme';

/**
 * Light or dark for desk pages, remembered per browser. app.html applies the stored choice
 * before the first paint (no flash); this module keeps it in sync afterwards. The wall is always
 * dark and does not touch the stored choice.
 */
export const theme = $state({ value: 'dark' as ChartTheme });

export function initTheme(): void {
  const stored = location.pathname.startsWith('/wall') ? 'dark' : safeGet();
  const t: ChartTheme =
    stored === 'light' || stored === 'dark' ? stored : matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
  apply(t);
}

export function setTheme(t: ChartTheme): void {
  apply(t);
  try {
    localStorage.setItem(KEY, t);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

/** For the wall: dark on screen without overwriting the desk preference. */
export function forceTheme(t: ChartTheme): void {
  apply(t);
}

function apply(t: ChartTheme): void {
  theme.value = t;
  document.documentElement.dataset.theme = t;
}

function safeGet(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}
