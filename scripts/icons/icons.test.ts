// The icons in resources/ are exactly what scripts/make-icons.ts draws (compared as pixels: PNG bytes
// may differ between zlib versions), and each container holds what electron-builder and the systems need.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICO_SIZES, LINUX_SIZES, RESOURCES, TRAY_LEVELS, trayIconFiles } from '../make-icons';
import { ICNS_TYPES, readIcns, readIco } from './containers';
import { appIcon, TRAY_COLOURS } from './designs';
import { decodePng, encodePng, type Rgba } from './png';

const committed = (path: string) => readFileSync(join(RESOURCES, path));
const pixelsEqual = (a: Rgba, b: Rgba) => a.width === b.width && a.height === b.height && Buffer.from(a.data).equals(Buffer.from(b.data));
const REGENERATE = 'run `npm run icons` and commit resources/';

describe('PNG encoder', () => {
  it('round-trips any RGBA image through encode and decode', () => {
    const width = 7;
    const height = 5;
    const data = new Uint8Array(width * height * 4).map((_, i) => (i * 73 + 11) % 256);
    const back = decodePng(encodePng({ width, height, data }));
    expect(back.width).toBe(width);
    expect(back.height).toBe(height);
    expect(Buffer.from(back.data).equals(Buffer.from(data))).toBe(true);
  });

  it('writes a valid header: signature, IHDR 8-bit RGBA, then IDAT and IEND', () => {
    const png = encodePng({ width: 2, height: 3, data: new Uint8Array(24) });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([2, 3, 8, 6]);
    expect(png.toString('ascii', png.length - 8, png.length - 4)).toBe('IEND');
  });

  it('refuses data of the wrong length and detects a damaged file', () => {
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8Array(3) })).toThrow(/expected 16 bytes/);
    const png = encodePng({ width: 2, height: 2, data: new Uint8Array(16) });
    png[20] = png[20]! ^ 1;
    expect(() => decodePng(png)).toThrow(/bad CRC in IHDR/);
  });
});

describe('resources/ icons', () => {
  it('tray icons are the generated ones, 16 px and @2x 32 px', () => {
    for (const file of trayIconFiles()) {
      const onDisk = decodePng(committed(file.path));
      expect(pixelsEqual(onDisk, decodePng(file.bytes)), `resources/${file.path} differs from the script: ${REGENERATE}`).toBe(true);
      expect(onDisk.width).toBe(file.path.includes('@2x') ? 32 : 16);
    }
    expect(trayIconFiles().map((f) => f.path)).toEqual(TRAY_LEVELS.flatMap((l) => [`tray-${l}.png`, `tray-${l}@2x.png`]));
  });

  it('tray icons carry their colour at the centre ring and are transparent in the corners', () => {
    for (const level of TRAY_LEVELS) {
      const img = decodePng(committed(`tray-${level}@2x.png`));
      const at = (x: number, y: number) => Array.from(img.data.subarray((y * 32 + x) * 4, (y * 32 + x) * 4 + 4));
      expect(at(0, 0)[3]).toBe(0);
      // A point on the disc away from the glyph: the level's colour, opaque.
      const hex = TRAY_COLOURS[level];
      expect(at(16, 3)).toEqual([parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), 255]);
    }
  });

  it('icon.png is the generated 512 px app icon', () => {
    const onDisk = decodePng(committed('icon.png'));
    expect(onDisk.width).toBe(512);
    expect(pixelsEqual(onDisk, appIcon(512)), `resources/icon.png differs from the script: ${REGENERATE}`).toBe(true);
  });

  it('icon.ico holds PNGs of 16–256 px (electron-builder wants at least 256)', () => {
    const images = readIco(committed('icon.ico'));
    expect(images.map((i) => i.size)).toEqual(ICO_SIZES);
    for (const { size, png } of images) {
      const img = decodePng(png);
      expect([img.width, img.height]).toEqual([size, size]);
    }
    expect(pixelsEqual(decodePng(images[0]!.png), appIcon(16))).toBe(true);
  });

  it('icon.icns holds every macOS size up to 1024 px, each PNG of the right size', () => {
    const records = readIcns(committed('icon.icns'));
    expect(records.map((r) => r.type)).toEqual(ICNS_TYPES.map((t) => t.type));
    for (const [i, r] of records.entries()) {
      const img = decodePng(r.png);
      expect([img.width, img.height], r.type).toEqual([ICNS_TYPES[i]!.size, ICNS_TYPES[i]!.size]);
    }
    // Drawn on Apple's grid: the outer 100/1024 is transparent.
    const big = decodePng(records.find((r) => r.type === 'ic10')!.png);
    expect(big.data[(512 * 1024 + 50) * 4 + 3]).toBe(0);
    expect(big.data[(512 * 1024 + 512) * 4 + 3]).toBe(255);
  });

  it('icons/ holds the Linux set, NxN.png each of its size', () => {
    for (const size of LINUX_SIZES) {
      const img = decodePng(committed(`icons/${size}x${size}.png`));
      expect([img.width, img.height]).toEqual([size, size]);
    }
    expect(pixelsEqual(decodePng(committed('icons/32x32.png')), appIcon(32))).toBe(true);
  });
});
