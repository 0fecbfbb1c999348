/**
 * Sharing: copy a link that reproduces this run, export the scenario as JSON, import a scenario
 * file, and copy the `<iframe>` code for a course page. A disclosure in the top bar: the Share
 * button opens a small panel of actions; Escape or a click elsewhere closes it.
 */
import { useEffect, useId, useRef, useState } from 'react'
import type { ChangeEvent, KeyboardEvent, RefObject } from 'react'
import { parseScenario, ScenarioError } from '../../engine'
import type { Scenario, ScenarioIssue } from '../../engine'
import type { ControlsLevel } from '../../store/sim-store'
import type { LessonInput } from '../../worker/protocol'
import { useClient, useSim, useSimStore } from '../context'
import { formatSimTime } from '../format'
import { appBase, atStepStart, embedSnippet, RunLinkError, runQuery, scenarioFile, scenarioQuery } from './run-link'
import './share.css'

/** Larger files are refused before reading: a scenario is a few kilobytes. */
export const MAX_IMPORT_BYTES = 1_000_000

type Result =
  | { kind: 'busy'; text: string }
  | { kind: 'copied'; what: 'link' | 'embed'; text: string; detail: string }
  /** The clipboard was not available or refused: the text is shown to copy by hand. */
  | { kind: 'manual'; what: 'link' | 'embed'; text: string; detail: string }
  | { kind: 'exported'; fileName: string }
  | { kind: 'imported'; fileName: string; title: string }
  | { kind: 'refused'; fileName: string; reason: string; issues: ScenarioIssue[] }
  | { kind: 'error'; text: string }

async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator === 'undefined' || !navigator.clipboard?.writeText) return false
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    // Refused: no permission, the document is not focused, or an iframe without clipboard-write.
    return false
  }
}

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // The download has started from the URL by now; give it a moment before letting the data go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** ", replaying your 2 commands and 1 lesson action", or nothing. */
function inputsWords(inputs: readonly LessonInput[]): string {
  const commands = inputs.filter((i) => 'command' in i).length
  const actions = inputs.length - commands
  const parts = [...(commands > 0 ? [plural(commands, 'command')] : []), ...(actions > 0 ? [plural(actions, 'lesson action')] : [])]
  return parts.length > 0 ? `, replaying your ${parts.join(' and ')}` : ''
}

/** Reads a scenario file; a refusal lists every problem by the path of its field. */
export async function readScenarioFile(file: File): Promise<{ scenario: Scenario } | { reason: string; issues: ScenarioIssue[] }> {
  if (file.size > MAX_IMPORT_BYTES) {
    return { reason: `it is ${(file.size / 1_000_000).toFixed(1)} MB; a scenario file is at most 1 MB`, issues: [] }
  }
  let raw: unknown
  try {
    raw = JSON.parse(await file.text())
  } catch (e) {
    return { reason: `it is not valid JSON (${e instanceof Error ? e.message : String(e)})`, issues: [] }
  }
  try {
    return { scenario: parseScenario(raw) }
  } catch (e) {
    if (e instanceof ScenarioError) return { reason: `it is not a valid scenario (${plural(e.issues.length, 'problem')})`, issues: e.issues }
    throw e
  }
}

