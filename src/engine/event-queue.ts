/**
 * The simulation's agenda: a binary min-heap of tasks ordered by `(time, seq)`.
 *
 * Heaps are not stable, so every task gets a growing sequence number and ties in time are
 * broken by it: two tasks scheduled for the same millisecond run in the order they were
 * scheduled. The heap is a plain array of plain objects, so it clones with the rest of the state.
 */

export interface Scheduled {
  time: number
  seq: number
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq)
}

export function heapPush<T extends Scheduled>(heap: T[], item: T): void {
  heap.push(item)
  let i = heap.length - 1
  while (i > 0) {
    const parent = (i - 1) >> 1
    const p = heap[parent] as T
    if (!before(item, p)) break
    heap[i] = p
    i = parent
  }
  heap[i] = item
}

export function heapPeek<T extends Scheduled>(heap: T[]): T | undefined {
  return heap[0]
}

export function heapPop<T extends Scheduled>(heap: T[]): T | undefined {
  const top = heap[0]
  const last = heap.pop()
  if (top === undefined || last === undefined || heap.length === 0) return top
  const n = heap.length
  let i = 0
  for (;;) {
    const l = 2 * i + 1
    if (l >= n) break
    const r = l + 1
    let child = l
    if (r < n && before(heap[r] as T, heap[l] as T)) child = r
    const c = heap[child] as T
    if (!before(c, last)) break
    heap[i] = c
    i = child
  }
  heap[i] = last
  return top
}
