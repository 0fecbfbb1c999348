/** Speeds on the slider, 0.1x to 20x, on a log scale so slow motion gets as much travel as fast. */
export const SPEED_STEPS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20]

/** Index of the step nearest to `speed`. */
export function speedIndex(speed: number): number {
  return SPEED_STEPS.reduce((best, v, i) => (Math.abs(v - speed) < Math.abs((SPEED_STEPS[best] as number) - speed) ? i : best), 0)
}

/** The next speed up (+1) or down (-1), within the range. */
export function nextSpeed(speed: number, direction: 1 | -1): number {
  const i = Math.min(SPEED_STEPS.length - 1, Math.max(0, speedIndex(speed) + direction))
  return SPEED_STEPS[i] as number
}
