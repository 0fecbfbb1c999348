/**
 * Lesson progress, kept in the browser (localStorage): which steps of which lessons the learner has
 * completed. Storage can be missing or full (private windows, embedded frames): progress then lasts
 * for the page only, and nothing breaks.
 */
const KEY = 'kafka-sim:progress:v1'

export type Progress = Record<string, number[]>

export function loadProgress(storage: Storage | undefined = safeStorage()): Progress {
  try {
    const raw = storage?.getItem(KEY)
    if (!raw) return {}
    const data: unknown = JSON.parse(raw)
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return {}
    const out: Progress = {}
    for (const [id, steps] of Object.entries(data as Record<string, unknown>)) {
      if (Array.isArray(steps)) out[id] = steps.filter((n): n is number => Number.isInteger(n) && n >= 0)
    }
    return out
  } catch {
    return {}
  }
}

export function saveProgress(progress: Progress, storage: Storage | undefined = safeStorage()): void {
  try {
    storage?.setItem(KEY, JSON.stringify(progress))
  } catch {
    // full or forbidden: keep going without saving
  }
}

/** Adds completed steps of a lesson; returns the new progress (the same object if nothing changed). */
export function recordSteps(progress: Progress, lessonId: string, steps: number[]): Progress {
  const had = new Set(progress[lessonId] ?? [])
  if (steps.every((s) => had.has(s))) return progress
  for (const s of steps) had.add(s)
  return { ...progress, [lessonId]: [...had].sort((a, b) => a - b) }
}

function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage
  } catch {
    return undefined
  }
}
