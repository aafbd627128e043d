// The Settings page's copy of the core's settings (fetched when the page opens and after each change).
import { create } from 'zustand';
import type { Result } from '../../../../shared/result';
import type { SettingsPatch, SettingsView } from '../../../../shared/settings';
import { getApi } from '../../api';

interface SettingsStore {
  view: SettingsView | null;
  error: string | null;
  load(): Promise<void>;
  /** Send a patch; the new settings replace the old ones only when the core accepted it. */
  update(patch: SettingsPatch): Promise<Result<SettingsView>>;
}

let request = 0;

export const useSettings = create<SettingsStore>((set) => ({
  view: null,
  error: null,
  async load() {
    const mine = ++request;
    const r = await getApi().call('getSettings', {});
    if (mine !== request) return;
    if (r.ok) set({ view: r.value, error: null });
    else set({ error: r.error.message });
  },
  async update(patch) {
    const mine = ++request;
    const r = await getApi().call('updateSettings', patch);
    if (r.ok && mine === request) set({ view: r.value, error: null });
    return r;
  },
}));
