import type { SignInPoint } from "../../report/types.js";
import { INLAND_SEAS, LAND } from "./world-outline.js";

/** Equirectangular, cropped to the inhabited latitudes; 2 units per degree. */
const SCALE = 2;
const NORTH = 84;
const SOUTH = -60;
export const MAP_WIDTH = 360 * SCALE;
export const MAP_HEIGHT = (NORTH - SOUTH) * SCALE;

const MIN_RADIUS = 3;
const MAX_RADIUS = 14;
/** A flagged location must stay visible even when it saw a single sign-in. */
const MIN_FLAGGED_RADIUS = 5;

export interface MapPointView {
  x: string;
  y: string;
  r: string;
  flagged: boolean;
  label: string;
  count: number;
  failures: number;
}

export interface MapView {
  width: number;
  height: number;
  landPath: string;
  seaPath: string;
  points: MapPointView[];
}

export function project(longitude: number, latitude: number): { x: number; y: number } {
  const lon = Math.min(180, Math.max(-180, longitude));
  const lat = Math.min(NORTH, Math.max(SOUTH, latitude));
  return { x: (lon + 180) * SCALE, y: (NORTH - lat) * SCALE };
}

function ringsToPath(rings: typeof LAND): string {
  return rings
    .map((ring) =>
      ring
        .map(([lon, lat], i) => {
          const { x, y } = project(lon, lat);
          return `${i === 0 ? "M" : "L"}${x.toFixed(1)} ${y.toFixed(1)}`;
        })
        .join("") + "Z",
    )
    .join("");
}

const LAND_PATH = ringsToPath(LAND);
const SEA_PATH = ringsToPath(INLAND_SEAS);

function placeLabel(point: SignInPoint): string {
  const place = [point.city, point.country].filter((part) => part && part.length > 0).join(", ");
  return place || `${point.latitude.toFixed(2)}, ${point.longitude.toFixed(2)}`;
}

/**
 * Circle area grows with the sign-in count (radius with its square root), so one burst of 400
 * failures does not hide the single success from elsewhere. Flagged points are drawn last, on top.
 */
export function buildMapView(points: readonly SignInPoint[]): MapView | null {
  const located = points.filter((p) => Number.isFinite(p.latitude) && Number.isFinite(p.longitude));
  if (located.length === 0) return null;
  const maxCount = Math.max(1, ...located.map((p) => p.count));
  const ordered = [...located].sort((a, b) => Number(a.flagged) - Number(b.flagged) || b.count - a.count);
  return {
    width: MAP_WIDTH,
    height: MAP_HEIGHT,
    landPath: LAND_PATH,
    seaPath: SEA_PATH,
    points: ordered.map((point) => {
      const { x, y } = project(point.longitude, point.latitude);
      const scaled = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(Math.max(0, point.count) / maxCount);
      const r = point.flagged ? Math.max(MIN_FLAGGED_RADIUS, scaled) : scaled;
      return {
        x: x.toFixed(1),
        y: y.toFixed(1),
        r: r.toFixed(1),
        flagged: point.flagged,
        label: placeLabel(point),
        count: point.count,
        failures: point.failures,
      };
    }),
  };
}
