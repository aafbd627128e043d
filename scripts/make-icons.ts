// Writes every icon in resources/ from code (scripts/icons/), so they can be regenerated and checked:
//   npm run icons
// Tray: tray-{ok,attention,down}.png (16 px) and @2x (32 px); Electron picks the @2x file on HiDPI.
// App: icon.png (512 px, the window icon at run time), icon.ico (Windows, 16–256 px),
// icon.icns (macOS, 16–1024 px on Apple's grid), icons/NxN.png (Linux, 16–512 px).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { packIcns, packIco } from './icons/containers';
import { appIcon, trayIcon, type TrayIconLevel } from './icons/designs';
import { encodePng } from './icons/png';

export const RESOURCES = resolve(__dirname, '..', 'resources');
export const TRAY_LEVELS: TrayIconLevel[] = ['ok', 'attention', 'down'];
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const ICNS_SIZES = [16, 32, 64, 128, 256, 512, 1024];

export interface IconFile {
  /** Relative to resources/. */
  path: string;
  bytes: Buffer;
}

export function trayIconFiles(): IconFile[] {
  return TRAY_LEVELS.flatMap((level) => [
    { path: `tray-${level}.png`, bytes: encodePng(trayIcon(level, 16)) },
    { path: `tray-${level}@2x.png`, bytes: encodePng(trayIcon(level, 32)) },
  ]);
}

export function appIconFiles(): IconFile[] {
  const flat = new Map<number, Buffer>();
  const png = (size: number) => {
    let bytes = flat.get(size);
    if (!bytes) flat.set(size, (bytes = encodePng(appIcon(size))));
    return bytes;
  };
  const mac = new Map(ICNS_SIZES.map((size) => [size, encodePng(appIcon(size, { mac: true }))]));
  return [
    { path: 'icon.png', bytes: png(512) },
    { path: 'icon.ico', bytes: packIco(ICO_SIZES.map((size) => ({ size, png: png(size) }))) },
    { path: 'icon.icns', bytes: packIcns(mac) },
    ...LINUX_SIZES.map((size) => ({ path: `icons/${size}x${size}.png`, bytes: png(size) })),
  ];
}

if (require.main === module) {
  for (const file of [...trayIconFiles(), ...appIconFiles()]) {
    const target = join(RESOURCES, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.bytes);
    console.log(`resources/${file.path}  ${file.bytes.length} bytes`);
  }
}