export function ShareMenu() {
  const store = useSimStore()
  const client = useClient()
  const id = useId()
  const [open, setOpen] = useState(false)
  const [result, setResult] = useState<Result | null>(null)
  const [controls, setControls] = useState<ControlsLevel>('full')
  const [autoplay, setAutoplay] = useState(true)
  const root = useRef<HTMLDivElement>(null)
  // A lesson being followed is linked as a lesson session: its step, the learner's inputs and the time.
  const inLesson = useSim((s) => s.lesson !== null)
  const toggle = useRef<HTMLButtonElement>(null)
  const firstAction = useRef<HTMLButtonElement>(null)
  const fileInput = useRef<HTMLInputElement>(null)
  const manualField = useRef<HTMLInputElement & HTMLTextAreaElement>(null)

  // A click outside the menu closes it.
  useEffect(() => {
    if (!open) return
    const onDown = (e: PointerEvent) => {
      if (root.current && e.target instanceof Node && !root.current.contains(e.target)) setOpen(false)
    }
    document.addEventListener('pointerdown', onDown)
    return () => document.removeEventListener('pointerdown', onDown)
  }, [open])

  useEffect(() => {
    if (open) firstAction.current?.focus()
  }, [open])

  // Text to copy by hand is selected at once, ready for Ctrl+C.
  useEffect(() => {
    if (result?.kind === 'manual') {
      manualField.current?.focus()
      manualField.current?.select()
    }
  }, [result])

  const close = () => {
    setOpen(false)
    toggle.current?.focus()
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation()
      close()
    }
  }

  const copy = async (what: 'link' | 'embed') => {
    const s = store.getState()
    const scenario = s.scenario
    if (!scenario) return
    setResult({ kind: 'busy', text: what === 'link' ? 'Making the link…' : 'Making the embed code…' })
    try {
      const session = await client.session()
      const base = appBase(window.location)
      let text: string
      let detail: string
      if (what === 'link') {
        const lesson = session.lesson
        // The worker's answer says whether a lesson is followed; the step reached is the panel's.
        const lessonStep = lesson ? (s.lesson?.step ?? lesson.startStep) : null
        text = `${base}?${await runQuery({ scenario, seed: session.seed, simTime: session.simTime, commands: session.commands, lessonStep, ...(lesson ? { lesson } : {}) })}`
        const lessonTitle = scenario.lesson?.title ?? scenario.title
        detail =
          lesson && lessonStep !== null
            ? atStepStart(lesson, session.simTime)
              ? `It opens the lesson "${lessonTitle}" at step ${lessonStep + 1}.`
              : `It opens the lesson "${lessonTitle}" at step ${lessonStep + 1} at ${formatSimTime(session.simTime)}, as you see it now${inputsWords(lesson.inputs)}.`
            : session.commands.length > 0
              ? `It replays your ${plural(session.commands.length, 'command')} and opens at ${formatSimTime(session.simTime)}, as you see it now.`
              : `It opens "${scenario.title}" in the sandbox, from the start.`
      } else {
        text = embedSnippet(base, await scenarioQuery(scenario, session.seed, s.lesson === null), scenario.title, { controls, autoplay })
        detail = `Paste it into a course page: "${scenario.title}" in an 800 × 500 frame.`
      }
      const copied = await copyText(text)
      setResult({ kind: copied ? 'copied' : 'manual', what, text, detail })
    } catch (e) {
      setResult({ kind: 'error', text: e instanceof RunLinkError ? `No link could be made: ${e.message}.` : `Something went wrong: ${e instanceof Error ? e.message : String(e)}` })
    }
  }

  const exportScenario = () => {
    const scenario = store.getState().scenario
    if (!scenario) return
    const fileName = `${scenario.id}.json`
    download(fileName, `${JSON.stringify(scenarioFile(scenario), null, 2)}\n`)
    setResult({ kind: 'exported', fileName })
  }

  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget
    const file = input.files?.[0]
    // Choosing the same file again must fire "change" again.
    input.value = ''
    if (!file) return
    setResult({ kind: 'busy', text: `Reading ${file.name}…` })
    const read = await readScenarioFile(file)
    if ('reason' in read) {
      setResult({ kind: 'refused', fileName: file.name, reason: read.reason, issues: read.issues })
      return
    }
    const { scenario } = read
    client.load(scenario, { playing: true, ...(scenario.lesson ? { lessonStep: 0 } : {}) })
    setResult({ kind: 'imported', fileName: file.name, title: scenario.title })
  }

  return (
    <div className="share-menu" ref={root} onKeyDown={onKeyDown}>
      <button
        ref={toggle}
        type="button"
        aria-expanded={open}
        aria-controls={open ? `${id}-panel` : undefined}
        onClick={() => {
          setResult(null)
          setOpen(!open)
        }}
      >
        Share
      </button>
      {open && (
        <div id={`${id}-panel`} className="share-panel" role="group" aria-label="Share">
          <ul className="share-actions">
            <li>
              <button ref={firstAction} type="button" aria-describedby={`${id}-link`} onClick={() => void copy('link')}>
                Copy link
              </button>
              <span id={`${id}-link`} className="muted">
                {inLesson ? 'A link to this lesson as you see it: the step, your commands and lesson actions, and the time.' : 'A link to this run: the same scenario, seed and your commands so far.'}
              </span>
            </li>
            <li>
              <button type="button" aria-describedby={`${id}-export`} onClick={exportScenario}>
                Export
              </button>
              <span id={`${id}-export`} className="muted">
                Download the scenario as a JSON file, as it starts.
              </span>
            </li>
            <li>
              <button type="button" aria-describedby={`${id}-import`} onClick={() => fileInput.current?.click()}>
                Import
              </button>
              <span id={`${id}-import`} className="muted">
                Open a scenario file (.json). An invalid file is refused and this run carries on.
              </span>
              <input ref={fileInput} type="file" accept=".json,application/json" className="visually-hidden" tabIndex={-1} aria-hidden="true" onChange={(e) => void importFile(e)} />
            </li>
            <li className="share-embed">
              <button type="button" aria-describedby={`${id}-embed`} onClick={() => void copy('embed')}>
                Copy embed code
              </button>
              <span id={`${id}-embed`} className="muted">
                An &lt;iframe&gt; for a course page.
              </span>
              <span className="share-embed-options">
                <label>
                  Controls{' '}
                  <select value={controls} onChange={(e) => setControls(e.target.value as ControlsLevel)}>
                    <option value="full">all</option>
                    <option value="basic">play and reset</option>
                    <option value="none">none (a picture)</option>
                  </select>
                </label>
                <label>
                  <input type="checkbox" checked={autoplay} onChange={(e) => setAutoplay(e.target.checked)} /> Start playing
                </label>
              </span>
            </li>
          </ul>
          {result && <ResultView result={result} field={manualField} />}
        </div>
      )}
    </div>
  )
}

