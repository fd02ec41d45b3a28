import { flatAscii } from "./random.js";

/** Time helpers: Graph prints UTC with a "Z"; sign-ins to the second, audit events to the millisecond. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
let cachedDay = Number.NaN;
let cachedDayPrefix = "";

/** "2026-11-27T06:00:00Z". Hot (once per sign-in), so the date part is cached per day. */
export function isoSeconds(ms: number): string {
  const day = Math.floor(ms / DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayPrefix = new Date(day * DAY).toISOString().slice(0, 11);
  }
  let seconds = Math.floor((ms - day * DAY) / 1000);
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  return flatAscii(`${cachedDayPrefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}Z`);
}

/** "2026-11-27T06:00:00.123Z" */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** Midnight UTC of the day containing ms. */
export function utcDayStart(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** 0 = Sunday ... 6 = Saturday. */
export function utcWeekday(ms: number): number {
  return new Date(ms).getUTCDay();
}

/** Great-circle distance in km. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}
