import type { SignInSummary } from "../../report/types.js";

export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 200;
const LEFT = 44;
const RIGHT = 8;
const TOP = 10;
const BOTTOM = 30;
/** At most this many day labels under the axis; the rest would overlap. */
const MAX_LABELS = 12;

export interface ChartBarView {
  day: string;
  x: string;
  width: string;
  successY: string;
  successHeight: string;
  failureY: string;
  failureHeight: string;
  successes: number;
  failures: number;
  label: string | null;
  labelX: string;
}

export interface ChartTickView {
  y: string;
  value: number;
}

export interface ChartView {
  width: number;
  height: number;
  plotLeft: number;
  plotRight: number;
  plotTop: number;
  plotBottom: number;
  labelY: number;
  bars: ChartBarView[];
  ticks: ChartTickView[];
}

function niceMax(value: number): number {
  if (value <= 5) return 5;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

/** Stacked bars per UTC day: successes below, failures on top. Only numbers; markup is in the template. */
export function buildChartView(byDay: SignInSummary["byDay"]): ChartView | null {
  if (byDay.length === 0) return null;
  const plotWidth = CHART_WIDTH - LEFT - RIGHT;
  const plotHeight = CHART_HEIGHT - TOP - BOTTOM;
  const maxPerDay = Math.max(0, ...byDay.map((d) => d.successes + d.failures));
  const top = niceMax(maxPerDay);
  const slot = plotWidth / byDay.length;
  const barWidth = Math.max(1, slot * 0.8);
  const labelEvery = Math.ceil(byDay.length / MAX_LABELS);
  const heightOf = (value: number) => (plotHeight * value) / top;
  const bottom = TOP + plotHeight;
  return {
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    plotLeft: LEFT,
    plotRight: CHART_WIDTH - RIGHT,
    plotTop: TOP,
    plotBottom: bottom,
    labelY: bottom + 16,
    ticks: [0, top / 2, top].filter(Number.isInteger).map((value) => ({ y: (bottom - heightOf(value)).toFixed(1), value })),
    bars: byDay.map((day, i) => {
      const x = LEFT + i * slot + (slot - barWidth) / 2;
      const successHeight = heightOf(day.successes);
      const failureHeight = heightOf(day.failures);
      return {
        day: day.day,
        x: x.toFixed(1),
        width: barWidth.toFixed(1),
        successY: (bottom - successHeight).toFixed(1),
        successHeight: successHeight.toFixed(1),
        failureY: (bottom - successHeight - failureHeight).toFixed(1),
        failureHeight: failureHeight.toFixed(1),
        successes: day.successes,
        failures: day.failures,
        label: i % labelEvery === 0 ? day.day.slice(5) : null,
        labelX: (x + barWidth / 2).toFixed(1),
      };
    }),
  };
}