function ResultView({ result, field }: { result: Result; field: RefObject<(HTMLInputElement & HTMLTextAreaElement) | null> }) {
  switch (result.kind) {
    case 'busy':
      return (
        <p className="share-result" role="status">
          {result.text}
        </p>
      )
    case 'copied':
      return (
        <div className="share-result ok" role="status">
          <p>
            <strong>{result.what === 'link' ? 'Link copied.' : 'Embed code copied.'}</strong> {result.detail}
          </p>
        </div>
      )
    case 'manual':
      return (
        <div className="share-result" role="status">
          <p>
            Copying is not allowed here: select the {result.what === 'link' ? 'link' : 'code'} below and copy it (Ctrl+C or ⌘C). {result.detail}
          </p>
          {result.what === 'link' ? (
            <input ref={field} className="share-text" type="text" readOnly value={result.text} aria-label="Link to this run" onFocus={(e) => e.currentTarget.select()} />
          ) : (
            <textarea ref={field} className="share-text" readOnly rows={4} value={result.text} aria-label="Embed code" onFocus={(e) => e.currentTarget.select()} />
          )}
        </div>
      )
    case 'exported':
      return (
        <p className="share-result ok" role="status">
          Downloaded {result.fileName}.
        </p>
      )
    case 'imported':
      return (
        <p className="share-result ok" role="status">
          Opened “{result.title}” from {result.fileName}.
        </p>
      )
    case 'refused':
      return (
        <div className="share-result refused" role="alert">
          <p>
            <strong>{result.fileName} was not loaded:</strong> {result.reason}. The simulation carries on unchanged.
          </p>
          {result.issues.length > 0 && (
            <ul className="share-issues" aria-label="Problems in the file">
              {result.issues.map((issue, i) => (
                <li key={i}>
                  {issue.path ? <code>{issue.path}</code> : <span>(the file)</span>}: {issue.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )
    case 'error':
      return (
        <p className="share-result refused" role="alert">
          {result.text}
        </p>
      )
  }
}
