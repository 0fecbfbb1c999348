import { useSim } from './context'

/**
 * Every setting the simulation runs with that differs from Kafka's defaults, folded under one
 * line: lessons shorten timings and sizes so that nothing takes minutes, and say so.
 */
export function TeachingNotesBar() {
  const notes = useSim((s) => s.view?.teachingNotes)
  if (!notes || notes.length === 0) return null
  return (
    <section className="intro" aria-label="Settings changed for teaching">
      <TeachingNotes notes={notes} />
    </section>
  )
}

export function TeachingNotes({ notes }: { notes: string[] }) {
  if (notes.length === 0) return null
  return (
    <details className="teaching-notes">
      <summary>Settings changed for teaching ({notes.length})</summary>
      <p className="muted">These differ from Kafka&apos;s defaults so that things happen within seconds; a real cluster runs with the defaults.</p>
      <ul>
        {notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </details>
  )
}
