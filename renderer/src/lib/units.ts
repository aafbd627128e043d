// Numbers with units: durations, epochs, bytes, percentages.
import { EPOCH_SECONDS } from '../../../shared/asleep/model';

/** 5400 -> "1:30" (hours:minutes; minutes rounded down). */
export function formatHoursMinutes(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds / 60));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** 120 epochs -> "1:00 h". */
export function formatEpochHours(epochs: number): string {
  return `${formatHoursMinutes(epochs * EPOCH_SECONDS)} h`;
}

/** A duration in seconds, readable: "45 s", "12 min", "7 h 05 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (Math.abs(s) < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

const grouped = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return grouped.format(n);
}

/** 1234 -> "1,234 bytes (1.2 KiB)". */
export function formatBytes(n: number): string {
  const exact = `${grouped.format(n)} ${n === 1 ? 'byte' : 'bytes'}`;
  if (n < 1024) return exact;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${exact} (${v.toFixed(1)} ${units[i]})`;
}

/** 0.8824 -> "88.2 %". */
export function formatRatio(r: number, digits = 1): string {
  return `${(r * 100).toFixed(digits)} %`;
}
