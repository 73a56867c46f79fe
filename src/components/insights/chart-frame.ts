/**
 * The frame both insight charts draw in: the SVG size, the padding for the axes, a round top
 * of the scale (1, 2 or 5 times a power of ten, or 100 % for shares) and the y position of a
 * value. One place, so the bar and the line chart always share their scale and grid.
 */
export const WIDTH = 720;
export const HEIGHT = 220;
export const PAD = { top: 12, right: 12, bottom: 28, left: 44 } as const;
export const plotW = WIDTH - PAD.left - PAD.right;
export const plotH = HEIGHT - PAD.top - PAD.bottom;

export interface ChartScale {
  /** The value at the top of the plot. */
  top: number;
  /** The values the grid marks: 0, half and the top. */
  ticks: number[];
  /** The SVG y coordinate of a value. */
  y: (value: number) => number;
}

/** The scale for values up to `max` (at least 1); `percent` fixes it at 0–1. */
export function chartScale(max: number, percent = false): ChartScale {
  const highest = percent ? 1 : Math.max(1, max);
  const magnitude = 10 ** Math.floor(Math.log10(highest));
  const top = percent ? 1 : ([1, 2, 5, 10].map((step) => step * magnitude).find((value) => value >= highest) ?? highest);
  return { top, ticks: [0, top / 2, top], y: (value) => PAD.top + plotH - (value / top) * plotH };
}
