// The one object the UI talks to. It cannot tell (and must not care) which shell is behind it.
import type { ConsoleApi } from '../../../shared/contract';
import { desktopBridge } from './bridge';
import { createDesktopApi } from './desktop';
import { createHeadlessApi } from './headless';
import { takeToken } from './token';

let api: ConsoleApi | null = null;

export function getApi(): ConsoleApi {
  if (!api) {
    const bridge = desktopBridge();
    api = bridge ? createDesktopApi(bridge) : createHeadlessApi(takeToken());
  }
  return api;
}

export { useConnection } from './connection';
